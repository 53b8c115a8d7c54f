package org.nettwin.scenarios.run;

import java.util.List;

/** The outcome of one run: its trace fingerprint, how far it ran, and which expectations failed. */
public record RunResult(String fingerprint, long simulatedNs, boolean passed, List<String> failures) {
    public RunResult {
        failures = List.copyOf(failures);
    }
}
