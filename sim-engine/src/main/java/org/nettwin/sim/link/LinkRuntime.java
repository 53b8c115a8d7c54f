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
}
