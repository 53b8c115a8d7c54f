package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.Prefix4;

/** The top-level `clouds:` section (docs/topology-format.md, "Clouds and carrier APIs"): values and errors. */
class CloudsSectionTest {
    /** Seed 000's Gate Peers and seed 002's sub, enough for every reference a cloud makes. */
    static final String NODES = """
            nodes:
              gp1: { kind: router, interfaces: { eth0: { address: 10.0.0.96/24 } } }
              gp2: { kind: router, interfaces: { eth0: { address: 10.0.0.101/24 } } }
              sub: { kind: router, interfaces: { ppp0: { address: 10.128.0.10/32 } } }
              pgw: { kind: router, interfaces: { ppp0: { address: 10.128.0.1/32 } } }
              vpc: { kind: switch }
            links:
              - { endpoints: ["gp1:eth0", "vpc:p1"] }
              - { endpoints: ["gp2:eth0", "vpc:p2"] }
              - { endpoints: ["sub:ppp0", "pgw:ppp0"], name: lte }
            """;
    /** The line of NODES' last line + 1: where a test's `clouds:` starts. */
    static final int CLOUDS_LINE = (int) NODES.lines().count() + 1;

    @TempDir Path dir;
    TopologyFiles files;

    @BeforeEach void setUp() {
        files = new TopologyFiles(dir);
    }

    /** The yaml block of the section "Clouds and carrier APIs" of docs/topology-format.md. */
    static String documentedSection() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "topology-format.md"), StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Clouds and carrier APIs"));
        int start = section.indexOf("```yaml\n") + "```yaml\n".length();
        return section.substring(start, section.indexOf("```", start));
    }

    @Test @DisplayName("the example of docs/topology-format.md: an AWS cloud with a route table and instances, a SORACOM cloud with a SIM")
    void documentedExample() throws Exception {
        TopologySpec t = files.load(NODES + documentedSection());
        assertEquals(List.of("aws", "soracom"), List.copyOf(t.clouds().keySet()));
        CloudSpec.Aws aws = (CloudSpec.Aws) t.clouds().get("aws");
        assertEquals(800_000_000L, aws.apiLatencyNs());
        assertEquals(Map.of("gp1", "i-0a1b2c3d4e5f60001", "gp2", "i-0a1b2c3d4e5f60002"), aws.instanceIds());
        CloudSpec.Route route = aws.routeTables().get("rtb-212ba845").get(0);
        assertEquals(Prefix4.parse("172.16.0.0/16"), route.destination());
        assertEquals("gp1", route.instance());
        assertEquals(List.of(CLOUDS_LINE + 1, 3), List.of(aws.pos().line(), aws.pos().column()), "the cloud's key");
        CloudSpec.Soracom soracom = (CloudSpec.Soracom) t.clouds().get("soracom");
        assertEquals(300_000_000L, soracom.apiLatencyNs());
        CloudSpec.Sim sim = soracom.sims().get("440101234567890");
        assertEquals(List.of("440101234567890", "lte", "sub"), List.of(sim.imsi(), sim.link(), sim.node()));
    }

    @Test @DisplayName("api-latency defaults to 1 s (protocol-facts §8.0 item 5: seconds, a parameter)")
    void defaultLatency() throws Exception {
        TopologySpec t = files.load(NODES + "clouds: { aws: { kind: aws } }\n");
        assertEquals(1_000_000_000L, t.clouds().get("aws").apiLatencyNs());
    }

    @Test void noCloudsSection() throws Exception {
        assertTrue(files.load(NODES).clouds().isEmpty());
    }

    /**
     * Each case: the `clouds:` line after NODES, the text the error must point at (its first occurrence in
     * that line), and a part of the message.
     */
    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiterString = "~", value = {
            "clouds: { az: { kind: azure } } ~ azure } ~ unknown cloud kind 'azure' (allowed: aws, soracom, gcp)",
            "clouds: { g: { kind: gcp, networks: { default: { router: vpc } } } } ~ vpc ~ 'vpc' is a switch",
            "clouds: { g: { kind: gcp, networks: { default: { router: gp1 } }, region: Tokyo } } ~ Tokyo ~ 'Tokyo' is not a GCP region",
            "clouds: { g: { kind: gcp, networks: { default: { router: gp1 } }, sims: {} } } ~ sims ~ unknown key 'sims' in cloud 'g'",
            "clouds: { aws: { kind: aws, sims: {} } } ~ sims ~ unknown key 'sims' in cloud 'aws'",
            "clouds: { gp1: { kind: aws } } ~ gp1 ~ cloud 'gp1' has the name of a node",
            "clouds: { lte: { kind: soracom } } ~ lte ~ cloud 'lte' has the name of a link",
            "clouds: { aws: { kind: aws, api-latency: 5 } } ~ 5 ~ duration '5' needs a unit",
            "clouds: { aws: { kind: aws, instances: { gp3: i-0a1b2c3d4e5f60001 } } } ~ gp3 ~ no node named 'gp3'",
            "clouds: { aws: { kind: aws, instances: { vpc: i-0a1b2c3d4e5f60001 } } } ~ vpc ~ 'vpc' is a switch",
            "clouds: { aws: { kind: aws, instances: { gp1: i-12345 } } } ~ i-12345 ~ 'i-12345' is not an EC2 instance id",
            "clouds: { aws: { kind: aws, instances: { gp1: i-0a1b2c3d, gp2: i-0a1b2c3d } } } ~ i-0a1b2c3d } ~ instance id i-0a1b2c3d is given twice",
            "clouds: { aws: { kind: aws, route-tables: { rtb-1: [] } } } ~ rtb-1 ~ 'rtb-1' is not an EC2 route table id",
            "clouds: { aws: { kind: aws, route-tables: { rtb-212ba845: [ { destination: 172.16.0.0/16, instance: gp1 } ] } } } ~ gp1 ~ route target 'gp1' is not an instance of cloud 'aws'",
            "clouds: { aws: { kind: aws, route-tables: { rtb-212ba845: [ { destination: 172.16.0.1/16, instance: gp1 } ] } } } ~ 172. ~ host bits set",
            "clouds: { aws: { kind: aws, route-tables: { rtb-212ba845: [ { destination: 172.16.0.1, instance: gp1 } ] } } } ~ 172. ~ is not in CIDR notation",
            "clouds: { aws: { kind: aws, route-tables: { rtb-212ba845: [ { destination: 172.16.0.0/33, instance: gp1 } ] } } } ~ 172. ~ prefix length",
            "clouds: { a1: { kind: aws, instances: { gp1: i-0a1b2c3d } }, a2: { kind: aws, instances: { gp1: i-0a1b2c3e } } } ~ gp1: i-0a1b2c3e ~ node 'gp1' is in two aws clouds, 'a1' and 'a2'",
            "clouds: { s: { kind: soracom, sims: { \"44010123\": { link: lte, node: sub } } } } ~ \"44010123\" ~ is not an IMSI",
            "clouds: { s: { kind: soracom, sims: { \"440101234567890\": { link: ltee, node: sub } } } } ~ ltee ~ no link named 'ltee' (did you mean 'lte'?",
            "clouds: { s: { kind: soracom, sims: { \"440101234567890\": { link: lte, node: gp1 } } } } ~ lte, ~ link 'lte' (sub:ppp0 - pgw:ppp0) does not end at node 'gp1'",
            "clouds: { s: { kind: soracom, sims: { \"440101234567890\": { link: lte, node: subb } } } } ~ subb ~ no node named 'subb' (did you mean 'sub'?",
    })
    void errors(String clouds, String pointsAt, String problem) {
        ConfigError e = files.error(NODES + clouds + "\n", CLOUDS_LINE);
        assertEquals(clouds.indexOf(pointsAt) + 1, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test @DisplayName("an IMSI is unique across clouds; the second place points back at the first")
    void imsiTwice() {
        ConfigError e = files.error(NODES + """
                clouds:
                  s1: { kind: soracom, sims: { "440101234567890": { link: lte, node: sub } } }
                  s2: { kind: soracom, sims: { "440101234567890": { link: lte, node: sub } } }
                """, CLOUDS_LINE + 2);
        assertTrue(e.getMessage().contains("IMSI 440101234567890 is given twice (the other is at line " + (CLOUDS_LINE + 1) + ")"), e.getMessage());
    }
}
