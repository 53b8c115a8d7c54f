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
import org.nettwin.protocols.value.Ip4;

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
        assertEquals("event needs one of: link-down, link-up, cut, heal, impair, run, flap, partition, heal-partition, crash, reboot, region-outage, region-restore", e.problem());
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
        assertEquals("did you mean 'ping'? allowed keys: ping, traceroute, udp", e.hint());
    }

    @Test void duplicateProbeNames() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { name: p, from: h1, to: 10.0.2.2 }\n  - ping: { name: p, from: h2, to: 10.0.1.2 }\n", 5);
        assertEquals("two probes are named 'p'", e.problem());
        assertEquals("the other is at line 4", e.hint());
    }

    @Test void expectationOfUnknownProbe() throws IOException {
        ConfigError e = error(HEAD + "probes:\n  - ping: { name: p1, from: h1, to: 10.0.2.2 }\nexpect:\n  - { probe: p2, lost-at-most: 0 }\n", 6);
        assertEquals("no ping or udp probe named 'p2'", e.problem());
        assertEquals("did you mean 'p1'? ping and udp probes: p1", e.hint());
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

    // ------------------------------------------------------------------ faults: flap, partition, crash, reboot, regions

    @Test void flapReadsItsKeysWithDefaults() throws Exception {
        ScenarioSpec s = load(HEAD + "events:\n  - { at: 10s, flap: uplink, period: 2s, duration: 5s }\n");
        ScenarioAction.LinkFlap f = (ScenarioAction.LinkFlap) s.events().get(0).action();
        assertEquals(new ScenarioAction.LinkFlap("uplink", ScenarioAction.FlapMode.DOWN, 2_000_000_000L, 1_000_000_000L, 5_000_000_000L), f,
                "down defaults to half the period, mode to down");
        assertEquals(List.of(0L, 2_000_000_000L, 4_000_000_000L), f.failureOffsets(), "a failure starting at 4 s still ends by 5 s");
        ScenarioSpec cut = load(HEAD + "events:\n  - { at: 10s, flap: \"r1:eth1\", period: 2s, down: 1500ms, duration: 3s, mode: cut }\n");
        assertEquals(new ScenarioAction.LinkFlap("uplink", ScenarioAction.FlapMode.CUT, 2_000_000_000L, 1_500_000_000L, 3_000_000_000L),
                cut.events().get(0).action());
    }

    @Test void flapChecks() throws IOException {
        assertEquals("down must be shorter than the period",
                error(HEAD + "events:\n  - { at: 1s, flap: uplink, period: 2s, down: 2s, duration: 5s }\n", 4).problem());
        assertEquals("the flapping ends after the end of the run",
                error(HEAD + "events:\n  - { at: 28s, flap: uplink, period: 2s, duration: 5s }\n", 4).problem());
        assertEquals("unknown flap mode 'silent'",
                error(HEAD + "events:\n  - { at: 1s, flap: uplink, period: 2s, duration: 5s, mode: silent }\n", 4).problem());
        ConfigError missing = error(HEAD + "events:\n  - { at: 1s, flap: uplink, period: 2s }\n", 4);
        assertTrue(missing.problem().contains("duration"), missing.problem());
        ConfigError period = error(HEAD + "events:\n  - { at: 1s, flap: uplink, duration: 2s, perod: 1s }\n", 4);
        assertTrue(period.hint().contains("period"), period.getMessage());
    }

    @Test void partitionCutsTheLinksBetweenItsGroups() throws Exception {
        ScenarioSpec s = load(HEAD + "events:\n  - { at: 1s, partition: [[h1], [r1, h2]] }\n  - { at: 2s, heal-partition: all }\n");
        assertEquals(new ScenarioAction.Partition(List.of(List.of("h1"), List.of("r1", "h2")), List.of("h1:eth0--r1:eth0")), s.events().get(0).action());
        assertEquals(new ScenarioAction.HealPartition(List.of("h1:eth0--r1:eth0")), s.events().get(1).action(), "all: every partition's links");
        ScenarioSpec explicit = load(HEAD + "events:\n  - { at: 2s, heal-partition: [[h2], [r1]] }\n");
        assertEquals(new ScenarioAction.HealPartition(List.of("uplink")), explicit.events().get(0).action());
    }

    @Test void aSwitchNamedByNoGroupGoesWithTheFirstGroupLinkedToIt() throws Exception {
        copyLang();
        ScenarioSpec s = ScenarioLoader.load(write("p.scenario.yml",
                "topology: lang.topo.yml\nduration: 10s\nevents:\n  - { at: 1s, partition: [[r2, isp], [r1, h]] }\n"));
        // Links in file order: h-lan puts lan with h's group; then r2-lan crosses groups, and so do r1-uplink (r1 | isp).
        assertEquals(List.of("r2-lan", "r1-uplink"), ((ScenarioAction.Partition) s.events().get(0).action()).links());
    }

    @Test void partitionChecks() throws IOException {
        assertEquals("no link joins these groups, so there is nothing to cut",
                error(HEAD + "events:\n  - { at: 1s, partition: [[h1], [h2]] }\n", 4).problem());
        assertEquals("node 'h1' is in two groups", error(HEAD + "events:\n  - { at: 1s, partition: [[h1], [r1, h1]] }\n", 4).problem());
        assertEquals("a partition needs at least two groups of nodes", error(HEAD + "events:\n  - { at: 1s, partition: [[h1, r1]] }\n", 4).problem());
        ConfigError unknown = error(HEAD + "events:\n  - { at: 1s, partition: [[h1], [r2]] }\n", 4);
        assertEquals("no node 'r2' in topology 'two-hosts'", unknown.problem());
        assertEquals("did you mean 'r1'? nodes: h1, r1, h2", unknown.hint());
    }

    @Test void crashRebootAndRegions() throws Exception {
        ScenarioSpec s = load(HEAD + "events:\n  - { at: 1s, crash: r1 }\n  - { at: 2s, reboot: r1 }\n");
        assertEquals(new ScenarioAction.NodeCrash(List.of("r1"), null), s.events().get(0).action());
        assertEquals(new ScenarioAction.NodeReboot(List.of("r1"), null), s.events().get(1).action());
        assertEquals("did you mean 'r1'? nodes: h1, r1, h2", error(HEAD + "events:\n  - { at: 1s, crash: r3 }\n", 4).hint());
        ConfigError noRegions = error(HEAD + "events:\n  - { at: 1s, region-outage: dc1 }\n", 4);
        assertEquals("no region 'dc1' in topology 'two-hosts'", noRegions.problem());
        assertEquals("give nodes `region: NAME` in the topology", noRegions.hint());

        copyLang();
        ScenarioSpec lang = ScenarioLoader.load(write("r.scenario.yml",
                "topology: lang.topo.yml\nduration: 10s\nevents:\n  - { at: 1s, region-outage: dc1 }\n  - { at: 2s, region-restore: dc1 }\n"));
        assertEquals(new ScenarioAction.NodeCrash(List.of("r1"), "dc1"), lang.events().get(0).action());
        assertEquals(new ScenarioAction.NodeReboot(List.of("r1"), "dc1"), lang.events().get(1).action());
        Path typo = write("t.scenario.yml", "topology: lang.topo.yml\nduration: 10s\nevents:\n  - { at: 1s, region-outage: dc3 }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ScenarioLoader.load(typo));
        assertEquals(4, e.line());
        assertTrue(e.hint().startsWith("did you mean 'dc1'?") || e.hint().startsWith("did you mean 'dc2'?"), e.hint());
    }

    // ------------------------------------------------------------------ udp flows

    @Test void udpDefaults() throws Exception {
        ScenarioSpec s = load(HEAD + "probes:\n  - udp: { from: h1, to: 10.0.2.2 }\n");
        UdpSpec u = (UdpSpec) s.probes().get(0);
        assertEquals("udp-1", u.name());
        assertEquals("h2", u.receiver(), "the node holding the address");
        assertEquals(UdpSpec.DEFAULT_PORT, u.port());
        assertEquals(100_000_000L, u.intervalNs(), "10 packets/s");
        assertEquals(UdpSpec.DEFAULT_SIZE, u.size());
        assertEquals(0, u.startNs());
        assertEquals(30_000_000_000L, u.stopNs(), "until the end of the run");
        assertEquals(300, u.count());
        assertEquals(49152 + Math.floorMod("udp-1".hashCode(), 16384), u.sourcePort(), "fixed per flow, from its name");
        ScenarioSpec given = load(HEAD + "probes:\n  - udp: { name: voice, from: h1, to: 10.0.2.2, receiver: r1, port: 4000, "
                + "source-port: 4001, rate: 50, size: 160, start: 1s, stop: 2s, timeout: 200ms }\n");
        assertEquals(new UdpSpec("voice", "h1", Ip4.parse("10.0.2.2"), "r1", 4000, 4001, 20_000_000L, 160,
                1_000_000_000L, 2_000_000_000L, 200_000_000L, given.probes().get(0).pos()), given.probes().get(0));
        assertEquals(50, ((UdpSpec) given.probes().get(0)).count());
    }

    @Test void udpChecks() throws IOException {
        ConfigError owner = error(HEAD + "probes:\n  - udp: { from: h1, to: 8.8.8.8 }\n", 4);
        assertEquals("no node of the topology has address 8.8.8.8", owner.problem());
        assertTrue(owner.hint().contains("receiver: NODE"), owner.hint());
        assertEquals("rate 'fast' is not a number of packets per second",
                error(HEAD + "probes:\n  - udp: { from: h1, to: 10.0.2.2, rate: fast }\n", 4).problem());
        assertEquals("rate must be more than 0 and at most 1000000 packets/s",
                error(HEAD + "probes:\n  - udp: { from: h1, to: 10.0.2.2, rate: 0 }\n", 4).problem());
        error(HEAD + "probes:\n  - udp: { from: h1, to: 10.0.2.2, size: 11 }\n", 4);
        assertEquals("the flow stops at or before it starts",
                error(HEAD + "probes:\n  - udp: { from: h1, to: 10.0.2.2, start: 5s, stop: 5s }\n", 4).problem());
        assertEquals("flows 'a' and 'b' both arrive at h2 port 5001", error(HEAD + "probes:\n  - udp: { name: a, from: h1, to: 10.0.2.2 }\n"
                + "  - udp: { name: b, from: r1, to: 10.0.2.2 }\n", 5).problem());
    }

    @Test void probeExpectationsJudgeUdpFlowsToo() throws Exception {
        ScenarioSpec s = load(HEAD + "probes:\n  - udp: { name: u, from: h1, to: 10.0.2.2 }\n  - traceroute: { name: t, from: h1, to: 10.0.2.2 }\n"
                + "expect:\n  - { probe: u, lost-at-most: 3 }\n");
        assertEquals(new ExpectSpec.LostAtMost("u", 3, s.expectations().get(0).pos()), s.expectations().get(0));
        ConfigError e = error(HEAD + "probes:\n  - traceroute: { name: t, from: h1, to: 10.0.2.2 }\nexpect:\n  - { probe: t, lost-at-most: 0 }\n", 6);
        assertEquals("no ping or udp probe named 't'", e.problem());
    }

    // ------------------------------------------------------------------ state expectations

    private void copyLang() throws IOException {
        for (String f : new String[] {"lang.topo.yml", "r1.conf", "r2.conf"}) {
            if (!Files.exists(dir.resolve(f))) Files.copy(Path.of("src/test/resources/lang", f), dir.resolve(f));
        }
    }

    private ConfigError langError(String expect, int line) throws IOException {
        copyLang();
        return error("topology: lang.topo.yml\nduration: 30s\nexpect:\n" + expect, line);
    }

    @Test void stateExpectations() throws Exception {
        copyLang();
        ScenarioSpec s = ScenarioLoader.load(write("e.scenario.yml", """
                topology: lang.topo.yml
                duration: 30s
                expect:
                  - vrrp-state: { node: r1, instance: VI_1, state: MASTER, at: 10s }
                  - single-master: { after: 5s }
                  - single-master: { instance: VI_1 }
                  - reachable: { from: h, to: 10.9.9.9, at: 12s }
                  - reachable: { from: h, to: 10.9.9.9, after: 20s }
                """));
        assertEquals(new ExpectSpec.VrrpState("r1", "VI_1", "MASTER", 10_000_000_000L, s.expectations().get(0).pos()), s.expectations().get(0));
        assertEquals(new ExpectSpec.SingleMaster(null, 5_000_000_000L, s.expectations().get(1).pos()), s.expectations().get(1));
        assertEquals(new ExpectSpec.SingleMaster("VI_1", 0, s.expectations().get(2).pos()), s.expectations().get(2));
        PingSpec at = ((ExpectSpec.Reachable) s.expectations().get(3)).ping();
        assertEquals("reachable-7", at.name(), "named after its line");
        assertEquals(1, at.count(), "at: one request");
        assertEquals(12_000_000_000L, at.startNs());
        PingSpec after = ((ExpectSpec.Reachable) s.expectations().get(4)).ping();
        assertEquals(0, after.count(), "after: until the end");
        assertEquals(1_000_000_000L, after.intervalNs());
        assertNull(s.expectations().get(0).probe(), "a state expectation judges no probe");
        assertEquals("reachable-8", s.expectations().get(4).probe());
    }

    @Test void stateExpectationChecks() throws IOException {
        ConfigError instance = langError("  - vrrp-state: { node: r1, instance: VI_2, state: MASTER, at: 1s }\n", 4);
        assertEquals("no VRRP instance 'VI_2' in the keepalived.conf of r1", instance.problem());
        assertEquals("did you mean 'VI_1'? instances: VI_1", instance.hint());
        assertEquals("node 'h' runs no keepalived",
                langError("  - vrrp-state: { node: h, instance: VI_1, state: MASTER, at: 1s }\n", 4).problem());
        assertEquals("unknown VRRP state 'leader'",
                langError("  - vrrp-state: { node: r1, instance: VI_1, state: leader, at: 1s }\n", 4).problem());
        assertEquals("no VRRP instance 'VI_9' in any keepalived.conf of the topology",
                langError("  - single-master: { instance: VI_9 }\n", 4).problem());
        ConfigError both = langError("  - reachable: { from: h, to: 10.9.9.9, at: 1s, after: 2s }\n", 4);
        assertTrue(both.problem().contains("at") && both.problem().contains("after"), both.problem());
        assertEquals(4, langError("  - reachable: { from: h, to: 10.9.9.9 }\n", 4).line());
        ConfigError late = langError("  - vrrp-state: { node: r1, instance: VI_1, state: MASTER, at: 31s }\n", 4);
        assertEquals("31s is after the end of the run", late.problem());
        ConfigError typo = langError("  - single-mastr: { after: 1s }\n", 4);
        assertTrue(typo.hint().contains("single-master"), typo.hint());
    }

    /** Each takes a ping named after its line: two on one line would be counted as one probe. */
    @Test void twoReachableExpectationsOnOneLine() throws IOException {
        copyLang();
        ConfigError e = error("topology: lang.topo.yml\nduration: 30s\nexpect: [ reachable: { from: h, to: 10.9.9.9, at: 1s },"
                + " reachable: { from: h, to: 10.9.9.9, after: 2s } ]\n", 3);
        assertEquals("two reachable expectations on line 3 would both name their ping 'reachable-3'", e.problem());
        assertEquals("write each on a line of its own", e.hint());
    }
}
