package org.nettwin.sim.link;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * What a {@link Link} needs from the kernel that hosts it (one instance per link). The link model decides
 * what happens to a frame; the kernel owns time, the event queue, trace, capture and carrier notification.
 * Implemented by {@code SimKernel}; not meant for scenario code.
 */
public interface LinkRuntime {
    /** Current virtual time, ns. */
    long now();

    /** The run's random stream for {@code path} (e.g. "link/r1-r2/A_TO_B/loss"). */
    RandomGenerator random(String path);

    /** Records {@code event} at the current time with the link's name as the trace node. */
    void trace(TraceEvent event);

    /** A frame went onto the wire now; a capture of this link, if any, records it. */
    void capture(byte[] frame);

    /**
     * Queues the arrival of {@code frame} at the receiving end of {@code direction} at {@code arrivalNs};
     * the kernel hands it back through {@link LinkDriver#arrive} at that time.
     */
    void scheduleArrival(Direction direction, long arrivalNs, byte[] frame, int crc, long disruptionStamp);

    /** Administrative state changed: both ends must see carrier {@code up} (end a first, then end b). */
    void carrierChanged(boolean up);

    /** Throws IllegalStateException if the caller is a node's processing rather than the kernel thread. */
    void checkKernelContext();

    /**
     * The runtime a direction's transmit path uses (now, trace, capture, scheduleArrival while a node sends).
     * A kernel that runs nodes in parallel returns one bound to the sending node, so a send is recorded in
     * that node's own context; the default is this runtime.
     */
    default LinkRuntime sendSide(Direction direction) { return this; }

    /** The runtime a direction's arrival checks use (now, trace); the default is this runtime. */
    default LinkRuntime receiveSide(Direction direction) { return this; }

    /** A direction's parameters changed (the kernel's lookahead depends on link delays); the default ignores it. */
    default void paramsChanged() {}
}
