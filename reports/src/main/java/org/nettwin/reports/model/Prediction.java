package org.nettwin.reports.model;

import java.util.Objects;

/**
 * A value a model predicts beside what the run measured: e.g. "P2 takeover after P1 stop" predicted Skew_Time(100)
 * = 0.609375 s, measured 0.609375 s. {@code measuredNs} is null when the run did not measure it; {@code source}
 * names where the prediction comes from ("protocol-facts §1.4").
 */
public record Prediction(String name, long predictedNs, Long measuredNs, String source) {
    public Prediction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** measured − predicted, or null when nothing was measured. */
    public Long differenceNs() {
        return measuredNs == null ? null : measuredNs - predictedNs;
    }

    public Prediction withMeasured(Long measured) {
        return new Prediction(name, predictedNs, measured, source);
    }
}
