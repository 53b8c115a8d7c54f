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
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.GilbertElliott;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * The same seed must give the same trace fingerprint and byte-identical pcaps whether nodes run inline, on one
 * actor thread or on four (ARCHITECTURE "Virtual time and determinism").
 */
class DeterminismTest {
    private static final int NODES = 6;
    private static final long RUN_NS = ms(600);

    /** A busy toy protocol: random timers on a 10 us grid (so nodes share instants), random frames, echoes, cancels. */
    private static final class ChattyNode implements HostedNode {
        private final int[] ports;
        private NodeEnv env;
        private RandomGenerator random;
        private TimerHandle pendingCancel;
        private int sent;

        ChattyNode(int... ports) { this.ports = ports; }

        @Override
        public void boot(NodeEnv env) {
            this.env = env;
            this.random = env.random("chatty");
            env.trace(new TraceEvent.StateChanged("chatty", "DOWN", "UP"));
            arm();
        }

        private void arm() {
            env.after(us(10) * random.nextInt(2, 40), "tick", this::tick);
        }

        private void tick() {
            // One port in seven does not exist: NO_SUCH_PORT drops are part of the trace too.
            int choice = random.nextInt(ports.length + 1);
            int port = choice < ports.length ? ports[choice] : 99;
            byte[] frame = Frames.frame(60 + random.nextInt(1_100), sent++);
            env.transmit(port, frame);
            if (pendingCancel != null) {
                pendingCancel.cancel();
                pendingCancel = null;
            } else if (random.nextInt(4) == 0) {
                pendingCancel = env.after(us(25), "maybe", () -> env.trace(new TraceEvent.Log("chatty", "not cancelled")));
            }
            arm();
        }

        @Override
        public void receive(int port, byte[] frame) {
            if (random.nextInt(10) < 3) env.transmit(port, Frames.frame(64, -Frames.seqOf(frame)));
            if (random.nextInt(20) == 0) env.trace(new TraceEvent.Log("chatty", "rx " + Frames.seqOf(frame) + " on " + port));
        }

        @Override
        public void carrier(int port, boolean up) {
            env.trace(new TraceEvent.StateChanged("if/" + port, up ? "DOWN" : "UP", up ? "UP" : "DOWN"));
        }
    }

    private record Outcome(String fingerprint, KernelStats stats, List<Path> pcaps) {}

    private static Outcome run(KernelConfig config, Path captureDir) throws IOException {
        Files.createDirectories(captureDir);
        try (SimKernel kernel = new SimKernel(config)) {
            for (int i = 0; i < NODES; i++) kernel.addNode("n" + i, new ChattyNode(1, 2, 3));
            LinkParams base = LinkParams.ideal().withDelay(us(30));
            LinkParams[] ring = {
                    LinkParams.ideal(),                                                // zero delay: same-instant rounds
                    base.withJitter(us(80)).withLoss(0.05),
                    base.withBurstLoss(GilbertElliott.gilbert(0.05, 0.3)),
                    base.withRate(20_000_000L).withQueuePackets(4),
                    base.withMtu(1_000).withJitter(us(15)),
                    base.withDelay(us(250)).withRate(100_000_000L).withLoss(0.02),
            };
            for (int i = 0; i < NODES; i++) {
                kernel.connect("ring" + i, new PortRef("n" + i, 1), new PortRef("n" + ((i + 1) % NODES), 2), ring[i], ring[(i + 2) % NODES]);
            }
            kernel.connect("chord", new PortRef("n0", 3), new PortRef("n3", 3), base.withJitter(us(100)), base);
            kernel.captureAll(captureDir);
            kernel.at(ms(100), "ring2 down", () -> kernel.link("ring2").setAdminUp(false));
            kernel.at(ms(250), "ring2 up", () -> kernel.link("ring2").setAdminUp(true));
            kernel.at(ms(150), "cut chord", () -> kernel.link("chord").cut(Direction.A_TO_B));
            kernel.at(ms(300), "heal chord", () -> kernel.link("chord").heal(Direction.A_TO_B));
            kernel.at(ms(200), "slow ring4", () -> kernel.link("ring4").setParams(Direction.BOTH, base.withRate(5_000_000L)));
            kernel.onNode("n4", ms(120), "poke", env -> env.transmit(2, Frames.frame(200, 7_777)));
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
        assertTrue(s.eventsProcessed() > s.instants(), "instants are shared by several events: " + s);
        assertTrue(s.rounds() > s.instants(), "zero-delay echoes need further rounds: " + s);
        assertTrue(s.parallelBatches() > 1_000, "many instants have several busy nodes, run in parallel by actors: " + s);

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
}
