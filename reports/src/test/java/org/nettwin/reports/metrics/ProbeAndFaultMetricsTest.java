package org.nettwin.reports.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.reports.TraceBuilder.s;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.reports.TraceBuilder;
import org.nettwin.reports.model.ProbeInfo;
import org.nettwin.reports.model.RunData;
import org.nettwin.reports.model.RunInfo;

/**
 * Seed 000 §8.0 item 3 shape: a 1 pps ping to the VIP, P1 cut silently at 3.5 s, P2 takes over at
 * 3.5 + 3.609375 s (MDI at P100, protocol-facts §1.4), replies resume with seq 8.
 */
class ProbeAndFaultMetricsTest {
    private static final long RTT = Time.ms(5);
    private static final long TIMEOUT = Time.s(2);
    private static final long CUT = s(3.5);
    private static final long TAKEOVER = CUT + Time.us(3_609_375);

    /** Probes seq 1..10 sent at seq seconds; seq 4..7 lost (sent at 4..7 s, before the takeover at 7.109375 s). */
    static List<TraceRecord> silentCutTrace() {
        TraceBuilder t = new TraceBuilder();
        for (int seq = 1; seq <= 10; seq++) {
            long sent = Time.s(seq);
            if (seq >= 4 && seq <= 7) t.timeout("vip", seq, sent, TIMEOUT);
            else t.reply("vip", seq, sent, RTT);
        }
        t.fault(CUT, "cut", "p1-vxlan");
        // The cut itself shows on the link; it is not a protocol reaction.
        t.state(CUT, "p1-vxlan", "link/BOTH", "ok", "cut");
        t.state(0, "p1", "vrrp/VI_1", "INIT", "MASTER");
        t.state(0, "p2", "vrrp/VI_1", "INIT", "BACKUP");
        t.state(TAKEOVER, "p2", "vrrp/VI_1", "BACKUP", "MASTER");
        t.log(TAKEOVER, "p2", "Keepalived_vrrp", "(VI_1) Entering MASTER STATE");
        return t.build();
    }

    private static RunMetrics metrics(List<TraceRecord> trace, List<ProbeInfo> probes) {
        RunInfo info = RunInfo.minimal("silent-cut", Time.s(12), RunData.faultsIn(trace)).withProbes(probes);
        return RunMetrics.of(new RunData(info, trace));
    }

    @Test @DisplayName("outage window: send time of first lost probe to arrival of the next reply, exactly")
    void outageWindowIsExact() {
        RunMetrics m = metrics(silentCutTrace(), List.of(new ProbeInfo("vip", Time.s(1), Time.s(1), 1)));
        ProbeStreamMetrics p = m.probes().get(0);
        assertEquals(10, p.sent());
        assertEquals(6, p.replies());
        assertEquals(List.of(4, 5, 6, 7), p.lostSeqs());
        assertEquals(List.of(new Outage(4, 7, 4, Time.s(4), Time.s(8) + RTT)), p.outages());
        assertEquals(Time.s(4) + RTT, p.outages().get(0).durationNs());
        assertEquals(RTT, p.rtt().minNs());
        assertEquals(RTT, p.rtt().maxNs());
        assertEquals(0, p.rtt().mdevNs());
    }

    @Test @DisplayName("without the probe schedule, lost probes are dated from the replies around them")
    void sendTimesInferredFromReplies() {
        RunMetrics m = metrics(silentCutTrace(), List.of());
        ProbeStreamMetrics p = m.probes().get(0);
        assertEquals(Time.s(1), p.intervalNs());
        assertEquals(List.of(new Outage(4, 7, 4, Time.s(4), Time.s(8) + RTT)), p.outages());
        assertFalse(p.samples().get(3).sendTimeExact(), "seq 4 was lost: its send time is inferred");
        assertTrue(p.samples().get(2).sendTimeExact(), "seq 3 was answered: reply time − RTT is exact");
    }

    @Test @DisplayName("fault metrics: detection = first VRRP reaction, failover = fault → first reply after the outage")
    void faultMetricsAreExact() {
        RunMetrics m = metrics(silentCutTrace(), List.of(new ProbeInfo("vip", Time.s(1), Time.s(1), 1)));
        FaultMetrics f = m.faults().get(0);
        assertEquals(TAKEOVER - CUT, f.detectionNs(), "MDI P100 = 3.609375 s (protocol-facts §1.4)");
        assertTrue(f.reaction().contains("p2 state vrrp/VI_1 BACKUP->MASTER"), f.reaction());
        ProbeImpact i = f.impacts().get(0);
        assertEquals(Time.s(8) + RTT - CUT, i.failoverNs());
        assertEquals(Time.s(4) + RTT, i.outageNs());
        assertEquals(4, i.lost());
        assertEquals(Time.s(4), i.convergenceNs(), "4 lost at 1 probe/s");
        assertEquals(Time.s(8) + RTT, i.recoveredAtNs());
    }

    @Test @DisplayName("a keepalived line already logged before the fault is steady state, not a reaction (seed 000 self-advert warning)")
    void repeatedLogLineIsNotAReaction() {
        String warning = "(VI_1) WARNING - equal priority advert received from remote host with our IP address.";
        TraceBuilder t = new TraceBuilder();
        for (int sec = 0; sec < 10; sec++) t.log(Time.s(sec), "p1", "Keepalived_vrrp", warning);
        t.fault(s(3.5), "run", "p1: systemctl stop keepalived");
        t.log(s(3.5) + 7, "p1", "Keepalived_vrrp", "Stopping");
        FaultMetrics f = metrics(t.build(), List.of()).faults().get(0);
        assertEquals(7, f.detectionNs(), "the 4 s warning comes first in time but was seen before; 'Stopping' is the reaction");
    }

    @Test @DisplayName("a probe answered late is not lost; an ICMP error is; a redirect alone resolves nothing")
    void foldingRulesMatchProbeTally() {
        TraceBuilder t = new TraceBuilder();
        t.timeout("p", 1, 0, Time.s(2));
        t.add(Time.s(3), "c", new TraceEvent.ProbeResult("p", 1, ProbeOutcome.REPLY, Time.s(3), Ip4.of(1, 1, 1, 1), "late"));
        t.add(Time.s(1) + 10, "c", new TraceEvent.ProbeResult("p", 2, ProbeOutcome.NET_UNREACHABLE, -1, Ip4.of(192, 168, 0, 1), "Destination Net Unreachable"));
        t.add(Time.s(2) + 10, "c", new TraceEvent.ProbeResult("p", 3, ProbeOutcome.REDIRECT, -1, Ip4.of(192, 168, 0, 1), "Redirect Host"));
        t.reply("p", 4, Time.s(3), RTT);
        ProbeStreamMetrics p = metrics(t.build(), List.of(new ProbeInfo("p", 0, Time.s(1), 1))).probes().get(0);
        assertEquals(4, p.sent());
        assertEquals(2, p.replies());
        assertEquals(List.of(2), p.lostSeqs());
        assertTrue(p.samples().get(2).unresolved());
        assertEquals(List.of(new Outage(2, 2, 1, Time.s(1), Time.s(3) + RTT)), p.outages(), "the unresolved seq 3 neither extends nor ends the outage");
    }

    @Test @DisplayName("hitless fault and an outage that never ends")
    void hitlessAndUnrecovered() {
        TraceBuilder t = new TraceBuilder();
        for (int seq = 1; seq <= 4; seq++) t.reply("p", seq, Time.s(seq), RTT);
        t.fault(s(2.5), "link-up", "spare");
        t.fault(s(4.5), "cut", "uplink");
        for (int seq = 5; seq <= 8; seq++) t.timeout("p", seq, Time.s(seq), TIMEOUT);
        RunMetrics m = metrics(t.build(), List.of(new ProbeInfo("p", Time.s(1), Time.s(1), 1)));
        ProbeImpact hitless = m.faults().get(0).impacts().get(0);
        assertTrue(hitless.hitless());
        assertNull(hitless.failoverNs());
        assertNull(m.faults().get(0).detectionNs(), "no reaction before the next fault");
        ProbeImpact unrecovered = m.faults().get(1).impacts().get(0);
        assertEquals(4, unrecovered.lost());
        assertNull(unrecovered.failoverNs());
        assertNull(unrecovered.recoveredAtNs());
    }

    @Test @DisplayName("a repair during an outage is measured from its own instant; a probe in flight at the fault belongs to it")
    void repairDuringOutage() {
        TraceBuilder t = new TraceBuilder();
        // Probes at 0.8 s + n: seq 4 (sent 3.8 s) is in flight when the link goes down at 4 s.
        for (int seq = 1; seq <= 10; seq++) {
            long sent = Time.ms(800) + Time.s(seq - 1);
            if (seq >= 4 && seq <= 6) t.timeout("p", seq, sent, TIMEOUT);
            else t.reply("p", seq, sent, RTT);
        }
        t.fault(Time.s(4), "link-down", "lan2");
        t.fault(s(6.5), "link-up", "lan2");
        RunMetrics m = metrics(t.build(), List.of(new ProbeInfo("p", Time.ms(800), Time.s(1), 1)));
        ProbeImpact down = m.faults().get(0).impacts().get(0);
        assertTrue(down.ownsOutage());
        assertEquals(3, down.lost());
        assertEquals(Time.ms(6800) + RTT - Time.ms(3800), down.outageNs());
        assertEquals(Time.ms(6800) + RTT - Time.s(4), down.failoverNs());
        ProbeImpact up = m.faults().get(1).impacts().get(0);
        assertFalse(up.ownsOutage());
        assertEquals(0, up.lost(), "no probe sent after the repair was lost");
        assertEquals(Time.ms(300) + RTT, up.failoverNs(), "repair at 6.5 s, next reply to seq 7 sent at 6.8 s");
        assertFalse(up.hitless());
        assertFalse(up.measuredFailover(), "only the fault that caused the outage contributes to failover distributions");
    }
}
