package org.nettwin.reports.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's counters for one direction ("A_TO_B", "B_TO_A") of one link at the end of a run; drops by
 * DropReason name. They include drops a trace may not show (e.g. a trace filtered for size).
 */
public record LinkCounterRow(String link, String direction, long txFrames, long txBytes, long deliveredFrames, Map<String, Long> drops) {
    public LinkCounterRow {
        drops = java.util.Collections.unmodifiableMap(new TreeMap<>(drops));
    }

    public long droppedTotal() {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
