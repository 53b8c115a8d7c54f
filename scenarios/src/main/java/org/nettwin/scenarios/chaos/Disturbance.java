package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * A stretch of a run during which a fault was active: from the event that started it to the event(s) that
 * cleared it. {@code partition} is true for path faults ({@link Fault#cutsPath()}: links, PPPoE sessions, IPsec
 * tunnels), which can stop redundant routers hearing each other.
 *
 * <p>Read back from a scenario's events rather than from a schedule, so that a written chaos scenario is
 * judged exactly like the run it came from. Chaos schedules never overlap two faults on one target, so a
 * target's events, grouped by instant, alternate: start, clear, start, clear...
 */
public record Disturbance(String target, long fromNs, long toNs, boolean partition) {

    public static List<Disturbance> of(ScenarioSpec spec) {
        Map<String, List<EventSpec>> byTarget = new LinkedHashMap<>();
        Map<String, Boolean> cutsPath = new LinkedHashMap<>();
        for (EventSpec e : spec.events()) {
            Fault.Target t = Fault.targetOf(e.action());
            byTarget.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(e);
            cutsPath.put(t.name(), t.cutsPath());
        }
        List<Disturbance> out = new ArrayList<>();
        for (Map.Entry<String, List<EventSpec>> t : byTarget.entrySet()) {
            List<Long> instants = t.getValue().stream().map(EventSpec::atNs).distinct().toList();
            boolean partition = cutsPath.get(t.getKey());
            for (int i = 0; i < instants.size(); i += 2) {
                // A start without a clear lasts to the end of the run.
                long to = i + 1 < instants.size() ? instants.get(i + 1) : spec.durationNs();
                out.add(new Disturbance(t.getKey(), instants.get(i), to, partition));
            }
        }
        return out;
    }

    /** When the last fault cleared; 0 if there were none. */
    public static long lastClearNs(List<Disturbance> disturbances) {
        return disturbances.stream().mapToLong(Disturbance::toNs).max().orElse(0);
    }
}
