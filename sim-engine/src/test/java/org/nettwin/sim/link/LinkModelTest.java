package org.nettwin.sim.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.us;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.sim.Frames;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.RandomStreams;
import org.nettwin.sim.ScriptNode;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.Traffic;

class LinkModelTest {
    private static final long SEED = 42;

    /** Two nodes "a" and "b" joined on port 1 by link "ab". */
    private static final class Pair implements AutoCloseable {
        final SimKernel kernel = new SimKernel(new KernelConfig(SEED, HostMode.INLINE, 1));
        final ScriptNode a;
        final ScriptNode b;
        final Link link;
        final List<String> lines = new ArrayList<>();

        Pair(ScriptNode a, ScriptNode b, LinkParams aToB, LinkParams bToA) {
            this.a = a;
            this.b = b;
            kernel.addTraceListener(r -> lines.add(r.line()));
            kernel.addNode("a", a);
            kernel.addNode("b", b);
            link = kernel.connect("ab", new PortRef("a", 1), new PortRef("b", 1), aToB, bToA);
        }

        List<String> linesWith(String fragment) {
            return lines.stream().filter(l -> l.contains(fragment)).toList();
        }

        @Override public void close() { kernel.close(); }
    }

    private static List<Long> times(ScriptNode node) {
        return node.received.stream().map(ScriptNode.Received::time).toList();
    }

    @Test
    @DisplayName("serialization = ceil((len + 24) * 8 * 1e9 / rate): preamble 8 + FCS 4 + IFG 12 on top of the frame")
    void serializationByHand() {
        // 60-byte frame at 1 Gbit/s: 84 bytes = 672 bits = 672 ns.
        assertEquals(672, LinkParams.ideal().withRate(1_000_000_000L).serializationNs(60));
        // 100 bytes at 7 Mbit/s: 124 * 8 = 992 bits; 992e9 / 7e6 = 141714.28... -> rounded up.
        assertEquals(141_715, LinkParams.ideal().withRate(7_000_000L).serializationNs(100));
        // 1514 bytes at 100 Mbit/s: 1538 * 8 = 12304 bits = 123040 ns exactly.
        assertEquals(123_040, LinkParams.ideal().withRate(100_000_000L).serializationNs(1514));
        assertEquals(0, LinkParams.ideal().serializationNs(1514), "unlimited rate");
    }

    @Test
    @DisplayName("RTT over 10 ms each way at 1 Mbit/s = 20 ms + serialization of request and reply, to the nanosecond")
    void roundTripTimeIsExact() {
        LinkParams tenMs = LinkParams.ideal().withDelay(ms(10)).withRate(1_000_000L);
        ScriptNode a = new ScriptNode().onBoot(env -> env.transmit(1, Frames.frame(100, 1)));
        ScriptNode b = new ScriptNode().onReceive((env, port, frame) -> env.transmit(port, Frames.frame(60, Frames.seqOf(frame))));
        try (Pair pair = new Pair(a, b, tenMs, tenMs)) {
            pair.kernel.runUntil(ms(100));
            // Request: (100 + 24) * 8 bits at 1 Mbit/s = 992 us; reply: (60 + 24) * 8 = 672 us.
            long requestArrival = ms(10) + us(992);
            long rtt = ms(20) + us(992) + us(672);
            assertEquals(List.of(requestArrival), times(b));
            assertEquals(List.of(rtt), times(a));
            assertEquals(21_664_000L, rtt);
        }
    }

    @Test
    @DisplayName("Bernoulli loss: exact count for the seed, equal to the link's own stream, and within 5 sigma of p*n")
    void bernoulliLossRate() {
        int frames = 10_000;
        double p = 0.1;
        LinkParams lossy = LinkParams.ideal().withLoss(p);
        ScriptNode a = new ScriptNode().onBoot(env -> Traffic.periodic(env, 1, frames, 0, us(1), 60));
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, lossy, LinkParams.ideal())) {
            pair.kernel.runUntil(ms(20));
            long lost = pair.link.counters(Direction.A_TO_B).dropped(DropReason.LOSS);
            assertEquals(frames - b.received.size(), lost);
            // Oracle: one draw per frame from "link/ab/A_TO_B/loss" of the run seed.
            RandomGenerator stream = new RandomStreams(SEED).stream("link/ab/A_TO_B/loss");
            long expected = 0;
            for (int i = 0; i < frames; i++) if (stream.nextDouble() < p) expected++;
            assertEquals(expected, lost, "seed=" + SEED);
            assertEquals(1_015, lost, "seed=" + SEED + ": pinned count (changes only if stream derivation changes)");
            double sigma = Math.sqrt(frames * p * (1 - p));
            assertTrue(Math.abs(lost - frames * p) < 5 * sigma, "seed=" + SEED + " lost=" + lost);
            assertEquals(frames, pair.link.counters(Direction.A_TO_B).txFrames(), "lost frames were still sent and captured");
        }
    }

    /** Lengths of the runs of consecutive missing sequence numbers among 0..sent-1. */
    private static List<Integer> lossRuns(List<Integer> receivedSeqs, int sent) {
        boolean[] got = new boolean[sent];
        for (int s : receivedSeqs) got[s] = true;
        List<Integer> runs = new ArrayList<>();
        int run = 0;
        for (boolean g : got) {
            if (!g) {
                run++;
            } else if (run > 0) {
                runs.add(run);
                run = 0;
            }
        }
        if (run > 0) runs.add(run);
        return runs;
    }

    private static List<Integer> runLossExperiment(LinkParams params, int frames) {
        ScriptNode a = new ScriptNode().onBoot(env -> Traffic.periodic(env, 1, frames, 0, us(1), 60));
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, params, LinkParams.ideal())) {
            pair.kernel.runUntil(ms(1_000));
            return lossRuns(b.receivedSeqs(), frames);
        }
    }

    @Test
    @DisplayName("Gilbert-Elliott loss comes in bursts of mean length 1/pBadToGood; Bernoulli loss of the same rate does not")
    void gilbertElliottBursts() {
        int frames = 100_000;
        GilbertElliott ge = GilbertElliott.gilbert(0.01, 0.25);
        List<Integer> burstRuns = runLossExperiment(LinkParams.ideal().withBurstLoss(ge), frames);
        long lostInBursts = burstRuns.stream().mapToLong(Integer::longValue).sum();
        double meanBurst = (double) lostInBursts / burstRuns.size();
        // Stationary share of BAD: pGB / (pGB + pBG) = 0.01 / 0.26.
        double badShare = 0.01 / 0.26;
        assertEquals(badShare, (double) lostInBursts / frames, 0.006, "seed=" + SEED + " loss share");
        // ~960 bursts of geometric length (sd 3.46): the mean is 4 +- 0.11 (1 sigma).
        assertEquals(ge.meanBadRunFrames(), meanBurst, 0.5, "seed=" + SEED + " mean burst " + meanBurst + " over " + burstRuns.size() + " bursts");

        List<Integer> bernoulliRuns = runLossExperiment(LinkParams.ideal().withLoss(badShare), frames);
        double meanBernoulliRun = bernoulliRuns.stream().mapToInt(Integer::intValue).average().orElseThrow();
        // Independent loss at p = 0.038 has runs of mean 1 / (1 - p) ~ 1.04.
        assertTrue(meanBernoulliRun < 1.2, "seed=" + SEED + " Bernoulli mean run " + meanBernoulliRun);
    }

    @Test
    @DisplayName("rate + queue: one frame on the wire, queuePackets waiting, the rest tail-dropped; a slot frees when a frame starts")
    void queueTailDrop() {
        // 100-byte frames at 1 Mbit/s take 992 us each.
        LinkParams slow = LinkParams.ideal().withRate(1_000_000L).withQueuePackets(3);
        ScriptNode a = new ScriptNode().onBoot(env -> {
            for (int i = 0; i < 10; i++) env.transmit(1, Frames.frame(100, i));
            env.schedule(us(1_500), "second burst", () -> {
                env.transmit(1, Frames.frame(100, 100));
                env.transmit(1, Frames.frame(100, 101));
            });
        });
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, slow, LinkParams.ideal())) {
            pair.kernel.runUntil(ms(10));
            // At 1.5 ms frame 1 is on the wire and frames 2, 3 wait: one slot is free for frame 100 (starts at 3968 us).
            assertEquals(List.of(0, 1, 2, 3, 100), b.receivedSeqs());
            assertEquals(List.of(us(992), us(1_984), us(2_976), us(3_968), us(4_960)), times(b));
            LinkCounters c = pair.link.counters(Direction.A_TO_B);
            assertEquals(7, c.dropped(DropReason.QUEUE_FULL));
            assertEquals(12, c.txFrames());
            assertEquals(5, c.deliveredFrames());
            assertEquals(7, pair.linesWith("QUEUE_FULL").size());
        }
    }

    @Test
    @DisplayName("MTU counts the payload after the 14-byte Ethernet header: 1514 bytes pass a 1500 MTU, 1515 are dropped")
    void mtuDrop() {
        ScriptNode a = new ScriptNode().onBoot(env -> {
            env.transmit(1, Frames.frame(1514, 1));
            env.transmit(1, Frames.frame(1515, 2));
        });
        ScriptNode b = new ScriptNode().onBoot(env -> env.transmit(1, Frames.frame(1515, 3)));
        try (Pair pair = new Pair(a, b, LinkParams.ideal(), LinkParams.ideal().withMtu(9000))) {
            pair.kernel.runUntil(ms(1));
            assertEquals(List.of(1), b.receivedSeqs());
            assertEquals(List.of(3), a.receivedSeqs(), "the other direction has a jumbo MTU");
            assertEquals(1, pair.link.counters(Direction.A_TO_B).dropped(DropReason.MTU_EXCEEDED));
            assertEquals(List.of("0.000000000s ab drop ab MTU_EXCEEDED len=1515 from=a:1 mtu=1500"), pair.linesWith("MTU_EXCEEDED"));
        }
    }

    @Test
    @DisplayName("admin down: carrier(false) at both ends, queued/in-flight/new frames dropped LINK_DOWN; up: carrier(true) at both ends")
    void adminDownAndUp() {
        LinkParams tenMs = LinkParams.ideal().withDelay(ms(10));
        ScriptNode a = new ScriptNode().onBoot(env -> {
            env.transmit(1, Frames.frame(60, 0));                                  // in flight across the down
            env.schedule(ms(6), "while down", () -> env.transmit(1, Frames.frame(60, 1)));
            env.schedule(ms(21), "after up", () -> env.transmit(1, Frames.frame(60, 2)));
            env.schedule(ms(35), "across a blip", () -> env.transmit(1, Frames.frame(60, 3)));
        });
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, tenMs, tenMs)) {
            pair.kernel.at(ms(5), "down", () -> pair.link.setAdminUp(false));
            pair.kernel.at(ms(20), "up", () -> pair.link.setAdminUp(true));
            pair.kernel.at(ms(40), "blip down", () -> pair.link.setAdminUp(false));
            pair.kernel.at(ms(41), "blip up", () -> pair.link.setAdminUp(true));
            pair.kernel.runUntil(ms(100));
            List<ScriptNode.CarrierChange> expected = List.of(
                    new ScriptNode.CarrierChange(ms(5), 1, false), new ScriptNode.CarrierChange(ms(20), 1, true),
                    new ScriptNode.CarrierChange(ms(40), 1, false), new ScriptNode.CarrierChange(ms(41), 1, true));
            assertEquals(expected, a.carrierChanges);
            assertEquals(expected, b.carrierChanges);
            assertEquals(List.of(2), b.receivedSeqs());
            assertEquals(List.of(ms(31)), times(b));
            assertEquals(List.of(
                    "0.006000000s ab drop ab LINK_DOWN len=60 from=a:1",
                    "0.010000000s ab drop ab LINK_DOWN len=60 from=a:1 in-flight",
                    "0.045000000s ab drop ab LINK_DOWN len=60 from=a:1 in-flight"), pair.linesWith("LINK_DOWN"));
            assertEquals(List.of("0.005000000s ab state link/admin up->down", "0.020000000s ab state link/admin down->up",
                    "0.040000000s ab state link/admin up->down", "0.041000000s ab state link/admin down->up"), pair.linesWith("link/admin"));
            assertTrue(pair.link.isAdminUp());
        }
    }

    @Test
    @DisplayName("admin down flushes the transmit queue: after up, a frame starts at once instead of behind the old backlog")
    void adminDownFlushesQueue() {
        LinkParams slow = LinkParams.ideal().withRate(1_000_000L);
        ScriptNode a = new ScriptNode().onBoot(env -> {
            for (int i = 0; i < 5; i++) env.transmit(1, Frames.frame(100, i)); // busy until 4960 us
            env.schedule(ms(2), "after flush", () -> env.transmit(1, Frames.frame(100, 9)));
        });
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, slow, slow)) {
            pair.kernel.at(us(1_500), "down", () -> pair.link.setAdminUp(false));
            pair.kernel.at(us(1_600), "up", () -> pair.link.setAdminUp(true));
            pair.kernel.runUntil(ms(20));
            assertEquals(List.of(0, 9), b.receivedSeqs());
            assertEquals(List.of(us(992), ms(2) + us(992)), times(b));
            assertEquals(4, pair.link.counters(Direction.A_TO_B).dropped(DropReason.LINK_DOWN));
        }
    }

    @Test
    @DisplayName("one-way silent cut: only that direction loses frames (including in-flight ones), carrier stays up; heal restores it")
    void oneWayCut() {
        LinkParams tenMs = LinkParams.ideal().withDelay(ms(10));
        ScriptNode a = new ScriptNode().onBoot(env -> {
            env.transmit(1, Frames.frame(60, 0));                                   // in flight when cut
            env.schedule(ms(6), "during cut", () -> env.transmit(1, Frames.frame(60, 1)));
            env.schedule(ms(30), "after heal", () -> env.transmit(1, Frames.frame(60, 2)));
        });
        ScriptNode b = new ScriptNode().onBoot(env ->
                env.schedule(ms(6), "during cut", () -> env.transmit(1, Frames.frame(60, 50))));
        try (Pair pair = new Pair(a, b, tenMs, tenMs)) {
            pair.kernel.at(ms(5), "cut", () -> pair.link.cut(Direction.A_TO_B));
            pair.kernel.at(ms(20), "heal", () -> pair.link.heal(Direction.A_TO_B));
            pair.kernel.runUntil(ms(100));
            assertEquals(List.of(2), b.receivedSeqs());
            assertEquals(List.of(50), a.receivedSeqs());
            assertEquals(List.of(ms(16)), times(a));
            assertTrue(a.carrierChanges.isEmpty() && b.carrierChanges.isEmpty(), "a silent cut changes no carrier");
            assertEquals(2, pair.link.counters(Direction.A_TO_B).dropped(DropReason.SILENT_CUT));
            assertEquals(0, pair.link.counters(Direction.B_TO_A).droppedTotal());
            LinkCounters both = pair.link.counters(Direction.BOTH);
            assertEquals(3, both.txFrames(), "the frame refused at the cut never went on the wire");
            assertEquals(2, both.deliveredFrames());
            assertEquals(List.of("0.005000000s ab state link/A_TO_B ok->cut", "0.020000000s ab state link/A_TO_B cut->ok"),
                    pair.linesWith("state link/A_TO_B"));
            assertFalse(pair.link.isCut(Direction.BOTH));
        }
    }

    @Test
    @DisplayName("jitter stays within [delay, delay + jitter] and never reorders a direction")
    void jitterKeepsFifo() {
        int frames = 2_000;
        long delay = ms(1);
        long jitter = ms(5);
        LinkParams jittery = LinkParams.ideal().withDelay(delay).withJitter(jitter);
        ScriptNode a = new ScriptNode().onBoot(env -> Traffic.periodic(env, 1, frames, 0, us(10), 60));
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, jittery, LinkParams.ideal())) {
            pair.kernel.runUntil(ms(100));
            assertEquals(frames, b.received.size());
            long previous = Long.MIN_VALUE;
            long maxExtra = 0;
            for (int i = 0; i < frames; i++) {
                ScriptNode.Received r = b.received.get(i);
                assertEquals(i, Frames.seqOf(r.frame()), "seed=" + SEED + ": in order");
                long sent = i * us(10);
                long extra = r.time() - sent - delay;
                assertTrue(extra >= 0 && extra <= jitter, "seed=" + SEED + " frame " + i + " extra delay " + extra);
                assertTrue(r.time() >= previous, "seed=" + SEED + ": FIFO");
                previous = r.time();
                maxExtra = Math.max(maxExtra, extra);
            }
            assertTrue(maxExtra > jitter / 2, "jitter is applied, max extra " + maxExtra);
        }
    }

    @Test
    @DisplayName("setParams applies to frames sent afterwards; params(BOTH) is refused")
    void paramsChangeMidRun() {
        ScriptNode a = new ScriptNode().onBoot(env -> Traffic.periodic(env, 1, 2, 0, ms(10), 60));
        ScriptNode b = new ScriptNode();
        try (Pair pair = new Pair(a, b, LinkParams.ideal().withDelay(ms(1)), LinkParams.ideal())) {
            pair.kernel.at(ms(5), "slower", () -> pair.link.setParams(Direction.BOTH, LinkParams.ideal().withDelay(ms(3))));
            pair.kernel.runUntil(ms(100));
            assertEquals(List.of(ms(1), ms(13)), times(b));
            assertEquals(ms(3), pair.link.params(Direction.B_TO_A).delayNs());
            assertThrows(IllegalArgumentException.class, () -> pair.link.params(Direction.BOTH));
        }
    }

    @Test
    @DisplayName("link faults cannot be applied from inside a node's processing")
    void faultsFromNodesAreRefused() {
        ScriptNode a = new ScriptNode();
        try (Pair pair = new Pair(a, new ScriptNode(), LinkParams.ideal(), LinkParams.ideal())) {
            pair.kernel.onNode("a", ms(1), "cut from node", env -> pair.link.cut(Direction.BOTH));
            RuntimeException e = assertThrows(RuntimeException.class, () -> pair.kernel.runUntil(ms(2)));
            assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            assertFalse(pair.link.isCut(Direction.A_TO_B));
        }
    }

    @Test
    @DisplayName("parameters are validated")
    void paramsValidated() {
        assertThrows(IllegalArgumentException.class, () -> LinkParams.ideal().withLoss(1.5));
        assertThrows(IllegalArgumentException.class, () -> LinkParams.ideal().withDelay(-1));
        assertThrows(IllegalArgumentException.class, () -> LinkParams.ideal().withMtu(0));
        assertThrows(IllegalArgumentException.class, () -> new GilbertElliott(0.1, -0.1, 0, 1));
        assertEquals("r1:3", new PortRef("r1", 3).toString());
    }
}
