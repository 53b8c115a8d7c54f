package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.PcapReader;
import org.nettwin.sim.capture.PcapRecord;
import org.nettwin.sim.capture.Tshark;

/** VXLAN set up with `ip link add ... type vxlan` and `bridge fdb append` (protocol-facts §3.1). */
class VxlanOverlayTest {
    @Test @DisplayName("§3.1: overlay ping across a routed underlay; UDP 4789, checksum 0, VNI 10, inner frame intact")
    void overlayPing(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("basics/vxlan-overlay.scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        assertTrue(run.result().passed(), run.result().failures().toString());
        List<TraceEvent.ProbeResult> replies = run.trace().stream().filter(r -> r.event() instanceof TraceEvent.ProbeResult p && p.outcome() == ProbeOutcome.REPLY)
                .map(r -> (TraceEvent.ProbeResult) r.event()).toList();
        // After ARP: 4 underlay hops of 5 ms (no rate limit), the overlay adds no delay of its own.
        assertEquals(Time.ms(20), replies.get(1).rttNs());
        List<PcapRecord> site1 = PcapReader.read(tmp.resolve("site1.pcap"));
        int vxlanFrames = 0;
        for (PcapRecord rec : site1) {
            EthernetFrame f = EthernetFrame.decode(rec.frame());
            if (f.etherType() != org.nettwin.protocols.codec.EtherType.IPV4) continue;
            Ipv4Packet ip = Ipv4Packet.decode(f.payload(), 0, f.payload().length);
            if (ip.protocol() != IpProto.UDP) continue;
            byte[] p = ip.payload();
            assertEquals(4789, (p[2] & 0xff) << 8 | (p[3] & 0xff));
            assertEquals(0, (p[6] & 0xff) << 8 | (p[7] & 0xff), "RFC 7348 §5: UDP checksum SHOULD be 0 over IPv4");
            UdpDatagram d = UdpDatagram.decode(p, 0, p.length, ip.src(), ip.dst());
            assertTrue(d.srcPort() >= 32768 && d.srcPort() <= 60999, "source port from the inner flow hash: " + d.srcPort());
            assertEquals(10, VxlanHeader.decode(d.payload(), 0, d.payload().length).vni());
            vxlanFrames++;
        }
        assertTrue(vxlanFrames >= 10, "overlay traffic crosses the underlay in VXLAN");
        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Set<String> stacks = new HashSet<>(Tshark.dissect(tmp.resolve("site1.pcap")).protocolStacks());
        assertFalse(Tshark.dissect(tmp.resolve("site1.pcap")).hasMalformed());
        assertTrue(stacks.contains("eth:ethertype:ip:udp:vxlan:eth:ethertype:arp"), stacks.toString());
        assertTrue(stacks.contains("eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data"), stacks.toString());
    }
}
