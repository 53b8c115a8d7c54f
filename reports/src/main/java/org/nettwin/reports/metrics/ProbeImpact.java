package org.nettwin.reports.metrics;

/**
 * What one fault did to one probe stream. {@code ownsOutage}: the outage is attributed to this fault (see
 * {@link FaultMetrics}); otherwise the fault happened during an outage an earlier fault caused, and the numbers run
 * from this fault's instant. {@code failoverNs}: fault → first reply after the outage (null if there was no outage,
 * or it never ended: then {@code recoveredAtNs} is null too while {@code lost} &gt; 0). {@code outageNs}: length of
 * the outage. {@code convergenceNs}: lost probes ÷ probe rate, i.e. lost × interval, the estimate a ping log allows.
 */
public record ProbeImpact(String probe, boolean ownsOutage, Long failoverNs, Long outageNs, int lost, Long convergenceNs, Long recoveredAtNs) {
    /** No outage touched the stream in this fault's window. */
    public boolean hitless() {
        return lost == 0 && recoveredAtNs == null;
    }

    /** A failover time this fault caused and the stream recovered from: what distributions across runs plot. */
    public boolean measuredFailover() {
        return ownsOutage && failoverNs != null;
    }
}
