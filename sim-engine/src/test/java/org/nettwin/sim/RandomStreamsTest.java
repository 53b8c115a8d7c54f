package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.us;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

class RandomStreamsTest {

    @Test
    @DisplayName("stream seed = first 8 bytes (big-endian) of SHA-256(seed as 8 BE bytes ++ UTF-8 path)")
    void derivationMatchesAnIndependentSha256() {
        // Golden values from Python: struct.unpack('>q', hashlib.sha256(struct.pack('>q', seed) + path.encode()).digest()[:8])
        assertEquals(-200390602776129354L, RandomStreams.derive(42, "node/r1/arp"));
        assertEquals(5983051960028612091L, RandomStreams.derive(0, "link/r1:eth0-sw:p1/A_TO_B/loss"));
        assertEquals(3209161487536511142L, RandomStreams.derive(-1, "scenario/chaos"));
        assertEquals(new SplittableRandom(-200390602776129354L).nextLong(), new RandomStreams(42).stream("node/r1/arp").nextLong());
    }

    /** What one run exposes of r1's random stream and of link "l1"'s impairment streams. */
    private record Observed(List<Long> r1Draws, List<Long> r2ArrivalTimes, List<Integer> r2Seqs) {}

    private static Observed run(boolean withExtraNode) {
        try (SimKernel kernel = new SimKernel(new KernelConfig(2024, HostMode.INLINE, 1))) {
            List<Long> draws = new ArrayList<>();
            ScriptNode r2 = new ScriptNode();
            if (withExtraNode) {
                // Added first, drawing from a same-named path and sending over its own lossy link to r1.
                kernel.addNode("r0", new ScriptNode().onBoot(env -> {
                    env.random("arp").nextLong();
                    Traffic.periodic(env, 1, 500, 0, us(7), 80);
                }));
            }
            kernel.addNode("r1", new ScriptNode().onBoot(env -> {
                for (int i = 0; i < 3; i++) draws.add(env.random("arp").nextLong());
                env.schedule(ms(2), "later", () -> draws.add(env.random("arp").nextLong()));
                Traffic.periodic(env, 1, 1_000, 0, us(5), 60);
            }));
            kernel.addNode("r2", r2);
            if (withExtraNode) {
                kernel.connect("l0", new PortRef("r0", 1), new PortRef("r1", 2),
                        LinkParams.ideal().withLoss(0.3).withJitter(us(50)), LinkParams.ideal());
            }
            kernel.connect("l1", new PortRef("r1", 1), new PortRef("r2", 1),
                    LinkParams.ideal().withDelay(us(100)).withJitter(us(40)).withLoss(0.2), LinkParams.ideal());
            kernel.runUntil(ms(20));
            return new Observed(draws, r2.received.stream().map(ScriptNode.Received::time).toList(), r2.receivedSeqs());
        }
    }

    @Test
    @DisplayName("adding a node and a link leaves another node's and another link's draws unchanged")
    void streamsAreIndependentOfOtherObjects() {
        Observed alone = run(false);
        Observed withNeighbour = run(true);
        assertEquals(4, alone.r1Draws().size());
        assertEquals(alone.r1Draws(), withNeighbour.r1Draws(), "r1's stream 'arp'");
        assertEquals(alone.r2Seqs(), withNeighbour.r2Seqs(), "l1's loss stream");
        assertEquals(alone.r2ArrivalTimes(), withNeighbour.r2ArrivalTimes(), "l1's jitter stream");
        // Successive random("arp") calls continue one stream: they are the stream's first draws in order.
        SplittableRandom expected = new SplittableRandom(RandomStreams.derive(2024, "node/r1/arp"));
        for (long draw : alone.r1Draws()) assertEquals(expected.nextLong(), draw);
        assertNotEquals(RandomStreams.derive(2024, "node/r0/arp"), RandomStreams.derive(2024, "node/r1/arp"));
    }
}
