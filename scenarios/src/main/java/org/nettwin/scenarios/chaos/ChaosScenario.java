package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.SourcePos;

/**
 * A chaos run as an ordinary scenario: the base scenario's topology, probes and capture, the run's seed and
 * duration, and the schedule's faults as events. The base's own events and expectations are left out: the
 * invariants judge a chaos run, and the base's expectations were written for the base's events.
 */
public final class ChaosScenario {
    /** Where generated events "are written": they have no line in any file until {@link ScenarioWriter} writes them. */
    private static final SourcePos GENERATED = new SourcePos("chaos", 0, 0);

    private ChaosScenario() {}

    public static ScenarioSpec build(ScenarioSpec base, String name, long seed, long durationNs, List<ScheduledFault> schedule) {
        List<EventSpec> events = new ArrayList<>();
        for (ScheduledFault f : schedule) {
            events.add(new EventSpec(f.atNs(), f.fault().start(), GENERATED));
            for (ScenarioAction clear : f.fault().clear(base.topology())) events.add(new EventSpec(f.clearNs(), clear, GENERATED));
        }
        // Stable, as the loader sorts: a written and reloaded schedule runs its events in the same order.
        events.sort(Comparator.comparingLong(EventSpec::atNs));
        return new ScenarioSpec(name, base.file(), base.topology(), seed, durationNs, base.probes(), events, base.capture(), List.of());
    }
}
