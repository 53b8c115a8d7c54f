package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.link.LinkParams;

class PingAcrossRouterTest {
    private static final Path SCENARIO = Examples.file("basics/ping-router.scenario.yml");

    private static List<TraceEvent.ProbeResult> results(ScenarioRunner.CompletedRun run) {
        return run.trace().stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ProbeResult)
                .map(e -> (TraceEvent.ProbeResult) e).toList();
    }

    private static List<String> pingLines(ScenarioRunner.CompletedRun run) {
        return run.trace().stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.Log l && l.program().equals("ping/p1"))
                .map(e -> ((TraceEvent.Log) e).text()).toList();
    }

    @Test @DisplayName("RTT over two 10 ms / 100 Mbps hops equals the sum of delays plus serialization, exactly")
    void rttIsExact() throws Exception {
        ScenarioSpec spec = ScenarioLoader.load(SCENARIO);
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, RunOptions.quiet());
        LinkParams hop = Network.params(spec.topology().links().get(0).aToB());
        int frame = 14 + 20 + 8 + 56; // Ethernet + IPv4 + ICMP + 56 data bytes
        long expected = 4 * (hop.delayNs() + hop.serializationNs(frame));
        assertEquals(Time.ms(40) + 4 * 9_760, expected, "100 Mbps: (98 + 24 framing bytes) * 8 bits = 9.76 us per hop");
        TraceEvent.ProbeResult second = results(run).stream().filter(r -> r.seq() == 2).findFirst().orElseThrow();
        assertEquals(ProbeOutcome.REPLY, second.outcome());
        assertEquals(expected, second.rttNs());
        assertTrue(pingLines(run).contains("64 bytes from 10.0.2.2: icmp_seq=2 ttl=63 time=40.0 ms"), pingLines(run).toString());
    }

    @Test @DisplayName("link down, silent cut and loss show as a Linux user would see them")
    void faultsAsSeenByPing() throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(SCENARIO), RunOptions.quiet());
        ProbeTally t = run.probes().get("p1");
        // Down 5..8 s and cut 12..15 s: the probes sent in those windows (seq 5-7 and 12-14, sent at seq+... s) get nothing back.
        List<Integer> lost = t.lostSeqs();
        assertTrue(lost.containsAll(List.of(5, 6, 7, 12, 13, 14)), "lost " + lost);
        assertTrue(lost.stream().filter(s -> s < 18).allMatch(s -> s >= 5 && s <= 7 || s >= 12 && s <= 14), "only fault windows lose before 18 s: " + lost);
        long lossyLost = lost.stream().filter(s -> s >= 18).count();
        assertTrue(lossyLost >= 1 && lossyLost <= 6, "30 % loss on each of two crossings over 7 probes: " + lost);
        // Carrier lost on r1-h2: r1's ARP for h2 fails after 3 probes and the pinger hears Host Unreachable
        // from r1, as on Linux; a silent cut gives plain timeouts, for which iputils prints nothing.
        assertTrue(pingLines(run).contains("From 10.0.1.1 icmp_seq=5 Destination Host Unreachable"));
        assertTrue(pingLines(run).stream().noneMatch(l -> l.contains("icmp_seq=13 ")), "nothing printed for a cut");
        List<String> lines = pingLines(run);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+ packets transmitted, \\d+ received(, \\+\\d+ errors)?, \\d+(\\.\\d+)?% packet loss, time \\d+ms")), lines.toString());
    }

    @Test @DisplayName("same seed: identical fingerprint and byte-identical pcaps, inline vs actors on 1 and 4 threads")
    void deterministicAcrossHostModes(@TempDir Path tmp) throws Exception {
        ScenarioSpec spec = ScenarioLoader.load(SCENARIO);
        String[] fps = new String[3];
        Path[] dirs = {tmp.resolve("inline"), tmp.resolve("a1"), tmp.resolve("a4")};
        fps[0] = ScenarioRunner.run(spec, new RunOptions(null, dirs[0], null, 1, true, null)).fingerprint();
        fps[1] = ScenarioRunner.run(spec, new RunOptions(null, dirs[1], null, 1, false, null)).fingerprint();
        fps[2] = ScenarioRunner.run(spec, new RunOptions(null, dirs[2], null, 4, false, null)).fingerprint();
        assertEquals(fps[0], fps[1]);
        assertEquals(fps[0], fps[2]);
        List<String> names = pcaps(dirs[0]);
        assertEquals(List.of("lan1.pcap", "lan2.pcap"), names);
        for (String n : names) {
            byte[] ref = Files.readAllBytes(dirs[0].resolve(n));
            assertArrayEquals(ref, Files.readAllBytes(dirs[1].resolve(n)), n);
            assertArrayEquals(ref, Files.readAllBytes(dirs[2].resolve(n)), n);
        }
        String other = ScenarioRunner.run(spec, new RunOptions(7L, null, null, 1, true, null)).fingerprint();
        assertTrue(!other.equals(fps[0]), "another seed draws other losses");
    }

    static List<String> pcaps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pcap")).sorted().toList();
        }
    }
}
