package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * Seed 002's ping failover, replayed with keepalived 1.2.13 (examples/ftth-lte), checked against the
 * oracle of protocol-facts §8.2 and the trace of the seed.
 */
class FtthLteReplayTest {
    static ScenarioRunner.CompletedRun run;
    static List<String> ping;

    @BeforeAll static void replay() throws Exception {
        run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("ftth-lte/ftth-lte-failover.scenario.yml")), RunOptions.quiet());
        ping = run.trace().stream().filter(r -> r.event() instanceof TraceEvent.Log l && l.program().equals("ping/client"))
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
    }

    private static List<TraceEvent.ProbeResult> results() {
        return run.trace().stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ProbeResult)
                .map(e -> (TraceEvent.ProbeResult) e).toList();
    }

    private static long firstLog(String node, String text) {
        return run.trace().stream().filter(r -> r.node().equals(node) && r.event() instanceof TraceEvent.Log l && l.text().equals(text))
                .mapToLong(TraceRecord::time).findFirst().orElseThrow(() -> new AssertionError(node + " never logged: " + text));
    }

    @Test @DisplayName("§8.2: before the fault replies come through FTTH with ttl 56, as in the seed trace")
    void beforeFault() {
        for (int seq = 0; seq <= 27; seq++) {
            int s = seq;
            assertTrue(ping.stream().anyMatch(l -> l.startsWith("64 bytes from 8.8.8.8: icmp_seq=" + s + " ttl=56 time=")), "seq " + seq);
        }
    }

    @Test @DisplayName("§8.2 phase A + §7: Net Unreachable from 192.168.0.1 (not the VIP), quoted TTL 0x40, 2-4 of them (rate limit)")
    void phaseA() {
        List<TraceEvent.ProbeResult> unreach = results().stream().filter(r -> r.outcome() == ProbeOutcome.NET_UNREACHABLE).toList();
        assertTrue(unreach.size() >= 2 && unreach.size() <= 4, "unreachables " + unreach);
        assertTrue(unreach.stream().allMatch(r -> "192.168.0.1".equals(String.valueOf(r.from()))));
        assertEquals(List.of(28, 29, 30, 31), unreach.stream().map(TraceEvent.ProbeResult::seq).toList(), "the seed trace's seq 28-31");
        assertTrue(ping.contains("92 bytes from 192.168.0.1: Destination Net Unreachable"));
        assertTrue(ping.stream().anyMatch(l -> l.matches(" 4  5  00 5400 [0-9a-f]{4}   0 0000  40  01 [0-9a-f]{4} 192\\.168\\.0\\.102  8\\.8\\.8\\.8 ")), ping.toString());
    }

    @Test @DisplayName("§8.2 phase C + §7: main forwards to the VIP's new owner and redirects the client, quoted TTL 0x3f")
    void phaseC() {
        assertTrue(ping.contains("92 bytes from 192.168.0.1: Redirect Host(New addr: 192.168.0.254)"), ping.toString());
        assertTrue(ping.stream().anyMatch(l -> l.matches(" 4  5  00 0054 [0-9a-f]{4}   0 0000  3f  01 [0-9a-f]{4} 192\\.168\\.0\\.102  8\\.8\\.8\\.8 ")));
    }

    @Test @DisplayName("§8.2 totals: 3-7 probes lost under keepalived 1.2.13; afterwards replies via LTE with ttl 55 and LTE RTTs")
    void totalsAndAfter() {
        ProbeTally t = run.probes().get("client");
        assertTrue(t.lost() >= 3 && t.lost() <= 7, "lost " + t.lostSeqs());
        List<TraceEvent.ProbeResult> lte = results().stream().filter(r -> r.outcome() == ProbeOutcome.REPLY && r.seq() > 33).toList();
        assertTrue(lte.size() >= 20);
        // lte link: 62 ms each way plus up to 150 ms jitter each way; the rest of the path adds a few ms.
        assertTrue(lte.stream().allMatch(r -> r.rttNs() >= Time.ms(124) && r.rttNs() <= Time.ms(440)), lte.toString());
        assertTrue(ping.stream().filter(l -> l.matches(".*icmp_seq=4\\d .*")).allMatch(l -> l.contains("ttl=55")), "seq 40-49 via LTE");
    }

    @Test @DisplayName("§2.4: 1.2.13 notices FAULT at an advert tick after 3 failures; sub takes over in two phases, +1 advert interval")
    void keepalivedTimeline() {
        long poff = Time.ms(29_500);
        long fault = firstLog("main", "VRRP_Instance(VI_1) Entering FAULT STATE");
        long failed = firstLog("main", "VRRP_Script(check_ftth) failed");
        assertTrue(failed - poff >= Time.s(2) && failed - poff < Time.s(3) + Time.ms(100), "fall 3 at interval 1: " + (failed - poff));
        assertTrue(fault - failed >= 0 && fault - failed <= Time.s(1), "FAULT waits for the advert tick");
        long transition = firstLog("sub", "VRRP_Instance(VI_1) Transition to MASTER STATE");
        long entering = firstLog("sub", "VRRP_Instance(VI_1) Entering MASTER STATE");
        assertEquals(Time.s(1), entering - transition, "two-phase takeover: one advert interval");
        // priority 0 from main sets sub's timer to Skew_Time(50) = (256-50)/256 s = 0.8046875 s (§1.4), plus the LAN hops.
        long skew = transition - fault;
        assertTrue(skew >= 804_687_000L && skew < 804_687_000L + Time.ms(2), "skew " + skew);
    }

    @Test @DisplayName("the ping output from the fault to recovery stays as recorded (golden; differences from the seed trace are in examples/ftth-lte/README.md)")
    void goldenPingOutput() throws Exception {
        int from = ping.indexOf(ping.stream().filter(l -> l.contains("icmp_seq=27 ")).findFirst().orElseThrow());
        int to = IntStream.range(from, ping.size()).filter(i -> ping.get(i).contains("icmp_seq=36 ")).findFirst().orElseThrow();
        Golden.assertMatches("ftth-lte-failover.ping.txt", ping.subList(from, to + 1).stream().collect(Collectors.joining("\n", "", "\n")));
    }

    private static List<String> traceroute(String name) {
        return run.trace().stream().filter(r -> r.event() instanceof TraceEvent.Log l && l.program().equals("traceroute/" + name))
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
    }

    @Test @DisplayName("seed 002 trace: traceroute's first hop is 192.168.0.1 before the fault, 192.168.0.2 after; 8.8.8.8 at hop 9 via FTTH")
    void tracerouteFirstHop() {
        List<String> before = traceroute("before"), after = traceroute("after");
        assertEquals("traceroute to 8.8.8.8 (8.8.8.8), 64 hops max, 52 byte packets", before.get(0), "BSD traceroute header as in the seed");
        assertTrue(before.get(1).startsWith(" 1  192.168.0.1  "), before.toString());
        assertTrue(before.get(before.size() - 1).startsWith(" 9  8.8.8.8  "), "the seed's traceroute reached 8.8.8.8 at hop 9: " + before);
        assertTrue(after.get(1).startsWith(" 1  192.168.0.2  "), after.toString());
        assertTrue(after.get(after.size() - 1).contains("8.8.8.8"), "through LTE and NAT, routers beyond answer too: " + after);
    }

    /** The same failover with keepalived 2.2 on both Pis (ftth-lte-failover-keepalived22.scenario.yml). */
    @Nested class Keepalived22 {
        @Test @DisplayName("§8.2 with 2.x: FAULT in [2, 3) s, sub MASTER Skew_Time(50) after main's priority 0 in one phase, 3-5 probes lost")
        void shorterOutage() throws Exception {
            ScenarioRunner.CompletedRun run22 = ScenarioRunner.execute(
                    ScenarioLoader.load(Examples.file("ftth-lte/ftth-lte-failover-keepalived22.scenario.yml")), RunOptions.quiet());
            assertEquals(List.of(), run22.result().failures(), "the scenario's own expectations (lost-at-most 5, sub MASTER, one master)");
            ProbeTally t = run22.probes().get("client");
            assertTrue(t.lost() >= 3 && t.lost() <= 5, "§8.2 totals for 2.x: 3-5 lost, got " + t.lostSeqs());
            assertTrue(t.lost() < run.probes().get("client").lost(), "shorter than under 1.2.13: " + t.lostSeqs() + " vs " + run.probes().get("client").lostSeqs());

            long poff = Time.ms(29_500);
            long fault = stateTime(run22, "main", "FAULT", poff);
            assertTrue(fault - poff >= Time.s(2) && fault - poff < Time.s(3), "§8.2 phase A, 2.x: FAULT at τ + [2, 3) s, got " + Time.format(fault - poff));
            // Phase B, 2.x: main's priority-0 advert sets sub's timer to Skew_Time(50) = 0.8046875 s (§1.4); no extra interval.
            long takeover = stateTime(run22, "sub", "MASTER", poff) - fault;
            assertTrue(takeover >= 804_687_000L && takeover < 804_687_000L + Time.ms(2), "skew " + Time.format(takeover));
        }

        /** When {@code node}'s VI_1 first entered {@code state} after {@code afterNs} (2.x also starts in FAULT until its first check). */
        private static long stateTime(ScenarioRunner.CompletedRun r, String node, String state, long afterNs) {
            return r.trace().stream().filter(x -> x.time() > afterNs && x.node().equals(node) && x.event() instanceof TraceEvent.StateChanged s
                    && s.machine().equals("vrrp/VI_1") && s.to().equals(state)).mapToLong(TraceRecord::time).findFirst()
                    .orElseThrow(() -> new AssertionError(node + " never entered " + state));
        }
    }
}
