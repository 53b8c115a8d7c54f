package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Machine {@code machine} of {@code node} was in {@code state} during [startNs, endNs). */
public record StateSegment(String node, String machine, String state, long startNs, long endNs) {

    /**
     * The timeline of every (node, machine), sorted by node then machine. A machine's first change also tells
     * its state before it, from 0; the last state lasts until {@code endNs}. Zero-length segments (several
     * changes in one instant) are left out: nothing could observe them.
     */
    public static List<StateSegment> of(List<StateChange> changes, long endNs) {
        Map<String, List<StateChange>> byMachine = new LinkedHashMap<>();
        for (StateChange c : changes) byMachine.computeIfAbsent(c.node() + "\u0000" + c.machine(), k -> new ArrayList<>()).add(c);
        List<StateSegment> out = new ArrayList<>();
        for (List<StateChange> list : byMachine.values()) {
            StateChange first = list.get(0);
            String state = first.from();
            long since = 0;
            for (StateChange c : list) {
                if (state != null && c.timeNs() > since) out.add(new StateSegment(c.node(), c.machine(), state, since, c.timeNs()));
                state = c.to();
                since = c.timeNs();
            }
            long end = Math.max(endNs, since);
            if (end > since) out.add(new StateSegment(first.node(), first.machine(), state, since, end));
        }
        out.sort(Comparator.comparing(StateSegment::node).thenComparing(StateSegment::machine).thenComparingLong(StateSegment::startNs));
        return out;
    }

    public long durationNs() {
        return endNs - startNs;
    }
}
