package org.nettwin.scenarios.spec;

import org.nettwin.protocols.app.PingStyle;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.spec.ScenarioAction.LinkAdmin;
import org.nettwin.scenarios.spec.ScenarioAction.LinkCut;
import org.nettwin.scenarios.spec.ScenarioAction.LinkHeal;
import org.nettwin.scenarios.spec.ScenarioAction.LinkImpair;
import org.nettwin.scenarios.spec.ScenarioAction.NodeCommand;
import org.nettwin.topologies.ImpairmentPatch;

/** The full example of docs/scenario-format.md, loaded and checked value by value. */
class DocumentedExampleTest {
    static Path example(String name) throws URISyntaxException {
        return Path.of(DocumentedExampleTest.class.getResource("/examples/" + name).toURI());
    }

    static List<String> yamlBlocks(Path markdown) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        for (int at = text.indexOf("```yaml\n"); at >= 0; at = text.indexOf("```yaml\n", at)) {
            int start = at + "```yaml\n".length();
            int end = text.indexOf("```", start);
            blocks.add(text.substring(start, end));
            at = end + 3;
        }
        return blocks;
    }

    @Test @DisplayName("docs/scenario-format.md shows exactly the tested example scenario and topology")
    void docShowsTheTestedExample() throws Exception {
        List<String> blocks = yamlBlocks(Path.of("..", "docs", "scenario-format.md"));
        assertEquals(Files.readString(example("ping-across-router.scenario.yml"), StandardCharsets.UTF_8), blocks.get(0));
        assertEquals(Files.readString(example("two-hosts.topo.yml"), StandardCharsets.UTF_8), blocks.get(1));
    }

    @Test @DisplayName("docs/scenario-format.md's fuller example (faults, a UDP flow, state expectations) is the tested lang/lan-faults.scenario.yml")
    void docShowsTheTestedFullerExample() throws Exception {
        List<String> blocks = yamlBlocks(Path.of("..", "docs", "scenario-format.md"));
        Path file = Path.of(DocumentedExampleTest.class.getResource("/lang/lan-faults.scenario.yml").toURI());
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), blocks.get(2));
        ScenarioSpec s = ScenarioLoader.load(file);
        assertEquals(7, s.events().size());
        assertEquals(6, s.expectations().size());
    }

    @Test void exampleLoadsWithEveryValue() throws Exception {
        ScenarioSpec s = ScenarioLoader.load(example("ping-across-router.scenario.yml"));
        assertEquals("ping-across-router", s.name());
        assertEquals("two-hosts", s.topology().name());
        assertEquals(42, s.seed());
        assertEquals(30_000_000_000L, s.durationNs());
        assertEquals(CaptureSpec.ALL, s.capture());

        PingSpec p1 = (PingSpec) s.probe("p1").orElseThrow();
        assertEquals(new PingSpec("p1", "h1", Ip4.parse("10.0.2.2"), 1_000_000_000L, 1_000_000_000L, 20, 56,
                2_000_000_000L, "eth0", PingStyle.BSD, p1.pos()), p1);
        assertEquals(7, p1.pos().line());
        PingSpec p2 = (PingSpec) s.probes().get(1);
        assertEquals("ping-2", p2.name());
        assertEquals(2_000_000_000L, p2.timeoutNs());

        List<ScenarioAction> actions = s.events().stream().map(EventSpec::action).toList();
        assertEquals(List.of(
                new LinkAdmin("uplink", false),
                new LinkAdmin("uplink", true),
                new LinkCut("uplink", "r1"),
                new LinkHeal("uplink", null),
                new LinkImpair("uplink", null, new ImpairmentPatch(50_000_000L, null, 0.30, null, null, null, null)),
                new NodeCommand("r1", "systemctl stop keepalived")), actions);
        assertEquals(List.of(5L, 8L, 10L, 12L, 14L, 20L),
                s.events().stream().map(e -> e.atNs() / 1_000_000_000L).toList());

        assertEquals(List.of(new ExpectSpec.LostAtMost("p1", 3, s.expectations().get(0).pos()),
                new ExpectSpec.RepliesAtLeast("p1", 10, s.expectations().get(1).pos())), s.expectations());
        assertEquals(17, s.expectations().get(0).pos().line());
    }
}
