package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.us;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.sim.capture.PcapReader;
import org.nettwin.sim.link.PortRef;
import org.nettwin.sim.link.LinkParams;

/**
 * One network run in a single kernel and split across two partition kernels driven window by window (what the
 * cluster runs across JVMs): the merged trace is the single kernel's, record for record, so the fingerprints are
 * equal, and the pcaps of links inside a partition are byte-identical.
 */
class PartitionTest {
    private static final long RUN_NS = ms(400);
    private static final Set<String> LEFT = Set.of("n0", "n1", "n2");
    private static final Set<String> RIGHT = Set.of("n3", "n4", "n5");
    /** Links with both ends on one side; ring2, ring5 and chord cross. */
    private static final List<String> INTERNAL_LINKS = List.of("ring0", "ring1", "ring3", "ring4");

    @Test
    @DisplayName("two partitions exchanging outboxes per lookahead window merge into the single kernel's trace and pcaps")
    void partitionsMergeIntoTheSingleKernelRun(@TempDir Path dir) throws IOException {
        long seed = 777;
        List<OrderedRecord> single = new ArrayList<>();
        String singleFingerprint;
        KernelStats singleStats;
        try (SimKernel kernel = new SimKernel(new KernelConfig(seed, HostMode.INLINE, 1))) {
            ChattyNode.buildNetwork(kernel);
            kernel.captureAll(Files.createDirectories(dir.resolve("single")));
            kernel.addOrderedTraceListener(single::add);
            kernel.runUntil(RUN_NS);
            singleFingerprint = kernel.fingerprint();
            singleStats = kernel.stats();
        }

        List<OrderedRecord> left = new ArrayList<>();
        List<OrderedRecord> right = new ArrayList<>();
        int exchanged = 0;
        try (SimKernel p1 = SimKernel.partition(new KernelConfig(seed, HostMode.ACTORS, 2), LEFT, true);
             SimKernel p2 = SimKernel.partition(new KernelConfig(seed, HostMode.INLINE, 1), RIGHT, false)) {
            ChattyNode.buildNetwork(p1);
            ChattyNode.buildNetwork(p2);
            p1.captureAll(Files.createDirectories(dir.resolve("left")));
            p2.captureAll(Files.createDirectories(dir.resolve("right")));
            p1.addOrderedTraceListener(left::add);
            p2.addOrderedTraceListener(right::add);
            long lookahead = Math.min(p1.lookahead(), p2.lookahead());
            assertEquals(us(30), lookahead, "smallest boundary-link delay (ring2, chord)");
            for (long t = 0; t <= RUN_NS; ) {
                long end = Math.min(t + lookahead, RUN_NS + 1);
                List<BoundaryArrival> fromLeft = p1.runWindow(end);
                List<BoundaryArrival> fromRight = p2.runWindow(end);
                p1.inject(fromRight);
                p2.inject(fromLeft);
                exchanged += fromLeft.size() + fromRight.size();
                t = end;
            }
        }

        assertTrue(singleStats.framesSent() > 3_000 && singleStats.framesDropped() > 100, "a busy run: " + singleStats);
        assertTrue(exchanged > 500, "frames crossed the boundary: " + exchanged);
        assertFalse(left.isEmpty() || right.isEmpty());
        assertTrue(left.stream().noneMatch(r -> RIGHT.contains(r.record().node())), "left traces none of the right nodes");
        assertTrue(right.stream().allMatch(r -> r.rank() >= 0), "only the left partition keeps kernel records");

        List<OrderedRecord> merged = TraceMerge.merge(List.of(left, right));
        assertEquals(lines(single), lines(merged), "merged partition trace vs single kernel");
        assertEquals(singleFingerprint, TraceMerge.fingerprint(merged));

        for (String link : INTERNAL_LINKS) {
            String side = link.equals("ring4") || link.equals("ring3") ? "right" : "left";
            byte[] reference = Files.readAllBytes(dir.resolve("single").resolve(link + ".pcap"));
            assertTrue(reference.length > 24 + 16, link + " captured frames");
            assertArrayEquals(reference, Files.readAllBytes(dir.resolve(side).resolve(link + ".pcap")), link + " pcap");
        }
        for (String link : List.of("ring2", "ring5", "chord")) {
            int whole = PcapReader.read(dir.resolve("single").resolve(link + ".pcap")).size();
            int split = PcapReader.read(dir.resolve("left").resolve(link + ".pcap")).size()
                    + PcapReader.read(dir.resolve("right").resolve(link + ".pcap")).size();
            assertEquals(whole, split, link + ": each side captures the direction it sends");
        }
    }

    @Test
    @DisplayName("an arrival injected behind the partition's clock is refused, and boundary links need a delay")
    void misuseIsRefused() {
        try (SimKernel p1 = SimKernel.partition(new KernelConfig(1, HostMode.INLINE, 1), Set.of("a"), true)) {
            p1.addNode("a", new ScriptNode());
            p1.addNode("b", new ScriptNode());
            p1.connect("ab", new PortRef("a", 0), new PortRef("b", 0), LinkParams.ideal().withDelay(us(10)), LinkParams.ideal().withDelay(us(10)));
            assertEquals(us(10), p1.lookahead());
            p1.runWindow(us(20));
            BoundaryArrival late = new BoundaryArrival(us(15), "ab", org.nettwin.sim.link.Direction.B_TO_A, new byte[60], 0, 0, us(5), 1, 0);
            assertThrows(IllegalStateException.class, () -> p1.inject(List.of(late)));
        }
        try (SimKernel p1 = SimKernel.partition(new KernelConfig(1, HostMode.INLINE, 1), Set.of("a"), true)) {
            p1.addNode("a", new ScriptNode());
            p1.addNode("b", new ScriptNode());
            p1.connect("ab", new PortRef("a", 0), new PortRef("b", 0), LinkParams.ideal(), LinkParams.ideal());
            assertThrows(IllegalStateException.class, p1::lookahead);
        }
    }

    private static List<String> lines(List<OrderedRecord> records) {
        return records.stream().map(r -> r.record().line()).toList();
    }

}
