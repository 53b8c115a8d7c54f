package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.PcapReader;
import org.nettwin.sim.capture.PcapRecord;
import org.nettwin.sim.capture.Tshark;

/** examples/basics/pmtu-gre: a host learns the path MTU of a GRE tunnel from ICMP 3/4 (see PathMtuTest). */
class PmtuGreTest {
    @Test @DisplayName("ping -s 1472 through GRE: one \"Frag needed and DF set (mtu = 1476)\", then two DF-clear fragments a request, all answered; no outer packet over 1500")
    void pingLearnsThePathMtu(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("basics/pmtu-gre.scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        assertTrue(run.result().passed(), run.result().failures().toString());
        List<String> ping = run.trace().stream().filter(r -> r.event() instanceof TraceEvent.Log l && l.program().equals("ping/big"))
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        assertEquals("PING 10.0.2.2 (10.0.2.2) 1472(1500) bytes of data.", ping.get(0));
        assertEquals("From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1476)", ping.get(1));
        for (int seq = 2; seq <= 5; seq++) assertTrue(ping.get(seq).startsWith("1480 bytes from 10.0.2.2: icmp_seq=" + seq + " ttl=62 "), ping.get(seq));
        assertTrue(ping.contains("5 packets transmitted, 4 received, +1 errors, 20% packet loss, time 4024ms"), ping.toString());

        List<Ipv4Packet> fromH1 = ip(tmp.resolve("site1.pcap")).stream()
                .filter(p -> p.src().equals(Ip4.parse("10.0.1.2")) && p.protocol() == IpProto.ICMP).toList();
        assertEquals(1 + 4 * 2, fromH1.size(), "one whole request, then four in two fragments");
        assertEquals(1500, fromH1.get(0).totalLength());
        assertTrue(fromH1.get(0).dontFragment());
        for (Ipv4Packet p : fromH1.subList(1, fromH1.size())) {
            assertFalse(p.dontFragment());
            assertTrue(p.totalLength() == 1476 || p.totalLength() == 44, p.toString());
        }
        List<Ipv4Packet> toH1 = ip(tmp.resolve("site1.pcap")).stream().filter(p -> p.src().equals(Ip4.parse("10.0.1.1"))).toList();
        IcmpMessage err = IcmpMessage.decode(toH1.get(0).payload(), 0, toH1.get(0).payload().length);
        assertEquals(IcmpMessage.DEST_UNREACHABLE, err.type());
        assertEquals(IcmpMessage.FRAG_NEEDED, err.code());
        assertEquals(1476, err.nextHopMtu());

        List<Ipv4Packet> underlay = ip(tmp.resolve("underlay.pcap")).stream().filter(p -> p.protocol() == IpProto.GRE).toList();
        assertTrue(underlay.size() >= 16, "requests and replies cross in GRE, two outer packets each");
        assertTrue(underlay.stream().allMatch(p -> p.totalLength() <= 1500 && p.dontFragment()));

        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        for (String link : List.of("site1", "underlay", "site2")) assertFalse(Tshark.dissect(tmp.resolve(link + ".pcap")).hasMalformed(), link);
    }

    private static List<Ipv4Packet> ip(Path pcap) throws Exception {
        return PcapReader.read(pcap).stream().map(PcapRecord::frame).map(EthernetFrame::decode)
                .filter(f -> f.etherType() == EtherType.IPV4).map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }
}
