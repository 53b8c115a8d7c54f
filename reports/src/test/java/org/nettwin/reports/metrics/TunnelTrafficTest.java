package org.nettwin.reports.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.reports.TraceBuilder;

class TunnelTrafficTest {
    private static final TraceEvent.Dropped LOSS = new TraceEvent.Dropped("gw:ipsec/t3", DropReason.LOSS, 84, "degraded tx");

    @Test @DisplayName("counters lines (docs/report-format.md) give bytes/s between consecutive lines, from 0 at boot; unknown keys are skipped")
    void ratesFromCountersLines() {
        var trace = new TraceBuilder()
                .log(Time.s(10), "gw", "ipsec", "t3: counters state=UP tx_packets=10 tx_bytes=1000 rx_packets=5 rx_bytes=500 drops=0")
                .log(Time.s(20), "gw", "ipsec", "t3: counters state=UP tx_packets=30 tx_bytes=3000 rx_packets=5 rx_bytes=500 drops=2 drops_loss=2")
                .log(Time.s(20), "gw", "ipsec", "t3: data plane degraded: 30% of data packets lost")
                .add(Time.s(15), "gw", LOSS).add(Time.s(16), "gw", LOSS)
                .build();
        TunnelTraffic t = TunnelTraffic.of(trace, Time.s(30), Time.s(5));
        assertEquals(1, t.tunnels().size(), t.toString());
        TunnelTraffic.Series s = t.tunnels().get(0);
        assertEquals("gw:ipsec/t3", s.tunnel(), "the counters' node and name and the drops' place name the same tunnel end");
        assertEquals(List.of(new TunnelTraffic.Rate(0, Time.s(10), 100.0, 50.0), new TunnelTraffic.Rate(Time.s(10), Time.s(20), 200.0, 0.0)), s.throughput());
        assertEquals(Map.of("LOSS", 2L), s.dropsByReason());
        assertEquals(2, s.lastCounters().drops(), "the counters' own drop total agrees with the Dropped records");
        long[] loss = s.dropsPerBin().get("LOSS");
        assertEquals(6, loss.length, "30 s in 5 s bins");
        assertEquals(2, loss[3], "15 s and 16 s fall in [15, 20)");
    }

    @Test @DisplayName("without counters lines throughput is not measured; drops on non-tunnel places (links, node:arp, node:ipsec without a tunnel) are not tunnel drops")
    void dropsOnlyWithoutCounters() {
        var trace = new TraceBuilder().add(Time.s(1), "gw", LOSS).linkDrop(Time.s(1), "uplink", DropReason.SILENT_CUT)
                .add(Time.s(2), "gw", new TraceEvent.Dropped("gw:arp", DropReason.ARP_FAILED, 0, ""))
                .add(Time.s(2), "gw", new TraceEvent.Dropped("gw:ipsec", DropReason.MALFORMED, 0, "IKE"))
                .build();
        TunnelTraffic t = TunnelTraffic.of(trace, Time.s(10), Time.s(1));
        assertEquals(List.of("gw:ipsec/t3"), t.tunnels().stream().map(TunnelTraffic.Series::tunnel).toList());
        assertEquals(List.of(), t.tunnels().get(0).throughput());
        assertNull(t.tunnels().get(0).lastCounters());
    }

    @Test @DisplayName("a counter that goes down (the tunnel end restarted) counts again from 0 in that interval")
    void restartedCounters() {
        var lines = List.of(new TunnelTraffic.Counters(Time.s(1), "UP", 1, 500, 0, 0, 0), new TunnelTraffic.Counters(Time.s(2), "UP", 1, 100, 0, 0, 0));
        assertEquals(100.0, TunnelTraffic.rates(lines).get(1).txBytesPerS());
        assertNull(TunnelTraffic.parseCounters(0, "t1: rekeyed, spi 0x1"), "other ipsec lines are not counters");
    }
}
