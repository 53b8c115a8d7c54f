package org.nettwin.sim;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.capture.PcapWriter;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.LinkDriver;
import org.nettwin.sim.link.LinkRuntime;

/** The kernel's hosting of one link: it resolves the two end nodes once and serves the link model's needs. */
final class WiredLink implements LinkRuntime {
    private final SimKernel kernel;
    private final String name;
    private final NodeHost endA;
    private final int portA;
    private final NodeHost endB;
    private final int portB;
    private LinkDriver driver;
    private PcapWriter capture;

    WiredLink(SimKernel kernel, String name, NodeHost endA, int portA, NodeHost endB, int portB) {
        this.kernel = kernel;
        this.name = name;
        this.endA = endA;
        this.portA = portA;
        this.endB = endB;
        this.portB = portB;
    }

    void attach(LinkDriver driver) { this.driver = driver; }

    LinkDriver driver() { return driver; }

    String name() { return name; }

    PcapWriter capture() { return capture; }

    void setCapture(PcapWriter capture) { this.capture = capture; }

    @Override public long now() { return kernel.now(); }

    @Override public RandomGenerator random(String path) { return kernel.streams().stream(path); }

    @Override public void trace(TraceEvent event) { kernel.emit(name, event); }

    @Override
    public void capture(byte[] frame) {
        if (capture != null) capture.write(kernel.now(), frame);
    }

    @Override
    public void scheduleArrival(Direction direction, long arrivalNs, byte[] frame, int crc, long disruptionStamp) {
        boolean towardB = direction == Direction.A_TO_B;
        NodeHost receiver = towardB ? endB : endA;
        int port = towardB ? portB : portA;
        kernel.enqueue(new NodeEvent.Arrival(receiver, port, this, direction, frame, crc, disruptionStamp), arrivalNs);
    }

    @Override
    public void carrierChanged(boolean up) {
        long now = kernel.now();
        kernel.enqueue(new NodeEvent.Carrier(endA, portA, up), now);
        kernel.enqueue(new NodeEvent.Carrier(endB, portB, up), now);
    }

    @Override public void checkKernelContext() { kernel.checkKernelContext(); }
}
