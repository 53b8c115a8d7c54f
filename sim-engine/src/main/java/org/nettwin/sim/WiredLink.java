package org.nettwin.sim;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.capture.PcapWriter;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.LinkDriver;
import org.nettwin.sim.link.LinkRuntime;

/**
 * The kernel's hosting of one link. As a {@link LinkRuntime} it serves the kernel thread (admin changes, cuts);
 * each direction's send path runs in the sending node's context and its arrival checks in the receiving node's,
 * through {@link End} runtimes bound to those nodes, so a link's records are keyed by the node that caused them.
 */
final class WiredLink implements LinkRuntime {
    private final SimKernel kernel;
    private final String name;
    private final NodeHost endA;
    private final int portA;
    private final NodeHost endB;
    private final int portB;
    private final End sendAToB;
    private final End sendBToA;
    private LinkDriver driver;
    private PcapWriter capture;

    WiredLink(SimKernel kernel, String name, NodeHost endA, int portA, NodeHost endB, int portB) {
        this.kernel = kernel;
        this.name = name;
        this.endA = endA;
        this.portA = portA;
        this.endB = endB;
        this.portB = portB;
        this.sendAToB = new End(endA);
        this.sendBToA = new End(endB);
    }

    void attach(LinkDriver driver) { this.driver = driver; }

    LinkDriver driver() { return driver; }

    String name() { return name; }

    PcapWriter capture() { return capture; }

    void setCapture(PcapWriter capture) { this.capture = capture; }

    NodeHost sender(Direction direction) { return direction == Direction.A_TO_B ? endA : endB; }

    NodeHost receiver(Direction direction) { return direction == Direction.A_TO_B ? endB : endA; }

    int receiverPort(Direction direction) { return direction == Direction.A_TO_B ? portB : portA; }

    /** Whether exactly one end runs in this kernel: the link crosses to another partition. */
    boolean isBoundary() { return endA.hosted != endB.hosted; }

    // ---- kernel-thread side

    @Override public long now() { return kernel.now(); }

    @Override public RandomGenerator random(String path) { return kernel.streams().stream(path); }

    @Override public void trace(TraceEvent event) { kernel.emitKernel(name, event); }

    @Override
    public void capture(byte[] frame) {
        throw new IllegalStateException("link " + name + ": frames are sent from a node's context, not the kernel's");
    }

    @Override
    public void scheduleArrival(Direction direction, long arrivalNs, byte[] frame, int crc, long disruptionStamp) {
        throw new IllegalStateException("link " + name + ": frames are sent from a node's context, not the kernel's");
    }

    @Override
    public void carrierChanged(boolean up) {
        kernel.pushFromKernel(new NodeEvent.Carrier(endA, portA, up), kernel.now());
        kernel.pushFromKernel(new NodeEvent.Carrier(endB, portB, up), kernel.now());
    }

    @Override public void checkKernelContext() { kernel.checkKernelContext(); }

    @Override public void paramsChanged() { kernel.topologyChanged(); }

    @Override public LinkRuntime sendSide(Direction direction) { return direction == Direction.A_TO_B ? sendAToB : sendBToA; }

    @Override public LinkRuntime receiveSide(Direction direction) { return direction == Direction.A_TO_B ? sendBToA : sendAToB; }

    /** The link as seen from one end node's processing: its clock, its records, its group's queue. */
    private final class End implements LinkRuntime {
        private final NodeHost host;

        End(NodeHost host) { this.host = host; }

        @Override public long now() { return host.localNow; }

        @Override public RandomGenerator random(String path) { return WiredLink.this.random(path); }

        @Override public void trace(TraceEvent event) { host.record(name, event); }

        @Override
        public void capture(byte[] frame) {
            if (capture != null) host.capture(capture, frame);
        }

        @Override
        public void scheduleArrival(Direction direction, long arrivalNs, byte[] frame, int crc, long disruptionStamp) {
            NodeHost to = receiver(direction);
            NodeEvent.Arrival arrival = new NodeEvent.Arrival(to, receiverPort(direction), WiredLink.this, direction, frame, crc, disruptionStamp);
            host.keyCreated(arrival, arrivalNs);
            // Inside the group it may be due in this very window (zero delay); anywhere else it is at least a
            // lookahead away, and the kernel hands it over after the barrier.
            if (to.group == host.group && to.hosted) host.group.queue.push(arrival);
            else host.group.outbound.add(arrival);
        }

        @Override public void carrierChanged(boolean up) { WiredLink.this.carrierChanged(up); }

        @Override public void checkKernelContext() { kernel.checkKernelContext(); }
    }
}
