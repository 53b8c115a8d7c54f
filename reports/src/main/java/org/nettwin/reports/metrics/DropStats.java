package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Dropped frames and packets by place and reason. A drop happened on a link when its {@code where} is a known link
 * name or the record comes from the link itself (the simulator stamps link records with the link's name); otherwise
 * a node dropped it ("node:layer"). {@code linkDrops} keeps the individual link drops for charts over time.
 */
public record DropStats(List<Count> counts, List<LinkDrop> linkDrops) {

    public record Count(String where, boolean link, String reason, long count) {}

    public record LinkDrop(long timeNs, String link, String reason) {}

    public DropStats {
        counts = List.copyOf(counts);
        linkDrops = List.copyOf(linkDrops);
    }

    public static DropStats of(List<TraceRecord> trace, Set<String> knownLinks) {
        Map<String, Map<String, Long>> byWhere = new TreeMap<>();
        Map<String, Boolean> isLink = new TreeMap<>();
        List<LinkDrop> linkDrops = new ArrayList<>();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.Dropped d)) continue;
            boolean link = knownLinks.contains(d.where()) || d.where().equals(r.node());
            byWhere.computeIfAbsent(d.where(), k -> new TreeMap<>()).merge(d.reason().name(), 1L, Long::sum);
            isLink.put(d.where(), link);
            if (link) linkDrops.add(new LinkDrop(r.time(), d.where(), d.reason().name()));
        }
        List<Count> counts = new ArrayList<>();
        byWhere.forEach((where, reasons) -> reasons.forEach((reason, n) -> counts.add(new Count(where, isLink.get(where), reason, n))));
        return new DropStats(counts, linkDrops);
    }

    public long total() {
        return counts.stream().mapToLong(Count::count).sum();
    }
}
