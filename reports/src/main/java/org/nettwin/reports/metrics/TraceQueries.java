package org.nettwin.reports.metrics;

import java.util.List;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/** Small look-ups on a trace, for filling the measured side of predictions. */
public final class TraceQueries {
    private TraceQueries() {}

    /**
     * The first time at or after {@code fromNs} that {@code machine} entered {@code state} on {@code node} (any node
     * if null), or null if it never did.
     */
    public static Long firstEntry(List<TraceRecord> trace, long fromNs, String node, String machine, String state) {
        for (TraceRecord r : trace) {
            if (r.time() < fromNs || (node != null && !node.equals(r.node()))) continue;
            if (r.event() instanceof TraceEvent.StateChanged s && s.machine().equals(machine) && s.to().equals(state)) return r.time();
        }
        return null;
    }

    /** {@link #firstEntry} as a delay from {@code fromNs}, or null. */
    public static Long delayUntil(List<TraceRecord> trace, long fromNs, String node, String machine, String state) {
        Long t = firstEntry(trace, fromNs, node, machine, state);
        return t == null ? null : t - fromNs;
    }
}
