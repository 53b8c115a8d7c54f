package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.nettwin.reports.model.LinkCounterRow;
import org.nettwin.reports.model.Prediction;
import org.nettwin.reports.model.RunData;
import org.nettwin.reports.model.RunInfo;

/** Every metric of one run, computed from its trace and metadata alone. */
public record RunMetrics(RunInfo info, List<ProbeStreamMetrics> probes, List<FaultMetrics> faults, List<StateChange> changes,
                         List<StateSegment> states, List<FlapCount> flaps, List<RoleOwnership> roles, List<AddressOwnership> addresses,
                         DropStats drops, TunnelTraffic tunnels) {

    public static RunMetrics of(RunData run) {
        // Caller-attached predictions first, then those the trace itself supports, so `nettwin report DIR` remakes them.
        List<Prediction> predictions = new ArrayList<>(run.info().predictions());
        predictions.addAll(TimerPredictions.of(run.trace()));
        RunInfo info = run.info().withPredictions(predictions);
        long end = Math.max(info.durationNs(), run.trace().isEmpty() ? 0 : run.trace().get(run.trace().size() - 1).time());
        List<ProbeStreamMetrics> probes = ProbeStreamMetrics.compute(run.trace(), info.probes());
        List<StateChange> changes = StateChange.of(run.trace());
        List<StateSegment> states = StateSegment.of(changes, end);
        Set<String> links = info.linkCounters().stream().map(LinkCounterRow::link).collect(Collectors.toSet());
        return new RunMetrics(info, probes, FaultMetrics.of(run.trace(), info.faults(), probes, end), changes, states,
                FlapCount.of(changes), RoleOwnership.of(states, end), AddressOwnership.of(run.trace(), end), DropStats.of(run.trace(), links),
                TunnelTraffic.of(run.trace(), end, TimeBins.widthNs(end)));
    }

    /** The end of the observed time axis: the scenario duration, or the last record if later. */
    public long endNs() {
        long lastState = states.stream().mapToLong(StateSegment::endNs).max().orElse(0);
        return Math.max(info.durationNs(), lastState);
    }

    public long splitBrainNs() {
        return roles.stream().mapToLong(RoleOwnership::splitBrainNs).sum();
    }
}
