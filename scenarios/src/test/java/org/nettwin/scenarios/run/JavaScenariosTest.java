package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ExpectSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.Scenario;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.scenarios.spec.WithoutPositions;

/**
 * Shipped scenarios written again with {@link Scenario}: the built model equals the loaded one but for source
 * positions, and the run is the same run. Two things are named after where they were written: the origin
 * "file:line" of a {@code run} command, which the trace shows (a Java scenario's names its Java line), and the
 * "reachable-LINE" ping of a {@code reachable} expectation, whose name also seeds its ICMP identifier. With
 * those names mapped to the file's, the Java scenario's trace has the file's fingerprint; a scenario with
 * neither has it as it is.
 */
class JavaScenariosTest {
    @Test @DisplayName("basics/ping-router: link-down, link-up, cut, heal, impair; the same fingerprint")
    void pingRouter() throws Exception {
        ScenarioSpec built = Scenario.on(Examples.file("basics/two-hosts.topo.yml"))
                .name("ping-router").seed(42).duration("25s").captureAll()
                .ping("p1", "h1", "10.0.2.2", p -> p.interval("1s").start("1s"))
                .at("5s").linkDown("lan2")
                .at("8s").linkUp("lan2")
                .at("12s").cut("lan2")
                .at("15s").heal("lan2")
                .at("18s").impair("lan2", i -> i.loss("30%"))
                .expectRepliesAtLeast("p1", 10)
                .build();
        assertSameRun(Examples.file("basics/ping-router.scenario.yml"), built, true);
    }

    @Test @DisplayName("keepalived-lan/vrrp-silent-death: the same fingerprint")
    void vrrpSilentDeath() throws Exception {
        ScenarioSpec built = Scenario.on(Examples.file("keepalived-lan/keepalived-lan.topo.yml"))
                .name("vrrp-silent-death").seed(51).duration("20s").captureAll()
                .ping("h-server", "h", "10.9.9.9", p -> p.interval("100ms").start("5s"))
                .at("10s").cut("r1-lan")
                .expectLostAtMost("h-server", 37)
                .build();
        assertSameRun(Examples.file("keepalived-lan/vrrp-silent-death.scenario.yml"), built, true);
    }

    @Test @DisplayName("keepalived-lan/vrrp-kill: a command; the same trace but for the command's origin")
    void vrrpKill() throws Exception {
        ScenarioSpec built = Scenario.on(Examples.file("keepalived-lan/keepalived-lan.topo.yml"))
                .name("vrrp-kill").seed(51).duration("20s").captureAll()
                .ping("h-server", "h", "10.9.9.9", p -> p.interval("100ms").start("5s"))
                .at("10s").run("r1", "pkill -9 keepalived")
                .expectLostAtMost("h-server", 1)
                .build();
        assertSameRun(Examples.file("keepalived-lan/vrrp-kill.scenario.yml"), built, false);
    }

    @Test @DisplayName("ftth-lte/ftth-lte-failover: BSD ping, traceroutes, poff; the same trace but for the command's origin")
    void ftthLteFailover() throws Exception {
        ScenarioSpec built = Scenario.on(Examples.file("ftth-lte/ftth-lte.topo.yml"))
                .name("ftth-lte-failover").seed(2016).duration("60s").captureAll()
                .ping("client", "client", "8.8.8.8", p -> p.interval("1s").start("2s").style("bsd"))
                .traceroute("before", "client", "8.8.8.8", t -> t.start("10s"))
                .traceroute("after", "client", "8.8.8.8", t -> t.start("45s"))
                .at("29500ms").run("main", "poff dsl-provider")
                .expectLostAtMost("client", 7)
                .expectRepliesAtLeast("client", 50)
                .build();
        assertSameRun(Examples.file("ftth-lte/ftth-lte-failover.scenario.yml"), built, false);
    }

    @Test @DisplayName("docs' lan-faults: flap, crash, reboot, partition, heal-partition, regions, a UDP flow, state expectations")
    void lanFaults() throws Exception {
        Path dir = Path.of(JavaScenariosTest.class.getResource("/lang/lang.topo.yml").toURI()).getParent();
        ScenarioSpec built = Scenario.on(dir.resolve("lang.topo.yml"))
                .name("lan-faults").seed(7).duration("60s")
                .ping("web", "h", "10.9.9.9", p -> p.interval("200ms").start("4s"))
                .udp("voice", "h", "10.9.9.9", u -> u.rate(50).size(160).start("4s"))
                .at("5s").flap("r1-uplink", "4s", "8s", f -> f.down("1s").mode("cut"))
                .at("15s").crash("r1")
                .at("25s").reboot("r1")
                .at("35s").partition(List.of("r1"), List.of("r2"))
                .at("42s").healPartition()
                .at("48s").regionOutage("dc2")
                .at("55s").regionRestore("dc2")
                .expectOutageAtMost("voice", "4s")
                .expectLostAtMost("voice", 260)
                .expectVrrpState("r2", "VI_1", "MASTER", "20s")
                .expectVrrpState("r1", "VI_1", "MASTER", "30s")
                .expectSingleMaster("VI_1", "43s")
                .expectReachableAfter("h", "10.9.9.9", "30s")
                .build();
        assertSameRun(dir.resolve("lan-faults.scenario.yml"), built, true);
    }

    /**
     * {@code built} is {@code file}'s scenario but for positions, and passes as the file's does. Its run's trace
     * is the file's, record for record once the names taken from positions are the file's: a reachable ping
     * renamed before the run, a command's origin replaced in the trace. With no command, the fingerprints are
     * equal as they are ({@code sameFingerprint}).
     */
    private static void assertSameRun(Path file, ScenarioSpec built, boolean sameFingerprint) throws Exception {
        ScenarioSpec loaded = ScenarioLoader.load(file);
        assertEquals(WithoutPositions.of(loaded), WithoutPositions.of(built));
        assertEquals("JavaScenariosTest.java", built.file().toString(), "a Java scenario's file is the Java file that wrote it");

        ScenarioRunner.CompletedRun fromFile = ScenarioRunner.execute(loaded, RunOptions.quiet());
        ScenarioRunner.CompletedRun fromJava = ScenarioRunner.execute(withReachableNamesOf(loaded, built), RunOptions.quiet());
        assertTrue(fromFile.result().passed(), fromFile.result().failures().toString());
        assertTrue(fromJava.result().passed(), fromJava.result().failures().toString());
        assertEquals(fromFile.result().fingerprint(), fingerprint(fromFile.trace(), Map.of()), "the test's fingerprint is the kernel's");

        Map<String, String> origins = commandOrigins(built, loaded);
        assertEquals(fromFile.result().fingerprint(), fingerprint(fromJava.trace(), origins), "trace with " + origins + " mapped back");
        if (sameFingerprint) {
            assertTrue(origins.isEmpty(), origins.toString());
            assertEquals(fromFile.result().fingerprint(), fromJava.result().fingerprint());
        } else {
            assertNotEquals(fromFile.result().fingerprint(), fromJava.result().fingerprint(), "the trace names where " + origins.keySet() + " were written");
        }
    }

    /** {@code built} with each reachable expectation's ping named as in {@code loaded} ("reachable-LINE" of the file). */
    private static ScenarioSpec withReachableNamesOf(ScenarioSpec loaded, ScenarioSpec built) {
        List<ExpectSpec> expectations = new ArrayList<>();
        for (int i = 0; i < built.expectations().size(); i++) {
            ExpectSpec x = built.expectations().get(i);
            if (x instanceof ExpectSpec.Reachable r) {
                PingSpec p = r.ping();
                String name = loaded.expectations().get(i).probe();
                x = new ExpectSpec.Reachable(new PingSpec(name, p.from(), p.to(), p.startNs(), p.intervalNs(), p.count(), p.size(),
                        p.timeoutNs(), p.sourceInterface(), p.style(), p.pos()), r.pos());
            }
            expectations.add(x);
        }
        return new ScenarioSpec(built.name(), built.file(), built.topology(), built.seed(), built.durationNs(), built.probes(),
                built.events(), built.capture(), expectations);
    }

    /** The origin the trace gives each command, in the Java scenario and in the file: "JavaScenariosTest.java:70" -> "vrrp-kill.scenario.yml:10". */
    private static Map<String, String> commandOrigins(ScenarioSpec built, ScenarioSpec loaded) {
        Map<String, String> origins = new LinkedHashMap<>();
        for (int i = 0; i < built.events().size(); i++) {
            EventSpec b = built.events().get(i);
            if (b.action() instanceof ScenarioAction.NodeCommand) origins.put(origin(b), origin(loaded.events().get(i)));
        }
        return origins;
    }

    /** As ScenarioTimeline names a command's origin. */
    private static String origin(EventSpec e) {
        return Path.of(e.pos().file()).getFileName() + ":" + e.pos().line();
    }

    /** SHA-256 over each record's line and "\n", as the kernel computes it, after replacing {@code names}. */
    private static String fingerprint(List<TraceRecord> trace, Map<String, String> names) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (TraceRecord r : trace) {
            String line = r.line();
            for (Map.Entry<String, String> n : names.entrySet()) {
                line = line.replaceAll(Pattern.quote(n.getKey()) + "(?![0-9])", Matcher.quoteReplacement(n.getValue()));
            }
            digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
