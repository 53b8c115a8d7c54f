package org.nettwin.scenarios.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.spec.ScenarioAction.FlapMode;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;

/**
 * {@link Scenario} against {@link ScenarioLoader}: every key of docs/scenario-format.md written both ways gives
 * the same model, and a mistake gives the same message, located at the Java call that made it.
 */
class ScenarioBuilderTest {
    @TempDir Path dir;
    private Path lang;

    @BeforeEach void topologies() throws Exception {
        Files.copy(DocumentedExampleTest.example("two-hosts.topo.yml"), dir.resolve("two-hosts.topo.yml"));
        lang = Path.of(ScenarioBuilderTest.class.getResource("/lang/lang.topo.yml").toURI());
    }

    private ScenarioSpec load(String yaml) throws Exception {
        return ScenarioLoader.load(Files.writeString(dir.resolve("s.scenario.yml"), yaml, StandardCharsets.UTF_8));
    }

    @Test @DisplayName("every probe, event and expectation key, with and without its defaults, builds the model the file loads")
    void everyKeyBuildsWhatTheFileLoads() throws Exception {
        ScenarioSpec loaded = load("""
                name: everything
                topology: %s
                seed: 99
                duration: 60s
                capture: [r1-lan, "isp:eth2"]
                probes:
                  - ping: { name: web, from: h, to: 10.9.9.9 }
                  - ping: { name: all, from: h, to: 10.9.9.9, start: 2s, interval: 500ms, count: 20, size: 100, timeout: 3s, source: eth0, style: bsd }
                  - ping: { name: styled, from: r1, to: 10.9.9.9, style: iputils }
                  - traceroute: { name: t1, from: h, to: 10.9.9.9 }
                  - traceroute: { name: t2, from: h, to: 10.9.9.9, start: 5s, max-hops: 8, wait: 1s }
                  - udp: { name: u1, from: h, to: 10.9.9.9 }
                  - udp: { name: u2, from: server, to: 192.168.1.254, receiver: r1, port: 6000, source-port: 40000, rate: 0.5, size: 12, start: 1s, stop: 50s, timeout: 2s }
                events:
                  - { at: 1s, link-down: "r1:eth0" }
                  - { at: 1s, link-up: "r1:eth0" }
                  - { at: 2s, cut: r1-uplink }
                  - { at: 2s, cut: r1-uplink, from: isp }
                  - { at: 3s, heal: r1-uplink, from: r1 }
                  - { at: 3s, heal: r1-uplink }
                  - { at: 4s, impair: r2-uplink, from: r2, delay: 20ms, jitter: 1ms, loss: 1%%, rate: 10Mbps, queue: 50, mtu: 1400 }
                  - { at: 4s, impair: r2-uplink, burst-loss: { p-good-bad: 1%%, p-bad-good: 30%% } }
                  - { at: 4s, impair: r2-uplink, burst-loss: { p-good-bad: 1%%, p-bad-good: 30%%, loss-good: 0.1%%, loss-bad: 90%% } }
                  - { at: 4s, impair: r2-uplink, burst-loss: none }
                  - { at: 5s, run: "systemctl stop keepalived", on: r2 }
                  - { at: 6s, flap: r2-lan, period: 2s, duration: 6s }
                  - { at: 6s, flap: r1-lan, period: 2s, duration: 6s, down: 500ms, mode: down }
                  - { at: 7s, partition: [[h, lan, r1], [r2]] }
                  - { at: 8s, heal-partition: [[h, lan, r1], [r2]] }
                  - { at: 9s, partition: [[r1], [r2, isp]] }
                  - { at: 10s, heal-partition: all }
                  - { at: 11s, crash: server }
                  - { at: 12s, reboot: server }
                  - { at: 13s, region-outage: dc1 }
                  - { at: 14s, region-restore: dc1 }
                  - { at: 0, crash: isp }
                expect:
                  - { probe: web, lost-at-most: 5 }
                  - { probe: u2, replies-at-least: 3 }
                  - { probe: all, outage-at-most: 1500ms }
                  - vrrp-state: { node: r2, instance: VI_1, state: backup, at: 20s }
                  - single-master: {}
                  - single-master: { instance: VI_1 }
                  - single-master: { after: 30s }
                  - reachable: { from: h, to: 10.9.9.9, at: 40s }
                  - reachable: { from: r2, to: 10.9.9.9, after: 50s }
                """.formatted(lang));
        ScenarioSpec built = Scenario.on(lang)
                .name("everything").seed(99).duration("60s").capture("r1-lan", "isp:eth2")
                .ping("web", "h", "10.9.9.9")
                .ping("all", "h", "10.9.9.9", p -> p.start("2s").interval("500ms").count(20).size(100).timeout("3s").source("eth0").style(PingStyle.BSD))
                .ping("styled", "r1", "10.9.9.9", p -> p.style("iputils"))
                .traceroute("t1", "h", "10.9.9.9")
                .traceroute("t2", "h", "10.9.9.9", t -> t.start("5s").maxHops(8).waitFor("1s"))
                .udp("u1", "h", "10.9.9.9")
                .udp("u2", "server", "192.168.1.254", u -> u.receiver("r1").port(6000).sourcePort(40000).rate(0.5).size(12)
                        .start("1s").stop("50s").timeout("2s"))
                .at("1s").linkDown("r1:eth0")
                .at("1s").linkUp("r1:eth0")
                .at("2s").cut("r1-uplink")
                .at("2s").cut("r1-uplink", "isp")
                .at("3s").heal("r1-uplink", "r1")
                .at("3s").heal("r1-uplink")
                .at("4s").impair("r2-uplink", i -> i.from("r2").delay("20ms").jitter("1ms").loss("1%").rate("10Mbps").queue(50).mtu(1400))
                .at("4s").impair("r2-uplink", i -> i.burstLoss("1%", "30%"))
                .at("4s").impair("r2-uplink", i -> i.burstLoss("1%", "30%", "0.1%", "90%"))
                .at("4s").impair("r2-uplink", Scenario.Impairment::noBurstLoss)
                .at("5s").run("r2", "systemctl stop keepalived")
                .at("6s").flap("r2-lan", "2s", "6s")
                .at("6s").flap("r1-lan", "2s", "6s", f -> f.down("500ms").mode(FlapMode.DOWN))
                .at("7s").partition(List.of("h", "lan", "r1"), List.of("r2"))
                .at("8s").healPartition(List.of("h", "lan", "r1"), List.of("r2"))
                .at("9s").partition(List.of("r1"), List.of("r2", "isp"))
                .at("10s").healPartition()
                .at("11s").crash("server")
                .at("12s").reboot("server")
                .at("13s").regionOutage("dc1")
                .at("14s").regionRestore("dc1")
                .at("0").crash("isp")
                .expectLostAtMost("web", 5)
                .expectRepliesAtLeast("u2", 3)
                .expectOutageAtMost("all", "1500ms")
                .expectVrrpState("r2", "VI_1", "backup", "20s")
                .expectSingleMaster()
                .expectSingleMaster("VI_1", null)
                .expectSingleMaster(null, "30s")
                .expectReachableAt("h", "10.9.9.9", "40s")
                .expectReachableAfter("r2", "10.9.9.9", "50s")
                .build();
        assertEquals(WithoutPositions.of(loaded), WithoutPositions.of(built));
        assertEquals(22, built.events().size());
        assertEquals(new ScenarioAction.NodeCrash(List.of("isp"), null), built.events().get(0).action(), "sorted by time, stably");
    }

    @Test @DisplayName("keys not given take the file's defaults; the name is the Java file's, the seed the loader's")
    void defaults() throws Exception {
        ScenarioSpec loaded = load("topology: two-hosts.topo.yml\nduration: 30s\nprobes:\n  - ping: { name: p, from: h1, to: 10.0.2.2, interval: 200ms }\n");
        TopologySpec topology = TopologyLoader.load(dir.resolve("two-hosts.topo.yml"));
        ScenarioSpec built = Scenario.on(topology).duration("30s").ping("p", "h1", "10.0.2.2", p -> p.interval("200ms")).build();
        assertEquals("ScenarioBuilderTest", built.name());
        assertEquals(Path.of("ScenarioBuilderTest.java"), built.file());
        assertEquals(ScenarioLoader.DEFAULT_SEED, built.seed());
        assertEquals(CaptureSpec.NONE, built.capture());
        assertEquals(1_000_000_000L, ((PingSpec) built.probes().get(0)).timeoutNs(), "PingSpec.defaultTimeoutNs");
        assertEquals(WithoutPositions.of(loaded).probes(), WithoutPositions.of(built).probes());
    }

    @Test @DisplayName("each item is located at the Java line that wrote it")
    void positionsAreJavaCallSites() throws Exception {
        int line = here(); ScenarioSpec s = Scenario.on(lang).duration("60s")
                .ping("p", "h", "10.9.9.9")
                .at("5s").crash("r1")
                .expectReachableAt("h", "10.9.9.9", "10s")
                .build();
        assertEquals("ScenarioBuilderTest.java:" + (line + 1), s.probes().get(0).pos().toString().replaceAll(":0$", ""));
        assertEquals(line + 2, s.events().get(0).pos().line());
        assertEquals(line + 3, s.expectations().get(0).pos().line());
        assertEquals("reachable-" + (line + 3), s.expectations().get(0).probe());
    }

    // ---- mistakes: the loader's message for the file, the same text for the builder, at the builder call

    private static final String HEAD = "topology: two-hosts.topo.yml\nduration: 30s\n";

    private Scenario twoHosts() {
        return Scenario.on(dir.resolve("two-hosts.topo.yml")).duration("30s");
    }

    /** The file's error and the builder's have the same text; the builder's names this file and {@code line}. */
    private void sameError(String yaml, int line, Executable build) throws Exception {
        ConfigError fromFile = assertThrows(ConfigError.class, () -> load(yaml));
        ConfigError fromJava = assertThrows(ConfigError.class, build);
        assertEquals(fromFile.problem(), fromJava.problem());
        assertEquals(fromFile.hint(), fromJava.hint());
        assertEquals("ScenarioBuilderTest.java", fromJava.file(), fromJava.getMessage());
        assertEquals(line, fromJava.line(), fromJava.getMessage());
        assertTrue(fromJava.getMessage().startsWith("ScenarioBuilderTest.java:" + line + ": " + fromFile.problem()), fromJava.getMessage());
    }

    @Test void unknownLink() throws Exception {
        int line = here(); Scenario s = twoHosts().at("10s").linkDown("uplnk");
        sameError(HEAD + "events:\n  - { at: 10s, link-down: uplnk }\n", line, s::build);
    }

    @Test void unknownNode() throws Exception {
        int line = here(); Scenario s = twoHosts().at("10s").run("h9", "ip route del default");
        sameError(HEAD + "events:\n  - { at: 10s, run: ip route del default, on: h9 }\n", line, s::build);
    }

    @Test void negativeTime() throws Exception {
        int line = here(); Scenario s = twoHosts().at("-5s").crash("h1");
        sameError(HEAD + "events:\n  - { at: -5s, crash: h1 }\n", line, s::build);
    }

    @Test void eventAfterTheEndOfTheRun() throws Exception {
        int line = here(); Scenario s = twoHosts().at("40s").linkUp("uplink");
        sameError(HEAD + "events:\n  - { at: 40s, link-up: uplink }\n", line, s::build);
    }

    @Test void flapThatEndsAfterTheRun() throws Exception {
        int line = here(); Scenario s = twoHosts().at("25s").flap("uplink", "2s", "10s");
        sameError(HEAD + "events:\n  - { at: 25s, flap: uplink, period: 2s, duration: 10s }\n", line, s::build);
    }

    @Test void badDurationText() throws Exception {
        int line = here(); Scenario s = twoHosts().ping("p", "h1", "10.0.2.2", p -> p.interval("1x"));
        sameError(HEAD + "probes:\n  - ping: { name: p, from: h1, to: 10.0.2.2, interval: 1x }\n", line, s::build);
    }

    @Test void pingFromAnUnknownNode() throws Exception {
        int line = here(); Scenario s = twoHosts().ping("p", "h3", "10.0.2.2");
        sameError(HEAD + "probes:\n  - ping: { name: p, from: h3, to: 10.0.2.2 }\n", line, s::build);
    }

    @Test void expectationOnAnUnknownProbe() throws Exception {
        int line = here(); Scenario s = twoHosts().ping("p1", "h1", "10.0.2.2").expectLostAtMost("p2", 3);
        sameError(HEAD + "probes:\n  - ping: { name: p1, from: h1, to: 10.0.2.2 }\nexpect:\n  - { probe: p2, lost-at-most: 3 }\n", line, s::build);
    }

    @Test void udpToAnAddressNobodyHas() throws Exception {
        int line = here(); Scenario s = twoHosts().udp("u", "h1", "10.0.9.9");
        sameError(HEAD + "probes:\n  - udp: { name: u, from: h1, to: 10.0.9.9 }\n", line, s::build);
    }

    @Test void missingDurationIsReportedWhereTheScenarioIsBuilt() throws Exception {
        Scenario s = Scenario.on(dir.resolve("two-hosts.topo.yml"));
        int line = here(); ConfigError fromJava = assertThrows(ConfigError.class, () -> s.build());
        ConfigError fromFile = assertThrows(ConfigError.class, () -> load("topology: two-hosts.topo.yml\n"));
        assertEquals("the scenario needs 'duration'", fromFile.problem());
        assertEquals(fromFile.problem(), fromJava.problem());
        assertEquals("ScenarioBuilderTest.java", fromJava.file());
        assertEquals(line, fromJava.line());
    }

    @Test void missingTopologyFileIsReportedWhereItWasNamed() {
        int line = here(); Scenario s = Scenario.on(dir.resolve("nope.topo.yml")).duration("1s");
        ConfigError e = assertThrows(ConfigError.class, s::build);
        assertEquals("ScenarioBuilderTest.java", e.file());
        assertEquals(line, e.line());
        assertEquals("topology file '" + dir.resolve("nope.topo.yml") + "' not found", e.problem());
    }

    @Test void errorsInsideTheTopologyPointIntoTheTopologyFile() throws Exception {
        Path topo = Files.writeString(dir.resolve("bad.topo.yml"), "nodes:\n  r1: { kind: rooter }\n");
        ConfigError e = assertThrows(ConfigError.class, () -> Scenario.on(topo).duration("1s").build());
        assertEquals(topo.toString(), e.file());
        assertEquals(2, e.line());
    }

    @Test void aNullArgumentIsRefusedAtOnce() {
        Scenario s = twoHosts();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.at("1s").linkDown(null));
        assertEquals("link-down is null", e.getMessage());
    }

    @Test void twoReachableExpectationsOnOneLineWouldShareTheirPingsName() throws Exception {
        int line = here(); Scenario s = twoHosts().expectReachableAt("h1", "10.0.2.2", "1s").expectReachableAt("h1", "10.0.2.2", "2s");
        ConfigError e = assertThrows(ConfigError.class, s::build);
        assertEquals("ScenarioBuilderTest.java:" + line + ": two reachable expectations on line " + line
                + " would both name their ping 'reachable-" + line + "' (write each on a line of its own)", e.getMessage());
        ConfigError fromFile = assertThrows(ConfigError.class, () -> load(HEAD
                + "expect: [ reachable: { from: h1, to: 10.0.2.2, at: 1s }, reachable: { from: h1, to: 10.0.2.2, at: 2s } ]\n"));
        assertEquals(3, fromFile.line());
    }

    /** The caller's line. */
    private static int here() {
        return StackWalker.getInstance().walk(f -> f.skip(1).findFirst().orElseThrow()).getLineNumber();
    }
}
