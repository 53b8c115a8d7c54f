package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.PcapReader;
import org.nettwin.sim.capture.PcapRecord;
import org.nettwin.sim.capture.Tshark;

/** IPsec failover of seeds 003 and 004 (protocol-facts §5, §8.3, §8.4), timed from the configured DPD values. */
class IpsecFailoverTest {
    private static final Ip4 RTX_WAN = Ip4.parse("203.0.113.2");

    @Test @DisplayName("§8.3 seed 003: east dies, DPD 10 s x 6 drops tunnel 1 after 60-70 s, hide route goes, tunnel 2 carries; failback at once")
    void rtxFailoverAndFailback(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("rtx-ipsec/rtx-ipsec-failover.scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        assertTrue(run.result().passed(), run.result().failures().toString());
        // rtx.conf says `ipsec ike keepalive use 1 on dpd`: the RTX defaults, 10 s x 6 (§5.1).
        DeadPeerDetection dpd = DeadPeerDetection.RTX_DEFAULT;
        long cut = Time.s(60), heal = Time.s(170);

        List<TraceRecord> tunnel1 = states(run.trace(), "rtx", "ipsec/tunnel1");
        assertEquals(List.of("DOWN->UP", "UP->DOWN", "DOWN->UP"), transitions(tunnel1));
        long down = tunnel1.get(1).time();
        long detection = down - cut;
        assertTrue(detection >= dpd.earliestDetectionNs() && detection <= dpd.latestDetectionNs(),
                "DPD declared east dead " + Time.format(detection) + " after the cut, expected 60..70 s");
        assertEquals(List.of("DOWN->UP"), transitions(states(run.trace(), "rtx", "ipsec/tunnel2")), "tunnel 2 stays up throughout");

        // Until DPD fires the hidden route is still valid: the ping is lost (not rerouted); right after, it works via tunnel 2.
        List<TraceEvent.ProbeResult> replies = new ArrayList<>();
        List<Long> replyTimes = new ArrayList<>();
        for (TraceRecord r : run.trace()) {
            if (r.event() instanceof TraceEvent.ProbeResult p && p.outcome() == ProbeOutcome.REPLY) {
                replies.add(p);
                replyTimes.add(r.time());
            }
        }
        long firstAfterCut = replyTimes.stream().filter(t -> t > cut + Time.s(1)).findFirst().orElseThrow();
        assertTrue(firstAfterCut >= down && firstAfterCut <= down + Time.s(2),
                "ping resumes within one interval of the route change, at " + Time.format(firstAfterCut));

        long up = tunnel1.get(2).time();
        assertTrue(up > heal && up <= heal + Time.s(11), "RTX re-negotiates tunnel 1 within its 10 s retry: " + Time.format(up));

        // Which gateway carried the RTX's ESP, read from the captures.
        List<PcapRecord> east = PcapReader.read(tmp.resolve("east-uplink.pcap"));
        List<PcapRecord> west = PcapReader.read(tmp.resolve("west-uplink.pcap"));
        assertTrue(espFrom(east, RTX_WAN, Time.s(5), cut) >= 50, "before the fault tunnel 1 (east) carries the traffic");
        assertEquals(0, espFrom(west, RTX_WAN, Time.s(5), cut), "tunnel 2 idle while tunnel 1 is up: metric 1 < 2");
        assertEquals(0, espFrom(west, RTX_WAN, cut, down), "no rerouting before DPD: the hide route is valid while the SA is up");
        assertTrue(espFrom(west, RTX_WAN, down, heal) >= 40, "after DPD the traffic rides tunnel 2 (west)");
        assertEquals(0, espFrom(west, RTX_WAN, up + Time.ms(100), Time.s(240)), "failback: the hide route is back and wins");
        assertTrue(espFrom(east, RTX_WAN, up, Time.s(240)) >= 60, "failback: tunnel 1 carries the traffic again");

        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Tshark.Dissection d = Tshark.dissect(tmp.resolve("east-uplink.pcap"));
        assertFalse(d.hasMalformed(), d.problems().toString());
        Set<String> stacks = new HashSet<>(d.protocolStacks());
        assertTrue(stacks.contains("eth:ethertype:ip:esp"), "ESP decodes as esp: " + stacks);
        assertTrue(stacks.contains("eth:ethertype:ip:udp:isakmp"), "IKE on UDP 500 decodes as isakmp: " + stacks);
    }

    @Test @DisplayName("§8.4 seed 004: ECMP spreads flows; a dead tunnel is withdrawn after AWS DPD; a degraded one is not, its drops rise; disabling it ends the loss")
    void multicloudEcmpFailureAndDegradation(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("multicloud-vpn/multicloud-vpn.scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        long cut = Time.s(60), degrade = Time.s(150), disable = Time.s(240);
        DeadPeerDetection dpd = DeadPeerDetection.AWS; // `dpd idle 10 3` on both sides (§5.3)

        // ECMP: before any fault, each of the three GCP uplinks carries traffic (one tunnel each).
        for (String link : List.of("gcp-uplink1", "gcp-uplink2", "gcp-uplink3")) {
            long frames = run.trace().stream().filter(r -> r.time() > Time.s(5) && r.time() < cut
                    && r.event() instanceof TraceEvent.FrameSent f && f.link().equals(link) && f.length() > 120).count();
            assertTrue(frames > 40, link + " carries flows hashed onto its tunnel: " + frames + " data frames");
        }

        // Hard failure of tunnel 2: AWS declares it dead 30..50 s after the cut and withdraws its route.
        List<TraceRecord> t2 = states(run.trace(), "aws-vgw", "ipsec/t2");
        assertEquals(List.of("DOWN->UP", "UP->DOWN"), transitions(t2));
        long detection = t2.get(1).time() - cut;
        assertTrue(detection >= dpd.earliestDetectionNs() && detection <= dpd.latestDetectionNs(),
                "AWS DPD took " + Time.format(detection) + ", expected 30..50 s");
        long t2Down = Math.max(t2.get(1).time(), states(run.trace(), "gcp-vpn", "ipsec/t2").get(1).time());
        Map<String, Integer> lostAfterReroute = losses(run.trace(), t2Down + Time.s(3), degrade);
        assertEquals(0, lostAfterReroute.values().stream().mapToInt(Integer::intValue).sum(), "every flow recovered once t2 was withdrawn: " + lostAfterReroute);

        // Degraded tunnel 3: no state change until the operator acts, its drop counter rises, only its flows suffer.
        assertEquals(List.of("DOWN->UP", "UP->DISABLED"), transitions(states(run.trace(), "aws-vgw", "ipsec/t3")));
        assertTrue(states(run.trace(), "aws-vgw", "ipsec/t3").get(1).time() >= disable, "t3 stays UP while degraded");
        long drops1 = degradedDrops(run.trace(), degrade, (degrade + disable) / 2);
        long drops2 = degradedDrops(run.trace(), (degrade + disable) / 2, disable);
        assertTrue(drops1 > 10 && drops2 > 10, "the t3 drop counter keeps rising: " + drops1 + " then " + drops2);
        Map<String, Integer> lostDegraded = losses(run.trace(), degrade + Time.s(3), disable);
        long suffering = lostDegraded.values().stream().filter(n -> n > 0).count();
        long unaffected = lostDegraded.values().stream().filter(n -> n == 0).count();
        assertTrue(suffering >= 1 && unaffected >= 1, "ECMP keeps some flows on the degraded tunnel, others are clean: " + lostDegraded);
        assertTrue(lostDegraded.values().stream().mapToInt(Integer::intValue).sum() <= drops1 + drops2, "every lost ping is a t3 drop");

        // The operator's fix: DELETE takes t3 down on the GCP side too, and the loss stops.
        List<TraceRecord> gcpT3 = states(run.trace(), "gcp-vpn", "ipsec/t3");
        assertEquals("UP->DOWN", transitions(gcpT3).get(1));
        assertTrue(gcpT3.get(1).time() - disable < Time.s(1), "GCP learns of the DELETE one trip later");
        Map<String, Integer> lostAfterFix = losses(run.trace(), disable + Time.s(3), Time.s(300));
        assertEquals(0, lostAfterFix.values().stream().mapToInt(Integer::intValue).sum(), "no loss once t3 is disabled: " + lostAfterFix);
    }

    private static List<TraceRecord> states(List<TraceRecord> trace, String node, String machine) {
        return trace.stream().filter(r -> r.node().equals(node) && r.event() instanceof TraceEvent.StateChanged s && s.machine().equals(machine)).toList();
    }

    private static List<String> transitions(List<TraceRecord> states) {
        return states.stream().map(r -> (TraceEvent.StateChanged) r.event()).map(s -> s.from() + "->" + s.to()).toList();
    }

    /** Unanswered pings per probe whose timeout fired in [from, to). */
    private static Map<String, Integer> losses(List<TraceRecord> trace, long from, long to) {
        Map<String, Integer> lost = new TreeMap<>();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.ProbeResult p)) continue;
            lost.putIfAbsent(p.probe(), 0);
            if (r.time() >= from && r.time() < to && p.outcome() != ProbeOutcome.REPLY) lost.merge(p.probe(), 1, Integer::sum);
        }
        return lost;
    }

    private static long degradedDrops(List<TraceRecord> trace, long from, long to) {
        return trace.stream().filter(r -> r.time() >= from && r.time() < to && r.event() instanceof TraceEvent.Dropped d
                && d.where().equals("aws-vgw:ipsec/t3") && d.reason() == DropReason.LOSS).count();
    }

    /** ESP packets from {@code src} captured in [from, to). */
    private static long espFrom(List<PcapRecord> pcap, Ip4 src, long from, long to) {
        long n = 0;
        for (PcapRecord rec : pcap) {
            if (rec.timeNs() < from || rec.timeNs() >= to) continue;
            EthernetFrame f = EthernetFrame.decode(rec.frame());
            if (f.etherType() != EtherType.IPV4) continue;
            Ipv4Packet ip = Ipv4Packet.decode(f.payload(), 0, f.payload().length);
            if (ip.protocol() == IpProto.ESP && ip.src().equals(src)) n++;
        }
        return n;
    }
}
