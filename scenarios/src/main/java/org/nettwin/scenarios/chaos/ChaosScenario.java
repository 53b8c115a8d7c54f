package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ProbeSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.SourcePos;

/**
 * A chaos run as an ordinary scenario: the base scenario's topology, ping probes and capture, the run's seed and
 * duration, and the schedule's faults as events. The base's own events and expectations are left out: the
 * invariants judge a chaos run, and the base's expectations were written for the base's events. So are its
 * other probes: a traceroute expires its packets on purpose (read as a forwarding loop) and is one burst, not
 * a stream whose recovery can be judged.
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
        List<ProbeSpec> pings = base.probes().stream().filter(p -> p instanceof PingSpec).toList();
        return new ScenarioSpec(name, base.file(), base.topology(), seed, durationNs, pings, events, base.capture(), List.of());
    }
}
