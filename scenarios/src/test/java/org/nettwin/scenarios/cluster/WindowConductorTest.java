package org.nettwin.scenarios.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The conservative window barrier over the toy model: any partitioning gives the one-partition trace, exactly. */
class WindowConductorTest {
    private static final int NODES = 8;
    private static final long END_NS = 120_000_000L;

    @Test
    @DisplayName("random assignments to 2..4 partitions merge into exactly the single-partition trace")
    void anyPartitioningGivesTheSingleTrace() throws Exception {
        long seed = 20261122L;
        SplittableRandom random = new SplittableRandom(seed);
        PartitionedResult single = InProcessPartitions.run(ToyRingEngine.plan("ring:" + NODES, 7, END_NS, 1, new int[NODES]), true);
        assertTrue(single.records() > 500, "the toy model should be busy: " + single.records());
        assertEquals(1, single.windows(), "one partition has no boundary link, so one window");
        for (int trial = 0; trial < 20; trial++) {
            int partitions = 2 + random.nextInt(3);
            int[] assignment = new int[NODES];
            for (int i = 0; i < NODES; i++) assignment[i] = i < partitions ? i : random.nextInt(partitions);
            PartitionedResult split = InProcessPartitions.run(ToyRingEngine.plan("ring:" + NODES, 7, END_NS, partitions, assignment), true);
            String context = "seed " + seed + ", trial " + trial + ", assignment " + Arrays.toString(assignment);
            assertEquals(single.lines(), split.lines(), context);
            assertEquals(single.fingerprint(), split.fingerprint(), context);
            assertTrue(split.windows() > 10, "windows: " + split.windows() + " (" + context + ")");
            assertTrue(split.crossFrames() > 0, "frames crossed: " + context);
        }
    }

    @Test
    @DisplayName("the fingerprint is SHA-256 over line + \"\\n\", as SimKernel.fingerprint() is")
    void fingerprintIsTheKernelsDigest() throws Exception {
        PartitionedResult r = InProcessPartitions.run(ToyRingEngine.plan("ring:5", 3, 30_000_000L, 2, new int[] {0, 1, 0, 1, 1}), true);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (String line : r.lines()) digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest.digest()), r.fingerprint());
        assertEquals(r.records(), r.lines().size());
    }

    @Test
    @DisplayName("a different seed changes the trace (the comparison can fail)")
    void seedMatters() throws Exception {
        PartitionedResult a = InProcessPartitions.run(ToyRingEngine.plan("ring:5", 3, 30_000_000L, 1, new int[5]), false);
        PartitionedResult b = InProcessPartitions.run(ToyRingEngine.plan("ring:5", 4, 30_000_000L, 1, new int[5]), false);
        assertNotEquals(a.fingerprint(), b.fingerprint());
    }

    @Test
    @DisplayName("a lookahead larger than a boundary link's delay is caught, not silently reordered")
    void overclaimedLookaheadIsCaught() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                InProcessPartitions.run(ToyRingEngine.plan("ring:6:overclaim", 3, 50_000_000L, 2, new int[] {0, 1, 0, 1, 0, 1}), false));
        assertTrue(e.getMessage().contains("lookahead"), e.getMessage());
    }

    @Test
    @DisplayName("a boundary link without delay cannot be cut: lookahead 0 is refused")
    void zeroLookaheadIsRefused() {
        PartitionPlan plan = ToyRingEngine.plan("ring:4", 1, 1_000_000L, 2, new int[] {0, 1, 0, 1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowConductor(plan, new long[] {0, 5}, new long[] {0, 0}, false));
        assertTrue(e.getMessage().contains("cannot be cut"), e.getMessage());
    }

    @Test
    @DisplayName("idle virtual time is skipped: windows start at the earliest pending event")
    void windowsSkipIdleTime() {
        PartitionPlan plan = ToyRingEngine.plan("ring:4", 1, 10_000_000_000L, 2, new int[] {0, 1, 0, 1});
        WindowConductor c = new WindowConductor(plan, new long[] {1_000_000, 2_000_000}, new long[] {5_000_000_000L, Long.MAX_VALUE}, false);
        WindowConductor.Window w = c.nextWindow();
        assertEquals(5_000_000_000L, w.startNs());
        assertEquals(5_001_000_000L, w.endExclusiveNs());
        c.complete(0, new WindowOutput(List.of(new CrossFrame("n1", 9_000_000_000L, new byte[] {1})), List.of(), Long.MAX_VALUE));
        assertTrue(c.complete(1, new WindowOutput(List.of(), List.of(), Long.MAX_VALUE)));
        WindowConductor.Window next = c.nextWindow();
        assertEquals(9_000_000_000L, next.startNs(), "the next window starts at the injected arrival");
        assertEquals(List.of(new CrossFrame("n1", 9_000_000_000L, new byte[] {1})), next.inbound().get(1));
        assertEquals(List.of(), next.inbound().get(0));
        c.complete(0, new WindowOutput(List.of(), List.of(), Long.MAX_VALUE));
        c.complete(1, new WindowOutput(List.of(), List.of(), Long.MAX_VALUE));
        assertEquals(null, c.nextWindow(), "nothing left: the run is over");
    }
}
