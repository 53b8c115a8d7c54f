package org.nettwin.reports.model;

import java.util.List;

/**
 * Everything about a run a report needs besides its trace: the scenario's name and file, seed, how long it ran,
 * the trace fingerprint, whether it passed, the probe streams, the faults, expectation results, link counters and
 * predictions. Fields that a source cannot supply are null (seed, fingerprint and passed of a real-adapter run;
 * the file of a hand-built trace). Saved as run.json so a report can be rebuilt from the run directory alone.
 */
public record RunInfo(String name, String scenarioFile, Long seed, long durationNs, String fingerprint, Boolean passed,
                      List<ProbeInfo> probes, List<FaultEvent> faults, List<ExpectationResult> expectations,
                      List<LinkCounterRow> linkCounters, List<Prediction> predictions) {
    public RunInfo {
        probes = List.copyOf(probes);
        faults = List.copyOf(faults);
        expectations = List.copyOf(expectations);
        linkCounters = List.copyOf(linkCounters);
        predictions = List.copyOf(predictions);
    }

    /** A run known only by name and length: for hand-built traces and run directories without run.json. */
    public static RunInfo minimal(String name, long durationNs, List<FaultEvent> faults) {
        return new RunInfo(name, null, null, durationNs, null, null, List.of(), faults, List.of(), List.of(), List.of());
    }

    public RunInfo withProbes(List<ProbeInfo> newProbes) {
        return new RunInfo(name, scenarioFile, seed, durationNs, fingerprint, passed, newProbes, faults, expectations, linkCounters, predictions);
    }

    public RunInfo withPredictions(List<Prediction> newPredictions) {
        return new RunInfo(name, scenarioFile, seed, durationNs, fingerprint, passed, probes, faults, expectations, linkCounters, newPredictions);
    }

    public ProbeInfo probe(String probeName) {
        return probes.stream().filter(p -> p.name().equals(probeName)).findFirst().orElse(null);
    }
}
