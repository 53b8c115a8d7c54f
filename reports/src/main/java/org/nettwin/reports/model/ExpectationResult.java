package org.nettwin.reports.model;

/** One scenario expectation as judged at the end of a run; {@code failure} is null when it held. */
public record ExpectationResult(String name, boolean passed, String failure) {
    public ExpectationResult {
        if (passed != (failure == null)) throw new IllegalArgumentException("expectation " + name + ": a failure text exactly when it failed");
    }
}
