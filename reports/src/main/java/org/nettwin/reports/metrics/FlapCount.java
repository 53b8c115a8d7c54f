package org.nettwin.reports.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How often machine {@code machine} of {@code node} changed state: a flapping VRRP instance or link shows here. */
public record FlapCount(String node, String machine, int changes) {

    /** Counts per (node, machine), sorted by node then machine. */
    public static List<FlapCount> of(List<StateChange> changes) {
        Map<String, Map<String, Long>> counts = changes.stream().collect(Collectors.groupingBy(StateChange::node, TreeMap::new,
                Collectors.groupingBy(StateChange::machine, TreeMap::new, Collectors.counting())));
        return counts.entrySet().stream()
                .flatMap(n -> n.getValue().entrySet().stream().map(m -> new FlapCount(n.getKey(), m.getKey(), m.getValue().intValue())))
                .toList();
    }
}
