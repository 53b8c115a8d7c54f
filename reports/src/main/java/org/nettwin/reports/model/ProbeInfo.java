package org.nettwin.reports.model;

/**
 * How a probe stream was sent: the first probe (sequence {@code firstSeq}) at {@code startNs}, then one every
 * {@code intervalNs}. It lets metrics date a lost probe exactly, since the trace only dates a probe when it
 * resolves (reply, ICMP error or timeout). Without it, send times are inferred from the replies.
 */
public record ProbeInfo(String name, long startNs, long intervalNs, int firstSeq) {
    public ProbeInfo {
        if (intervalNs <= 0) throw new IllegalArgumentException("probe " + name + ": interval must be positive, got " + intervalNs);
    }

    public long sendTimeNs(int seq) {
        return startNs + (long) (seq - firstSeq) * intervalNs;
    }
}
