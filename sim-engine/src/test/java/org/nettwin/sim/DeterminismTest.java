package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.us;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed must give the same trace fingerprint and byte-identical pcaps whether nodes run inline, on one
 * actor thread or on four (ARCHITECTURE "Virtual time and determinism").
 */
class DeterminismTest {
    private static final long RUN_NS = ms(600);

    private record Outcome(String fingerprint, KernelStats stats, List<Path> pcaps) {}

    private static Outcome run(KernelConfig config, Path captureDir) throws IOException {
        return run(config, captureDir, kernel -> {});
    }

    /** {@code tune} runs after the network is built, before the run (window bounds, stop conditions). */
    private static Outcome run(KernelConfig config, Path captureDir, java.util.function.Consumer<SimKernel> tune) throws IOException {
        Files.createDirectories(captureDir);
        try (SimKernel kernel = new SimKernel(config)) {
            ChattyNode.buildNetwork(kernel);
            tune.accept(kernel);
            kernel.captureAll(captureDir);
            kernel.runUntil(RUN_NS / 2);
            kernel.runUntil(RUN_NS);
            Outcome outcome = new Outcome(kernel.fingerprint(), kernel.stats(),
                    kernel.links().stream().map(l -> captureDir.resolve(l.name() + ".pcap")).toList());
            return outcome;
        }
    }

    @Test
    @DisplayName("INLINE, ACTORS(1) and ACTORS(4) give the same fingerprint and byte-identical pcaps; another seed does not")
    void sameResultsWhateverTheHosting(@TempDir Path dir) throws IOException {
        long seed = 90210;
        Outcome inline = run(new KernelConfig(seed, HostMode.INLINE, 1), dir.resolve("inline"));
        Outcome oneThread = run(new KernelConfig(seed, HostMode.ACTORS, 1), dir.resolve("actors1"));
        Outcome fourThreads = run(new KernelConfig(seed, HostMode.ACTORS, 4), dir.resolve("actors4"));

        KernelStats s = inline.stats();
        assertTrue(s.framesSent() > 10_000 && s.framesDropped() > 500 && s.timersFired() > 10_000,
                "the workload must be busy enough to mean something: " + s);
        assertTrue(s.eventsProcessed() > s.windows(), "windows are shared by several events: " + s);
        assertTrue(s.groupRuns() > s.windows(), "zero-delay echoes run in groups, several per window: " + s);
        assertTrue(s.parallelWindows() > 1_000, "many windows have several busy groups, run in parallel by actors: " + s);

        assertEquals(inline.fingerprint(), oneThread.fingerprint(), "INLINE vs ACTORS(1), seed=" + seed);
        assertEquals(inline.fingerprint(), fourThreads.fingerprint(), "INLINE vs ACTORS(4), seed=" + seed);
        assertEquals(inline.stats().eventsProcessed(), fourThreads.stats().eventsProcessed());
        assertEquals(7, inline.pcaps().size());
        for (int i = 0; i < inline.pcaps().size(); i++) {
            byte[] reference = Files.readAllBytes(inline.pcaps().get(i));
            assertTrue(reference.length > 24 + 16, "capture " + inline.pcaps().get(i) + " holds frames");
            assertArrayEquals(reference, Files.readAllBytes(oneThread.pcaps().get(i)), "ACTORS(1) " + oneThread.pcaps().get(i));
            assertArrayEquals(reference, Files.readAllBytes(fourThreads.pcaps().get(i)), "ACTORS(4) " + fourThreads.pcaps().get(i));
        }

        Outcome otherSeed = run(new KernelConfig(seed + 1, HostMode.ACTORS, 4), dir.resolve("other-seed"));
        assertNotEquals(inline.fingerprint(), otherSeed.fingerprint(), "the fingerprint must depend on the seed");
    }

    @Test
    @DisplayName("the result does not depend on where windows are cut: default lookahead, 7 us windows, one-instant windows")
    void sameResultsWhateverTheWindows(@TempDir Path dir) throws IOException {
        long seed = 4242;
        Outcome wide = run(new KernelConfig(seed, HostMode.INLINE, 1), dir.resolve("wide"));
        Outcome narrow = run(new KernelConfig(seed, HostMode.ACTORS, 2), dir.resolve("narrow"), k -> k.boundLookahead(us(7)));
        // A stop condition that never matches makes every window a single instant.
        Outcome instants = run(new KernelConfig(seed, HostMode.ACTORS, 2), dir.resolve("instants"), k -> k.stopWhen(r -> false));
        assertTrue(narrow.stats().windows() > wide.stats().windows(), "7 us windows are more windows: " + narrow.stats() + " vs " + wide.stats());
        assertTrue(instants.stats().windows() > narrow.stats().windows(), "one-instant windows are more still: " + instants.stats());
        assertEquals(wide.fingerprint(), narrow.fingerprint(), "7 us windows, seed=" + seed);
        assertEquals(wide.fingerprint(), instants.fingerprint(), "one-instant windows, seed=" + seed);
        for (int i = 0; i < wide.pcaps().size(); i++) {
            byte[] reference = Files.readAllBytes(wide.pcaps().get(i));
            assertArrayEquals(reference, Files.readAllBytes(narrow.pcaps().get(i)), "7 us windows " + narrow.pcaps().get(i));
            assertArrayEquals(reference, Files.readAllBytes(instants.pcaps().get(i)), "one-instant windows " + instants.pcaps().get(i));
        }
    }
}
