package org.nettwin.protocols.ipsec;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.nettwin.protocols.trace.DropReason;

/**
 * Per-tunnel data-plane counters, the metric that finds a degraded tunnel (seed 004): packets and inner
 * bytes each way, and packets dropped on the tunnel, in total and by reason (INTERFACE_DOWN: no SA; LOSS:
 * degradation; QUEUE_FULL: over the tunnel's throughput cap; replay and ICV failures as the SA reports them).
 */
public final class TunnelCounters {
    private long txPackets, txBytes, rxPackets, rxBytes, drops;
    private final Map<DropReason, Long> dropsByReason = new EnumMap<>(DropReason.class);

    void sent(int bytes) { txPackets++; txBytes += bytes; }
    void received(int bytes) { rxPackets++; rxBytes += bytes; }
    void dropped(DropReason reason) {
        drops++;
        dropsByReason.merge(reason, 1L, Long::sum);
    }

    public long txPackets() { return txPackets; }
    public long txBytes() { return txBytes; }
    public long rxPackets() { return rxPackets; }
    public long rxBytes() { return rxBytes; }
    public long drops() { return drops; }

    /** Packets dropped for {@code reason}. */
    public long drops(DropReason reason) { return dropsByReason.getOrDefault(reason, 0L); }

    /** One line, as `ipsec show` prints it. */
    public String describe() {
        return "tx " + txPackets + " pkts " + txBytes + " bytes, rx " + rxPackets + " pkts " + rxBytes + " bytes, drops " + drops;
    }

    /**
     * The counters as the periodic stats line carries them (docs/report-format.md, "Per-tunnel counters"):
     * "tx_packets=N tx_bytes=N rx_packets=N rx_bytes=N drops=N" and one "drops_REASON=N" per reason seen, in
     * {@link DropReason} order, the reason in lower case.
     */
    public String keyValues() {
        StringBuilder sb = new StringBuilder().append("tx_packets=").append(txPackets).append(" tx_bytes=").append(txBytes)
                .append(" rx_packets=").append(rxPackets).append(" rx_bytes=").append(rxBytes).append(" drops=").append(drops);
        dropsByReason.forEach((reason, n) -> sb.append(" drops_").append(reason.name().toLowerCase(Locale.ROOT)).append('=').append(n));
        return sb.toString();
    }
}
