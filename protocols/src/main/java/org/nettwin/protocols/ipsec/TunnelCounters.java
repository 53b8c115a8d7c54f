package org.nettwin.protocols.ipsec;

/**
 * Per-tunnel data-plane counters, the metric that finds a degraded tunnel (seed 004): packets and inner
 * bytes each way, and packets dropped on the tunnel (no SA, degradation, replay, ICV failure).
 */
public final class TunnelCounters {
    private long txPackets, txBytes, rxPackets, rxBytes, drops;

    void sent(int bytes) { txPackets++; txBytes += bytes; }
    void received(int bytes) { rxPackets++; rxBytes += bytes; }
    void dropped() { drops++; }

    public long txPackets() { return txPackets; }
    public long txBytes() { return txBytes; }
    public long rxPackets() { return rxPackets; }
    public long rxBytes() { return rxBytes; }
    public long drops() { return drops; }

    /** One line, as `ipsec show` prints it. */
    public String describe() {
        return "tx " + txPackets + " pkts " + txBytes + " bytes, rx " + rxPackets + " pkts " + rxBytes + " bytes, drops " + drops;
    }
}
