package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;

class TopologyGraphTest {
    @TempDir Path dir;

    /** Two routers joined by two parallel links, a host on r1, and an island of two hosts on a switch. */
    private TopologySpec topology() throws ConfigError {
        return new TopologyFiles(dir).load("""
                nodes:
                  r1: { kind: router, interfaces: { a: { address: 10.0.0.1/30 }, b: { address: 10.0.0.5/30 }, c: { address: 10.1.0.1/24 } } }
                  r2: { kind: router, interfaces: { a: { address: 10.0.0.2/30 }, b: { address: 10.0.0.6/30 } } }
                  h1: { kind: host, interfaces: { eth0: { address: 10.1.0.2/24 } } }
                  h8: { kind: host, interfaces: { eth0: { address: 192.168.8.1/24 } } }
                  h9: { kind: host, interfaces: { eth0: { address: 192.168.8.2/24 } } }
                  sw: { kind: switch }
                links:
                  - endpoints: ["r1:a", "r2:a"]
                  - endpoints: ["r1:b", "r2:b"]
                  - endpoints: ["r1:c", "h1:eth0"]
                  - endpoints: ["h8:eth0", "sw:p1"]
                  - endpoints: ["h9:eth0", "sw:p2"]
                """);
    }

    @Test void parallelLinksAreKeptAsSeparateEdges() throws ConfigError {
        TopologyGraph g = TopologyGraph.of(topology());
        assertEquals(2, g.graph().getAllEdges("r1", "r2").size());
        assertEquals(5, g.graph().edgeSet().size());
    }

    @Test void componentsInFileOrder() throws ConfigError {
        TopologyGraph g = TopologyGraph.of(topology());
        assertEquals(List.of(Set.of("r1", "r2", "h1"), Set.of("h8", "h9", "sw")), g.connectedComponents());
        assertEquals(List.of("r1", "r2", "h1"), List.copyOf(g.connectedComponents().get(0)));
        assertFalse(g.isConnected());
        assertEquals(List.of("h8", "h9", "sw"), List.copyOf(g.unreachableFrom("h1")));
    }

    @Test void neighboursCountParallelLinksOnce() throws ConfigError {
        TopologyGraph g = TopologyGraph.of(topology());
        assertEquals(List.of("r2", "h1"), List.copyOf(g.neighbours("r1")));
        assertEquals(List.of("h8", "h9"), List.copyOf(g.neighbours("sw")));
        assertEquals(3, g.linksOf("r1").size());
    }

    @Test void unknownNodeIsRejected() throws ConfigError {
        TopologyGraph g = TopologyGraph.of(topology());
        assertThrows(IllegalArgumentException.class, () -> g.neighbours("r9"));
    }

    @Test void graphIsReadOnly() throws ConfigError {
        TopologyGraph g = TopologyGraph.of(topology());
        assertThrows(UnsupportedOperationException.class, () -> g.graph().addVertex("x"));
        assertTrue(g.graph().containsVertex("sw"));
    }
}
