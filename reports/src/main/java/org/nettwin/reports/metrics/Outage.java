package org.nettwin.reports.metrics;

/**
 * A maximal run of lost probes {@code firstSeq..lastSeq} of one stream. It starts when the first lost probe was
 * sent and ends when the next reply arrived; {@code endNs} is null if no reply came before the run ended.
 */
public record Outage(int firstSeq, int lastSeq, int lost, long startNs, Long endNs) {
    /** end − start, or null while it never ended. */
    public Long durationNs() {
        return endNs == null ? null : endNs - startNs;
    }

    /** True if the outage covers instant {@code t} or is still going at it. */
    public boolean endsAfter(long t) {
        return endNs == null || endNs > t;
    }
}
