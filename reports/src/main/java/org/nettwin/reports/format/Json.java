package org.nettwin.reports.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.reports.model.RunInfo;

/**
 * The one JSON mapper of the reports: pretty, "\n" line ends on every platform (files must be byte-identical
 * wherever they are written) and map keys sorted. run.json is {@link RunInfo} as Jackson writes records.
 */
public final class Json {
    public static final String RUN_INFO_FILE = "run.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writer(PRETTY).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) throws IOException, ConfigError {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new ConfigError(file.toString(), loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "not valid JSON: " + e.getOriginalMessage(), "");
        }
    }

    public static RunInfo readRunInfo(Path file) throws IOException, ConfigError {
        try {
            return MAPPER.treeToValue(read(file), RunInfo.class);
        } catch (JsonProcessingException e) {
            throw new ConfigError(file.toString(), 0, 0, "not a run.json: " + e.getOriginalMessage(), "it is written by the report writer; rebuild it from the run");
        }
    }
}
