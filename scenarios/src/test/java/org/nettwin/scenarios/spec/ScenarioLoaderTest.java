package org.nettwin.scenarios.spec;

import org.nettwin.protocols.app.PingStyle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.spec.ScenarioAction.LinkCut;
import org.nettwin.scenarios.spec.ScenarioAction.NodeCommand;

/** One test per scenario check of docs/scenario-format.md: file, line and message text. */
class ScenarioLoaderTest {
    @TempDir Path dir;

    /** Header lines 1-2; tests append from line 3. */
    private static final String HEAD = """
            topology: two-hosts.topo.yml
            duration: 30s
            """;

    @BeforeEach void copyTopology() throws Exception {
        Files.copy(DocumentedExampleTest.example("two-hosts.topo.yml"), dir.resolve("two-hosts.topo.yml"));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private ScenarioSpec load(String yaml) throws Exception {
        return ScenarioLoader.load(write("s.scenario.yml", yaml));
    }

    private ConfigError error(String yaml, int line) throws IOException {
        Path file = write("s.scenario.yml", yaml);
        ConfigError e = assertThrows(ConfigError.class, () -> ScenarioLoader.load(file));
        assertEquals(file.toString(), e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        return e;
    }

    @Test void defaults() throws Exception {
        ScenarioSpec s = load(HEAD + "probes:\n  - ping: { from: h1, to: 10.0.2.2, interval: 200ms }\n");
        assertEquals("s", s.name());
        assertEquals(ScenarioLoader.DEFAULT_SEED, s.seed());
        assertEquals(CaptureSpec.NONE, s.capture());
        PingSpec p = (PingSpec) s.probes().get(0);
        assertEquals("ping-1", p.name());
        assertEquals(0, p.startNs());
        assertEquals(0, p.count());
        assertEquals(56, p.size());
        assertEquals(PingStyle.IPUTILS, p.style());
        assertNull(p.sourceInterface());
        assertEquals(1_000_000_000L, p.timeoutNs(), "2 x 200ms is below the 1 s floor");
    }

    @Test void defaultTimeoutIsTwiceTheInterval() {
        assertEquals(2_000_000_000L, PingSpec.defaultTimeoutNs(1_000_000_000L));
        assertEquals(10_000_000_000L, PingSpec.defaultTimeoutNs(5_000_000_000L));
        assertEquals(1_000_000_000L, PingSpec.defaultTimeoutNs(100_000_000L));
    }

    @Test void missingTopologyFilePointsAtTheScenarioLine() throws IOException {
        ConfigError e = error("duration: 1s\ntopology: nope.topo.yml\n", 2);
        assertEquals("topology file 'nope.topo.yml' not found", e.problem());
    }

    @Test void errorsInsideTheTopologyPointIntoTheTopologyFile() throws IOException {
        Path topo = write("bad.topo.yml", "nodes:\n  r1: { kind: rooter }\n");
        Path file = write("s.scenario.yml", "topology: bad.topo.yml\nduration: 1s\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ScenarioLoader.load(file));
        assertEquals(topo.toAbsolutePath().normalize().toString(), e.file());
        assertEquals(2, e.line());
        assertEquals("unknown node kind 'rooter'", e.problem());
    }

    @Test void topologyPathIsNamedTheWayTheUserNamedTheScenario() throws IOException {
        write("bad.topo.yml", "nodes:\n  r1: { kind: rooter }\n");
        Path scenario = write("s.scenario.yml", "topology: bad.topo.yml\nduration: 1s\n");
        Path relative = Path.of("").toAbsolutePath().relativize(scenario);
        ConfigError e = assertThrows(ConfigError.class, () -> ScenarioLoader.load(relative));
        assertEquals(relative.resolveSibling("bad.topo.yml").toString(), e.file());
    }

    @Test void unknownTopLevelKey() throws IOException {
        ConfigError e = error(HEAD + "probs: []\n", 3);
        assertEquals("unknown key 'probs' in the scenario", e.problem());
        assertTrue(e.hint().startsWith("did you mean 'probes'? allowed keys: name, topology, seed, duration"), e.hint());
    }

    @Test void durationIsRequired() throws IOException {
        ConfigError e = error("topology: two-hosts.topo.yml\n", 1);
        assertEquals("the scenario needs 'duration'", e.problem());
    }

    @Test void durationMustBePositive() throws IOException {
        assertEquals("duration must be longer than 0", error("topology: two-hosts.topo.yml\nduration: 0\n", 2).problem());
    }

    @Test void eventAfterTheEndOfTheRun() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 31s, link-down: uplink }\n", 4);
        assertEquals("31s is after the end of the run", e.problem());
        assertEquals("duration is 30s", e.hint());
    }

    @Test void negativeEventTimeIsNotADuration() throws IOException {
        assertEquals("not a duration: '-1s'", error(HEAD + "events:\n  - { at: -1s, link-down: uplink }\n", 4).problem());
    }

    @Test void unknownLinkSuggestsTheClosestReference() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, link-down: \"r1:eth2\" }\n", 4);
        assertEquals("no link 'r1:eth2' in topology 'two-hosts'", e.problem());
        assertEquals("did you mean 'r1:eth0'? links: h1:eth0--r1:eth0, h1:eth0, r1:eth0, uplink, r1:eth1, h2:eth0", e.hint());
    }

    @Test void linkByEndpointResolvesToItsName() throws Exception {
        ScenarioSpec s = load(HEAD + "events:\n  - { at: 1s, cut: \"h2:eth0\", from: h2 }\ncapture: [\"r1:eth0\", uplink]\n");
        assertEquals(new LinkCut("uplink", "h2"), s.events().get(0).action());
        assertEquals(List.of("h1:eth0--r1:eth0", "uplink"), s.capture().links());
    }

    @Test void eventWithTwoActions() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - at: 1s\n    cut: uplink\n    heal: uplink\n", 6);
        assertEquals("'cut' and 'heal' cannot both be in event", e.problem());
    }

    @Test void eventWithoutAction() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s }\n", 4);
        assertEquals("event needs one of: link-down, link-up, cut, heal, impair, run", e.problem());
    }

    @Test void misspeltActionGetsADidYouMean() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, link-donw: uplink }\n", 4);
        assertEquals("unknown key 'link-donw' in event", e.problem());
        assertTrue(e.hint().startsWith("did you mean 'link-down'?"), e.hint());
    }

    @Test void keyOfAnotherActionIsRejected() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, link-down: uplink, from: r1 }\n", 4);
        assertEquals("unknown key 'from' in event", e.problem());
        assertEquals("allowed keys: at, link-down", e.hint());
    }

    @Test void fromMustBeAnEndOfTheLink() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, cut: uplink, from: h1 }\n", 4);
        assertEquals("node 'h1' is not an end of link 'uplink'", e.problem());
        assertEquals("its ends are r1 and h2", e.hint());
    }

    @Test void impairNeedsAnImpairment() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, impair: uplink }\n", 4);
        assertTrue(e.problem().startsWith("impair needs at least one of: delay, jitter"), e.problem());
    }

    @Test void impairReadsAPatch() throws Exception {
        ScenarioSpec s = load(HEAD + "events:\n  - { at: 1s, impair: uplink, from: r1, loss: 30%, rate: 1Mbps }\n");
        ScenarioAction.LinkImpair a = (ScenarioAction.LinkImpair) s.events().get(0).action();
        assertEquals("r1", a.fromNode());
        assertEquals(0.30, a.patch().loss());
        assertEquals(1_000_000L, a.patch().rateBps());
        assertNull(a.patch().delayNs());
    }

    @Test void runNeedsOn() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, run: \"systemctl stop keepalived\" }\n", 4);
        assertEquals("event needs 'on'", e.problem());
    }

    @Test void runOnUnknownNode() throws IOException {
        ConfigError e = error(HEAD + "events:\n  - { at: 1s, run: \"poff dsl-provider\", on: r2 }\n", 4);
        assertEquals("no node 'r2' in topology 'two-hosts'", e.problem());
        assertEquals("did you mean 'r1'? nodes: h1, r1, h2", e.hint());
    }

    @Test void pingFromUnknownNode() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { from: h3, to: 10.0.2.2 }\n", 4);
        assertEquals("no node 'h3' in topology 'two-hosts'", e.problem());
    }

    @Test void pingFromASwitch() throws IOException {
        write("sw.topo.yml", "nodes:\n  sw: { kind: switch }\n");
        ConfigError e = error("topology: sw.topo.yml\nduration: 1s\nprobes:\n  - ping: { from: sw, to: 10.0.0.1 }\n", 4);
        assertEquals("'sw' is a switch and cannot run a ping", e.problem());
    }

    @Test void pingSourceMustBeAnInterfaceOfFrom() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { from: h1, to: 10.0.2.2, source: eth1 }\n", 4);
        assertEquals("node 'h1' has no interface 'eth1'", e.problem());
    }

    @Test void pingIntervalMustBePositive() throws IOException {
        assertEquals("must be longer than 0", error(HEAD + "probes:\n  - ping: { from: h1, to: 10.0.2.2, interval: 0 }\n", 4).problem());
    }

    @Test void pingSizeLimit() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { from: h1, to: 10.0.2.2, size: 65508 }\n", 4);
        assertEquals("65508 is out of range", e.problem());
        assertEquals("allowed: 0..65507", e.hint());
    }

    @Test void pingStartAfterTheEnd() throws IOException {
        assertEquals("1m is after the end of the run",
                error(HEAD + "probes:\n  - ping: { from: h1, to: 10.0.2.2, start: 1m }\n", 4).problem());
    }

    @Test void unknownProbeKind() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - pign: { from: h1, to: 10.0.2.2 }\n", 4);
        assertEquals("unknown key 'pign' in probe", e.problem());
        assertEquals("did you mean 'ping'? allowed keys: ping, traceroute", e.hint());
    }

    @Test void duplicateProbeNames() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { name: p, from: h1, to: 10.0.2.2 }\n  - ping: { name: p, from: h2, to: 10.0.1.2 }\n", 5);
        assertEquals("two probes are named 'p'", e.problem());
        assertEquals("the other is at line 4", e.hint());
    }

    @Test void expectationOfUnknownProbe() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { name: p1, from: h1, to: 10.0.2.2 }\nexpect:\n  - { probe: p2, lost-at-most: 0 }\n", 6);
        assertEquals("no ping probe named 'p2'", e.problem());
        assertEquals("did you mean 'p1'? ping probes: p1", e.hint());
    }

    @Test void captureMustBeAllOrAList() throws IOException {
        ConfigError e = error(HEAD + "capture: everything\n", 3);
        assertEquals("expected 'all' or a list of links, found 'everything'", e.problem());
    }

    @Test void eventsAreSortedByTimeKeepingFileOrderWithinAnInstant() throws Exception {
        ScenarioSpec s = load(HEAD + """
                events:
                  - { at: 9s, run: "a", on: r1 }
                  - { at: 2s, run: "b", on: r1 }
                  - { at: 9s, run: "c", on: r1 }
                  - { at: 0, run: "d", on: h1 }
                """);
        List<String> commands = s.events().stream().map(e -> ((NodeCommand) e.action()).command()).toList();
        assertEquals(List.of("d", "b", "a", "c"), commands);
        assertEquals(4, s.events().get(2).pos().line());
    }
}
