package org.nettwin.scenarios.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nettwin.topologies.TopologySpec;

/**
 * A loaded and validated scenario: what to run ({@code topology}), for how long, what to measure
 * ({@code probes}), what happens when ({@code events}, sorted by time, file order within one instant), what
 * to capture and what must hold at the end ({@code expectations}). Every name in it resolves in the topology.
 */
public record ScenarioSpec(String name, Path file, TopologySpec topology, long seed, long durationNs,
                           List<ProbeSpec> probes, List<EventSpec> events, CaptureSpec capture,
                           List<ExpectSpec> expectations) {
    public ScenarioSpec {
        probes = List.copyOf(probes);
        events = List.copyOf(events);
        expectations = List.copyOf(expectations);
    }

    public Optional<ProbeSpec> probe(String name) {
        return probes.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
