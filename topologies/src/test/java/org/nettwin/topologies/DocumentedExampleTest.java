package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/** The full example of docs/topology-format.md, loaded and checked value by value. */
class DocumentedExampleTest {
    static Path example(String name) throws URISyntaxException {
        return Path.of(DocumentedExampleTest.class.getResource("/examples/" + name).toURI());
    }

    /** The first ```yaml block of a Markdown file. */
    static String firstYamlBlock(Path markdown) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int start = text.indexOf("```yaml\n") + "```yaml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Test @DisplayName("docs/topology-format.md shows exactly the tested example")
    void docShowsTheTestedExample() throws Exception {
        Path doc = Path.of("..", "docs", "topology-format.md");
        assertEquals(Files.readString(example("lab.topo.yml"), StandardCharsets.UTF_8), firstYamlBlock(doc));
    }

    @Test void exampleLoadsWithEveryValue() throws Exception {
        TopologySpec t = TopologyLoader.load(example("lab.topo.yml"));
        assertEquals("lab", t.name());
        assertEquals(List.of("h1", "h2", "r1", "sw1"), List.copyOf(t.nodes().keySet()));

        NodeSpec h2 = t.nodes().get("h2");
        InterfaceSpec h2eth0 = h2.interfaces().get(0);
        assertEquals(Mac.parse("02:00:00:00:02:02"), h2eth0.mac());
        assertEquals(1400, h2eth0.mtu());
        assertEquals(new RouteSpec(Prefix4.parse("10.0.1.0/24"), Ip4.parse("10.0.2.1"), null, 10, h2.routes().get(0).pos()),
                h2.routes().get(0));

        NodeSpec r1 = t.nodes().get("r1");
        assertTrue(r1.forwarding());
        assertEquals(List.of(IfAddr.parse("10.0.2.1/24"), IfAddr.parse("10.0.2.254/24")), r1.iface("eth1").orElseThrow().addresses());
        assertEquals("eth1", r1.routes().get(0).dev());
        assertNull(r1.routes().get(0).via());
        assertNotNull(r1.keepalivedConf());
        assertEquals(example("r1-keepalived.conf"), r1.keepalivedConf());

        assertEquals(List.of("p1", "p2"), t.nodes().get("sw1").interfaceNames());

        assertEquals(List.of("h1:eth0--r1:eth0", "core", "sw1:p2--h2:eth0"), t.linkNames());
        LinkSpec core = t.link("core").orElseThrow();
        assertEquals(core, t.link("sw1:p1").orElseThrow(), "a link is found by either endpoint too");
        assertEquals(new ImpairmentSpec(1_000_000, 200_000, 0.05, null, 100_000_000, 200, 1500), core.aToB());
        assertEquals(new ImpairmentSpec(20_000_000, 200_000, 0.01, new BurstLossSpec(0.01, 0.30, 0, 1), 100_000_000, 200, 1500),
                core.bToA());
        assertEquals(1400, t.links().get(2).aToB().mtu());
        assertEquals(10_000_000, t.links().get(0).bToA().delayNs());

        assertEquals(1, t.warnings().size());
        assertEquals("interface r1:eth2 has no link", t.warnings().get(0).message());
        assertEquals(22, t.warnings().get(0).pos().line());
    }

    @Test void exampleGraphIsConnected() throws Exception {
        TopologyGraph g = TopologyGraph.of(TopologyLoader.load(example("lab.topo.yml")));
        assertTrue(g.isConnected());
        assertEquals(List.of("h1", "sw1"), List.copyOf(g.neighbours("r1")));
    }
}
