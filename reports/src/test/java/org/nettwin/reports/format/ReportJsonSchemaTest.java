package org.nettwin.reports.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.reports.ReportWriter;
import org.nettwin.reports.SampleRuns;
import org.nettwin.reports.metrics.RunMetrics;

class ReportJsonSchemaTest {
    private static final JsonSchemaValidator VALIDATOR = ReportWriter.schemaValidator();

    private static ObjectNode report() {
        return ReportJson.build(RunMetrics.of(SampleRuns.seed000Demo()), List.of(), List.of("pcap/lan2.pcap"));
    }

    @Test @DisplayName("a produced report.json validates against report.schema.json")
    void producedReportValidates() {
        ObjectNode json = report();
        assertEquals(List.of(), VALIDATOR.validate(json));
        assertEquals(2, json.path("summary").path("probesLost").asInt());
        assertEquals(4, json.path("predictions").size());
    }

    @Test @DisplayName("the validator rejects a wrong type, a missing property, an extra property and a bad enum value")
    void validatorCanFail() {
        ObjectNode wrongType = report();
        ((ObjectNode) wrongType.path("run")).put("durationNs", "60s");
        assertEquals(List.of("/run: expected type \"integer\" but found string"), VALIDATOR.validate(wrongType).stream().map(s -> s.replace("/durationNs", "")).toList());
        ObjectNode missing = report();
        ((ObjectNode) missing.path("probes").get(0)).remove("lost");
        assertEquals(List.of("/probes/0: required property 'lost' is missing"), VALIDATOR.validate(missing));
        ObjectNode extra = report();
        extra.put("surprise", 1);
        assertEquals(List.of("/: property 'surprise' is not allowed"), VALIDATOR.validate(extra));
        ObjectNode badEnum = report();
        ((ObjectNode) badEnum.path("drops").get(0)).put("reason", "GREMLINS");
        assertTrue(VALIDATOR.validate(badEnum).get(0).startsWith("/drops/0/reason: value \"GREMLINS\" is not one of"));
        ObjectNode negative = report();
        ((ObjectNode) negative.path("summary")).put("splitBrainNs", -1);
        assertEquals(List.of("/summary/splitBrainNs: value -1 is below the minimum 0"), VALIDATOR.validate(negative));
    }

    @Test @DisplayName("a schema keyword outside the supported subset is refused, not skipped")
    void unsupportedKeyword() throws Exception {
        JsonNode schema = Json.mapper().readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"pattern\":\"x+\"}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JsonSchemaValidator(schema));
        assertTrue(e.getMessage().contains("'pattern'"), e.getMessage());
    }

    @Test @DisplayName("the schema lists exactly the DropReasons the trace model has")
    void dropReasonsInSync() throws Exception {
        JsonNode schema = Json.mapper().readTree(ReportWriter.class.getResourceAsStream(ReportJson.SCHEMA_RESOURCE));
        List<String> inSchema = StreamSupport.stream(schema.at("/$defs/dropReason/enum").spliterator(), false).map(JsonNode::asText).toList();
        assertEquals(Arrays.stream(DropReason.values()).map(Enum::name).toList(), inSchema);
    }
}
