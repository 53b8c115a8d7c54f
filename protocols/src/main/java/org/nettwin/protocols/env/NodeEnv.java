package org.nettwin.protocols.env;

import java.util.random.RandomGenerator;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * The only window protocol code has on the world (the sans-IO port). The simulator implements it on
 * virtual time; the real adapter implements it on a wall clock and TAP devices. Everything a node does
 * that the outside can observe goes through here, which is what makes runs replayable.
 *
 * <p>All calls are made from the node's own thread of control (its actor); implementations need not be
 * thread-safe across nodes.
 */
public interface NodeEnv {
    /** Current time, ns since the start of the run. */
    long now();

    /**
     * Arms a timer that runs {@code action} on this node at virtual time {@code deadlineNs} (clamped to now).
     * Timers at the same instant fire in the order they were armed.
     */
    TimerHandle schedule(long deadlineNs, String name, Runnable action);

    /** Convenience: fire after {@code delayNs}. */
    default TimerHandle after(long delayNs, String name, Runnable action) {
        return schedule(now() + delayNs, name, action);
    }

    /** Puts an Ethernet frame (destination MAC first, no FCS) on the wire of physical port {@code port}. */
    void transmit(int port, byte[] frame);

    /**
     * A deterministic random stream for this node, derived from the run seed and the path
     * (e.g. "vrrp/VI_1/skew"); the same path always yields the same stream for the same seed.
     */
    RandomGenerator random(String path);

    /** Records a trace event; the runtime stamps it with the node name and the current time. */
    void trace(TraceEvent event);

    /** This node's name in the topology. */
    String nodeName();
}
