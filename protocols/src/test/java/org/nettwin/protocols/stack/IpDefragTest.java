package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * ip_local_deliver → ip_defrag (net/ipv4/ip_fragment.c): a host answers an echo request that reached it in
 * fragments, whatever their order; an incomplete datagram waits ipfrag_time (30 s) from its first fragment,
 * then goes, with ICMP 11/1 quoting the first fragment if that one had come (ip_expire).
 */
class IpDefragTest {
    private static final Mac HOST_MAC = Mac.parse("02:00:00:00:00:01"), PEER_MAC = Mac.parse("02:00:00:00:00:02");
    private static final Ip4 HOST = Ip4.parse("10.0.0.1"), PEER = Ip4.parse("10.0.0.2");
    private final ManualEnv env = new ManualEnv("h", 1);
    private NodeStack h;

    @BeforeEach void setUp() {
        h = new NodeStack("h", false);
        h.addInterface("eth0", 0, HOST_MAC, 1500);
        h.addAddress("eth0", IfAddr.parse("10.0.0.1/24"));
        h.boot(env);
        ArpPacket who = new ArpPacket(ArpPacket.REQUEST, PEER_MAC, PEER, Mac.ZERO, HOST);
        h.receive(0, new EthernetFrame(Mac.BROADCAST, PEER_MAC, EtherType.ARP, who.encode()).encode());
        env.clearSent();
    }

    private static Ipv4Packet echo(int dataBytes) {
        byte[] data = new byte[dataBytes];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        return new Ipv4Packet(0, 0x1234, false, false, 0, 64, IpProto.ICMP, PEER, HOST, IcmpMessage.echoRequest(5, 1, data).encode());
    }

    private void deliver(Ipv4Packet p) {
        h.receive(0, new EthernetFrame(HOST_MAC, PEER_MAC, EtherType.IPV4, p.encode()).encode());
    }

    private List<Ipv4Packet> sent() {
        return env.sent().stream().map(s -> EthernetFrame.decode(s.frame())).filter(f -> f.etherType() == EtherType.IPV4)
                .map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private List<TraceEvent.Dropped> drops() {
        return env.traces().stream().filter(t -> t instanceof TraceEvent.Dropped).map(t -> (TraceEvent.Dropped) t).toList();
    }

    @Test @DisplayName("a 1600-byte echo request in two fragments, last one first: reassembled and answered (the 1600-byte reply leaves fragmented, DF clear)")
    void outOfOrderFragmentsAreReassembled() {
        Ipv4Packet whole = echo(1600 - 28);
        List<Ipv4Packet> frags = whole.fragment(1500);
        assertEquals(2, frags.size());
        deliver(frags.get(1));
        assertEquals(List.of(), sent(), "half a datagram is not delivered");
        deliver(frags.get(0));
        List<Ipv4Packet> out = sent();
        assertEquals(List.of(1500, 120), out.stream().map(Ipv4Packet::totalLength).toList(), "icmp_reply: its socket is IP_PMTUDISC_DONT, so the reply is fragmented");
        byte[] payload = new byte[1600 - 20];
        System.arraycopy(out.get(0).payload(), 0, payload, 0, out.get(0).payload().length);
        System.arraycopy(out.get(1).payload(), 0, payload, out.get(1).fragmentOffset() * 8, out.get(1).payload().length);
        IcmpMessage reply = IcmpMessage.decode(payload, 0, payload.length);
        assertEquals(IcmpMessage.ECHO_REPLY, reply.type());
        assertArrayEquals(IcmpMessage.decode(whole.payload(), 0, whole.payload().length).data(), reply.data());
        for (Ipv4Packet p : out) assertTrue(!p.dontFragment());
    }

    @Test @DisplayName("ip_expire: 30 s after the first fragment the queue goes; with the first fragment in, ICMP 11/1 quotes it")
    void timeoutSendsTimeExceededWithTheFirstFragment() {
        List<Ipv4Packet> frags = echo(3000).fragment(1500);
        assertEquals(3, frags.size());
        deliver(frags.get(0));
        env.advanceBy(Time.s(10));
        deliver(frags.get(2)); // does not restart the timer
        env.advanceBy(Time.s(20) - 1);
        assertEquals(List.of(), sent());
        env.advanceBy(1);
        List<Ipv4Packet> out = sent();
        assertEquals(1, out.size());
        IcmpMessage m = IcmpMessage.decode(out.get(0).payload(), 0, out.get(0).payload().length);
        assertEquals(IcmpMessage.TIME_EXCEEDED, m.type());
        assertEquals(IcmpMessage.FRAG_REASSEMBLY_TIME_EXCEEDED, m.code());
        Ipv4Packet quoted = Ipv4Packet.decodeQuoted(m.data());
        assertEquals(0, quoted.fragmentOffset());
        assertTrue(quoted.moreFragments(), "the quote is the first fragment's header");
        assertEquals(PEER, out.get(0).dst());
        assertTrue(drops().stream().anyMatch(d -> d.reason() == DropReason.LOSS && d.detail().contains("reassembly timeout")));

        env.clearSent();
        deliver(frags.get(1));
        assertEquals(List.of(), sent(), "the late middle fragment starts a new queue; nothing to answer");
    }

    @Test @DisplayName("ip_expire without the first fragment: the queue goes silently")
    void timeoutWithoutFirstFragmentIsSilent() {
        List<Ipv4Packet> frags = echo(3000).fragment(1500);
        deliver(frags.get(1));
        deliver(frags.get(2));
        env.advanceBy(Time.s(30));
        assertEquals(List.of(), sent());
        assertTrue(drops().stream().anyMatch(d -> d.reason() == DropReason.LOSS && d.detail().contains("first fragment missing")));
    }

    @Test @DisplayName("a duplicate fragment is dropped alone; a partly overlapping one discards the whole datagram (IPFRAG_OVERLAP)")
    void duplicatesAndOverlaps() {
        List<Ipv4Packet> frags = echo(1600 - 28).fragment(1500);
        deliver(frags.get(0));
        deliver(frags.get(0));
        deliver(frags.get(1));
        assertEquals(1, sent().stream().filter(p -> p.fragmentOffset() == 0).count(), "answered once");

        env.clearSent();
        Ipv4Packet other = echo(1600 - 28);
        List<Ipv4Packet> pieces = other.fragment(1500);
        deliver(pieces.get(0));
        Ipv4Packet last = pieces.get(1);
        // The last fragment claiming to start 8 bytes early overlaps the first.
        byte[] longer = new byte[last.payload().length + 8];
        System.arraycopy(last.payload(), 0, longer, 8, last.payload().length);
        deliver(new Ipv4Packet(0, last.identification(), false, false, last.fragmentOffset() - 1, 64, IpProto.ICMP, PEER, HOST, longer));
        deliver(last);
        assertEquals(List.of(), sent(), "the queue was discarded; the true last fragment alone completes nothing");
        assertTrue(drops().stream().anyMatch(d -> d.reason() == DropReason.MALFORMED && d.detail().contains("overlapping")));
    }

    @Test @DisplayName("ip_frag_reasm: fragments that add up past 65535 bytes kill the queue (Oversized IP packet), the node runs on")
    void oversizedDatagramIsDropped() {
        // Offsets reach 8191 x 8 = 65528, so a datagram can be described whole that no IPv4 header can carry.
        byte[] head = new byte[65_512];
        deliver(new Ipv4Packet(0, 0x4242, false, true, 0, 64, IpProto.ICMP, PEER, HOST, head));
        deliver(new Ipv4Packet(0, 0x4242, false, false, 65_512 / 8, 64, IpProto.ICMP, PEER, HOST, new byte[24]));
        assertEquals(List.of(), sent(), "nothing is answered");
        assertTrue(drops().stream().anyMatch(d -> d.detail().contains("Oversized IP packet from 10.0.0.2: 65556 bytes")), drops().toString());

        // The queue is gone and the node goes on: the next fragmented echo request is reassembled and answered.
        for (Ipv4Packet f : echo(1600 - 28).fragment(1500)) deliver(f);
        assertEquals(1, sent().stream().filter(p -> p.fragmentOffset() == 0).count(), "the next datagram is answered");
    }
}
