package org.nettwin.realadapter;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.LinkDriver;
import org.nettwin.sim.link.LinkRuntime;

/**
 * The wall-clock runtime's hosting of one simulated link: the simulator's own {@link org.nettwin.sim.link.Link}
 * model (delay, jitter, loss, rate, queue, MTU, admin state, cuts), with arrivals scheduled on the receiving
 * node's lane. The two ends send from two different lanes and faults come from a third, so every call into
 * the model holds the runtime's link lock; the model itself was written for one thread.
 */
final class LinkHost implements LinkRuntime {
    private final WallClockRuntime runtime;
    private final String name;
    private final NodeLane endA;
    private final int portA;
    private final NodeLane endB;
    private final int portB;
    private LinkDriver driver;

    LinkHost(WallClockRuntime runtime, String name, NodeLane endA, int portA, NodeLane endB, int portB) {
        this.runtime = runtime;
        this.name = name;
        this.endA = endA;
        this.portA = portA;
        this.endB = endB;
        this.portB = portB;
    }

    void attach(LinkDriver linkDriver) {
        this.driver = linkDriver;
        endA.bind(portA, frame -> send(Direction.A_TO_B, frame));
        endB.bind(portB, frame -> send(Direction.B_TO_A, frame));
    }

    LinkDriver driver() { return driver; }

    private void send(Direction direction, byte[] frame) {
        synchronized (runtime.linkLock) {
            driver.send(direction, frame);
        }
    }

    private boolean arrive(Direction direction, byte[] frame, int crc, long disruptionStamp) {
        synchronized (runtime.linkLock) {
            return driver.arrive(direction, frame.length, crc, disruptionStamp);
        }
    }

    /** The time of the lane calling (a node sending, a fault), so the link's trace lines up with theirs. */
    @Override public long now() { return runtime.laneNow(); }

    @Override public RandomGenerator random(String path) { return runtime.streams().stream(path); }

    @Override public void trace(TraceEvent event) { runtime.emit(runtime.laneNow(), name, event); }

    /** Captures are a simulator feature for now; a wall-clock run records the trace only. */
    @Override public void capture(byte[] frame) { }

    @Override
    public void scheduleArrival(Direction direction, long arrivalNs, byte[] frame, int crc, long disruptionStamp) {
        boolean towardB = direction == Direction.A_TO_B;
        NodeLane receiver = towardB ? endB : endA;
        int port = towardB ? portB : portA;
        receiver.submit(receiver.frame(port, frame, arrivalNs, "link " + name, () -> arrive(direction, frame, crc, disruptionStamp)));
    }

    @Override
    public void carrierChanged(boolean up) {
        long now = runtime.laneNow();
        endA.submit(endA.carrier(portA, up, now));
        endB.submit(endB.carrier(portB, up, now));
    }

    /** Faults belong to the scenario's lane (or the caller before the run); a node changing a link is a bug. */
    @Override
    public void checkKernelContext() {
        if (Lane.current() instanceof NodeLane lane) {
            throw new IllegalStateException("link " + name + " changed from node " + lane.name + "'s code; nodes act only through their NodeEnv");
        }
    }
}
