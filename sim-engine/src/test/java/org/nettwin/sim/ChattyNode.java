package org.nettwin.sim;

import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.us;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.GilbertElliott;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/** A busy toy protocol: random timers on a 10 us grid (so nodes share instants), random frames, echoes, cancels. */
final class ChattyNode implements HostedNode {
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

    static final int NODES = 6;

    /**
     * Six chatty nodes on a ring of links with every impairment (zero delay, jitter, loss, burst loss, rate with a
     * short queue, a small MTU), a chord, and link faults and a node action scheduled as kernel actions.
     */
    static void buildNetwork(SimKernel kernel) {
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
        kernel.at(ms(100), "ring2 down", () -> kernel.link("ring2").setAdminUp(false));
        kernel.at(ms(250), "ring2 up", () -> kernel.link("ring2").setAdminUp(true));
        kernel.at(ms(150), "cut chord", () -> kernel.link("chord").cut(Direction.A_TO_B));
        kernel.at(ms(300), "heal chord", () -> kernel.link("chord").heal(Direction.A_TO_B));
        kernel.at(ms(200), "slow ring4", () -> kernel.link("ring4").setParams(Direction.BOTH, base.withRate(5_000_000L)));
        kernel.onNode("n4", ms(120), "poke", env -> env.transmit(2, Frames.frame(200, 7_777)));
    }
}
