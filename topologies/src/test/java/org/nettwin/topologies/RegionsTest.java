package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;

/** `region:` on nodes (docs/topology-format.md, Nodes): the failure domain a scenario's region-outage takes down. */
class RegionsTest {
    @TempDir java.nio.file.Path dir;

    @Test void regionsListTheirNodesInFileOrder() throws Exception {
        TopologySpec t = new TopologyFiles(dir).load("""
                nodes:
                  a1: { kind: router, region: tokyo, interfaces: { eth0: } }
                  b1: { kind: router, region: osaka }
                  sw: { kind: switch, region: tokyo }
                  a2: { kind: host, region: tokyo }
                  x:  { kind: host }
                links:
                  - endpoints: ["a1:eth0", "sw:p1"]
                """);
        assertEquals(Map.of("tokyo", List.of("a1", "sw", "a2"), "osaka", List.of("b1")), t.regions());
        assertEquals(List.of("tokyo", "osaka"), List.copyOf(t.regions().keySet()), "in file order");
        assertEquals("tokyo", t.nodes().get("sw").region(), "a switch keeps its region when its links add ports");
        assertNull(t.nodes().get("x").region());
    }

    @Test void aRegionIsAName() {
        ConfigError e = new TopologyFiles(dir).error("nodes:\n  a: { kind: host, region: \"eu west\" }\n", 2);
        assertTrue(e.problem().contains("eu west"), e.problem());
    }

    @Test void misspeltRegionKeyGetsADidYouMean() {
        ConfigError e = new TopologyFiles(dir).error("nodes:\n  a: { kind: host, regoin: eu }\n", 2);
        assertTrue(e.hint().contains("region"), e.hint());
    }
}
