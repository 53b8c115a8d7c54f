package org.nettwin.sim.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nettwin.protocols.env.Time.us;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.KernelStats;

/** Checks what the benchmark counts, never how fast it runs. */
class KernelBenchTest {

    @Test
    @DisplayName("trivial workload: boots + one tick per node per us (0..T) + one bounced frame per node per us (1..T)")
    void trivialWorkloadCountsByHand() {
        int nodes = 4;
        long simulated = us(100);
        KernelBench.BenchResult inline = KernelBench.run("trivial", nodes, simulated, new KernelConfig(1, HostMode.INLINE, 1));
        KernelStats s = inline.stats();
        assertEquals(nodes * (1 + 101 + 100), s.eventsProcessed(), String.valueOf(s));
        assertEquals(nodes * 101, s.timersFired());
        assertEquals(nodes * 100, s.framesDelivered());
        assertEquals(simulated, s.simulatedNanos());
        KernelBench.BenchResult actors = KernelBench.run("trivial", nodes, simulated, new KernelConfig(1, HostMode.ACTORS, 2));
        assertEquals(inline.fingerprint(), actors.fingerprint());
    }

    @Test
    @DisplayName("staggered workload: unlinked nodes, each its own group, the whole run one window")
    void staggeredRunsAsOneWindow() {
        KernelStats s = KernelBench.run("staggered", 8, us(10), new KernelConfig(1, HostMode.INLINE, 1)).stats();
        assertEquals(1, s.windows(), "no link bounds the lookahead: " + s);
        assertEquals(8, s.groupRuns(), "one group run per node: " + s);
        assertEquals(1, s.parallelWindows(), s.toString());
        // Node i ticks at i ns + k us; up to 10 us that is k = 0..10 for node 0 and k = 0..9 for the others.
        assertEquals(11 + 7 * 10, s.timersFired(), String.valueOf(s));
        assertEquals(8 + 11 + 7 * 10, s.eventsProcessed(), String.valueOf(s));
    }

    @Test
    void unknownWorkloadIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelBench.run("nope", 2, us(1), new KernelConfig(1, HostMode.INLINE, 1)));
        assertThrows(IllegalArgumentException.class, () -> KernelBench.run("frames", 3, us(1), new KernelConfig(1, HostMode.INLINE, 1)));
    }
}
