package org.nettwin.realadapter;

import org.nettwin.protocols.env.Time;

/**
 * What the wall-clock runtime does when work runs later than it was due, as ns-3's RealtimeSimulatorImpl
 * SynchronizationMode: {@link Mode#BEST_EFFORT} runs late work anyway and reports the worst lag at the end;
 * {@link Mode#HARD_LIMIT} fails the run as soon as one item starts more than {@code limitNs} late, because
 * a result obtained with timers that slipped that far says nothing about the real network.
 */
public record OverrunPolicy(Mode mode, long limitNs) {
    public enum Mode { BEST_EFFORT, HARD_LIMIT }

    public OverrunPolicy {
        if (mode == null) throw new IllegalArgumentException("mode is null");
        if (mode == Mode.HARD_LIMIT && limitNs <= 0) throw new IllegalArgumentException("a hard limit must be > 0 ns, got " + limitNs);
        if (mode == Mode.BEST_EFFORT && limitNs != 0) throw new IllegalArgumentException("best effort has no limit, got " + limitNs);
    }

    public static OverrunPolicy bestEffort() {
        return new OverrunPolicy(Mode.BEST_EFFORT, 0);
    }

    public static OverrunPolicy hardLimit(long limitNs) {
        return new OverrunPolicy(Mode.HARD_LIMIT, limitNs);
    }

    /** Whether work {@code lagNs} late breaks this policy. */
    public boolean exceeded(long lagNs) {
        return mode == Mode.HARD_LIMIT && lagNs > limitNs;
    }

    @Override public String toString() {
        return mode == Mode.BEST_EFFORT ? "best effort" : "hard limit " + Time.format(limitNs);
    }
}
