package org.nettwin.scenarios.chaos;

import org.nettwin.protocols.env.Time;

/** A fault that starts at {@code atNs} and is cleared {@code durationNs} later. */
public record ScheduledFault(Fault fault, long atNs, long durationNs) {
    public ScheduledFault {
        if (atNs < 0 || durationNs <= 0) throw new IllegalArgumentException("fault at " + atNs + " for " + durationNs);
    }

    public long clearNs() { return atNs + durationNs; }

    public ScheduledFault withTiming(long at, long duration) { return new ScheduledFault(fault, at, duration); }

    /** Whether the two are active at some common instant (a fault is active in [at, clear)). */
    public boolean overlaps(ScheduledFault other) {
        return atNs < other.clearNs() && other.atNs < clearNs();
    }

    @Override public String toString() {
        return Time.format(atNs) + " +" + Time.format(durationNs) + " " + fault;
    }
}
