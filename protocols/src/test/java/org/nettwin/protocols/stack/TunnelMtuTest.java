package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.gre.GreHeader;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * What a Linux router does with a routed packet too big for the tunnel it must leave by (protocol-facts §3,
 * §7): ip_forward answers a DF packet over the device MTU with ICMP 3/4 "fragmentation needed" carrying that
 * MTU and drops it; without DF, ip_output fragments it to the device MTU and each fragment is encapsulated,
 * so no outer packet exceeds the lower MTU. Router {@code r}: LAN 192.168.1.1/24 (client .100) and an
 * underlay eth0 10.0.1.10/24 (peer .20), with either an IP-in-GRE tunnel (MTU 1476) or a VXLAN device with an
 * address (MTU 1450, as on seed 000's Gate Peers). The IPsec tunnel interface has its own test in
 * {@code ipsec.IpsecTunnelTest}; the bridged cases are in {@code BridgeCommandsTest} and {@code L2tpv3SessionTest}.
 */
class TunnelMtuTest {
    private static final int WAN = 0, LAN = 1;
    private static final Mac R_WAN = Mac.parse("02:00:00:00:00:10"), R_LAN = Mac.parse("02:00:00:00:01:01");
    private static final Mac PEER_MAC = Mac.parse("02:00:00:00:00:20"), CLIENT_MAC = Mac.parse("02:00:00:00:01:64");
    private static final Mac FAR_MAC = Mac.parse("02:00:00:00:02:32");
    private static final Ip4 R_WAN_IP = Ip4.parse("10.0.1.10"), PEER = Ip4.parse("10.0.1.20");
    private static final Ip4 R_LAN_IP = Ip4.parse("192.168.1.1"), CLIENT = Ip4.parse("192.168.1.100");
    private static final Ip4 GRE_FAR = Ip4.parse("192.168.2.5"), VXLAN_FAR = Ip4.parse("172.16.0.50");
    private static final int PACKET_ID = 0x4242;

    private final ManualEnv env = new ManualEnv("r", 1);
    private final NodeStack r = new NodeStack("r", true);
    private final NodeCommands ip;

    TunnelMtuTest() {
        r.addInterface("eth0", WAN, R_WAN, 1500);
        r.addAddress("eth0", IfAddr.parse("10.0.1.10/24"));
        r.addInterface("lan", LAN, R_LAN, 1500);
        r.addAddress("lan", IfAddr.parse("192.168.1.1/24"));
        r.boot(env);
        ip = new NodeCommands(r);
        // The underlay peer and the client ask for r first, so r knows both MACs (no ARP round in these tests).
        r.receive(WAN, arpRequest(PEER_MAC, PEER, R_WAN_IP));
        r.receive(LAN, arpRequest(CLIENT_MAC, CLIENT, R_LAN_IP));
        env.clearSent();
    }

    private void sh(String line) {
        NodeCommands.Result res = ip.run(line, "test");
        assertEquals(0, res.status(), line + ": " + res.output());
    }

    private void greTunnel() {
        sh("ip tunnel add tun0 mode gre remote 10.0.1.20 local 10.0.1.10 ttl 255"); // Vyatta's ttl 255, iproute2's pmtudisc
        sh("ip addr add 169.254.0.1/30 dev tun0");
        sh("ip link set tun0 up");
        sh("ip route add 192.168.2.0/24 dev tun0");
        assertEquals(1476, r.iface("tun0").mtu());
    }

    private void vxlanWithAddress() {
        sh("ip link add vxlan0 type vxlan id 10 local 10.0.1.10 dev eth0 dstport 4789");
        sh("bridge fdb append " + FAR_MAC + " dev vxlan0 dst 10.0.1.20");
        sh("ip addr add 172.16.0.100/16 dev vxlan0");
        sh("ip link set vxlan0 up");
        assertEquals(1450, r.iface("vxlan0").mtu());
        // The far host asks for us over the overlay first, so its MAC is known on vxlan0.
        r.receiveFrame(r.iface("vxlan0"), arpRequest(FAR_MAC, VXLAN_FAR, Ip4.parse("172.16.0.100")));
        env.clearSent();
    }

    /** An echo request of {@code totalLength} IP bytes from the client to {@code dst}, as it arrives on r's LAN port. */
    private static Ipv4Packet fromClient(Ip4 dst, int totalLength, boolean df) {
        byte[] data = new byte[totalLength - Ipv4Packet.HEADER_LENGTH - 8];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        return new Ipv4Packet(0, PACKET_ID, df, false, 0, 64, IpProto.ICMP, CLIENT, dst, IcmpMessage.echoRequest(9, 1, data).encode());
    }

    private void send(Ipv4Packet p) {
        r.receive(LAN, new EthernetFrame(R_LAN, CLIENT_MAC, EtherType.IPV4, p.encode()).encode());
    }

    private List<Ipv4Packet> sentOn(int port) {
        return env.sent().stream().filter(s -> s.port() == port).map(s -> EthernetFrame.decode(s.frame()))
                .filter(f -> f.etherType() == EtherType.IPV4).map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static byte[] arpRequest(Mac from, Ip4 sender, Ip4 target) {
        return new EthernetFrame(Mac.BROADCAST, from, EtherType.ARP, new ArpPacket(ArpPacket.REQUEST, from, sender, Mac.ZERO, target).encode()).encode();
    }

    private static Ipv4Packet greInner(Ipv4Packet outer) {
        assertEquals(IpProto.GRE, outer.protocol());
        GreHeader g = GreHeader.decode(outer.payload(), 0, outer.payload().length);
        return Ipv4Packet.decode(g.payload(), 0, g.payload().length);
    }

    private static Ipv4Packet vxlanInner(Ipv4Packet outer) {
        UdpDatagram d = UdpDatagram.decode(outer.payload(), 0, outer.payload().length, outer.src(), outer.dst());
        assertEquals(VxlanHeader.IANA_PORT, d.dstPort());
        EthernetFrame eth = EthernetFrame.decode(VxlanHeader.decode(d.payload(), 0, d.payload().length).innerFrame());
        assertEquals(FAR_MAC, eth.dst());
        return Ipv4Packet.decode(eth.payload(), 0, eth.payload().length);
    }

    /** The one ICMP 3/4 r sent back to the client, checked for what ip_forward + icmp_send put in it. */
    private void assertFragNeeded(int mtu, Ipv4Packet offending, int quotedTtl) {
        List<Ipv4Packet> back = sentOn(LAN);
        assertEquals(1, back.size(), "one ICMP error to the client: " + back);
        Ipv4Packet err = back.get(0);
        assertEquals(R_LAN_IP, err.src(), "icmp_send: the source is r's address towards the client");
        assertEquals(CLIENT, err.dst());
        assertEquals(0xc0, err.tos());
        IcmpMessage m = IcmpMessage.decode(err.payload(), 0, err.payload().length);
        assertEquals(IcmpMessage.DEST_UNREACHABLE, m.type());
        assertEquals(IcmpMessage.FRAG_NEEDED, m.code());
        assertEquals(mtu, m.nextHopMtu(), "RFC 1191: the next-hop MTU in the low 16 bits");
        Ipv4Packet quoted = Ipv4Packet.decodeQuoted(m.data());
        assertEquals(offending.identification(), quoted.identification());
        assertEquals(offending.dst(), quoted.dst());
        assertEquals(quotedTtl, quoted.ttl());
        assertEquals(576 - 20 - 8, m.data().length, "icmp_send quotes as much as fits in 576 bytes");
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.MTU_EXCEEDED));
    }

    private static byte[] reassemble(List<Ipv4Packet> fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int expected = 0;
        for (Ipv4Packet f : fragments) {
            assertEquals(expected, f.fragmentOffset() * 8, "fragments in order, no gap");
            out.writeBytes(f.payload());
            expected += f.payload().length;
        }
        assertFalse(fragments.get(fragments.size() - 1).moreFragments());
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ GRE

    @Test @DisplayName("GRE, DF set: ip_forward refuses a 1500-byte packet for tun0 (MTU 1476) with ICMP 3/4 mtu 1476 from r and drops it; 1476 bytes pass as one 1500-byte outer packet")
    void greDfTooBig() {
        greTunnel();
        Ipv4Packet big = fromClient(GRE_FAR, 1500, true);
        send(big);
        assertEquals(List.of(), sentOn(WAN), "nothing enters the tunnel");
        assertFragNeeded(1476, big, 64); // ip_forward refuses before ip_decrease_ttl: the quote keeps the client's TTL

        env.clearSent();
        send(fromClient(GRE_FAR, 1476, true));
        List<Ipv4Packet> out = sentOn(WAN);
        assertEquals(1, out.size());
        assertEquals(1500, out.get(0).totalLength(), "20 outer IPv4 + 4 GRE + 1476");
        assertEquals(1476, greInner(out.get(0)).totalLength());
        assertEquals(63, greInner(out.get(0)).ttl());
        assertEquals(List.of(), sentOn(LAN), "no ICMP for a packet that fits");
    }

    @Test @DisplayName("GRE, DF clear: ip_output fragments a 1500-byte packet to tun0's 1476 before encapsulation; each fragment leaves in its own GRE packet of at most 1500 bytes, outer DF set (pmtudisc)")
    void greFragmentsWithoutDf() {
        greTunnel();
        Ipv4Packet big = fromClient(GRE_FAR, 1500, false);
        send(big);
        List<Ipv4Packet> out = sentOn(WAN);
        assertEquals(2, out.size(), "one GRE packet per fragment");
        assertEquals(List.of(1500, 68), out.stream().map(Ipv4Packet::totalLength).toList(), "1476 + 24, then 20 + 24 remaining bytes + 24");
        for (Ipv4Packet o : out) {
            assertTrue(o.totalLength() <= 1500, "never over the lower MTU");
            assertEquals(PEER, o.dst());
            assertEquals(255, o.ttl());
            assertTrue(o.dontFragment(), "iproute2's pmtudisc: the outer header always carries DF");
            assertEquals(0, o.fragmentOffset(), "the outer packets themselves are whole");
        }
        List<Ipv4Packet> inner = out.stream().map(TunnelMtuTest::greInner).toList();
        for (Ipv4Packet f : inner) {
            assertEquals(PACKET_ID, f.identification(), "fragments keep the original ID");
            assertFalse(f.dontFragment());
            assertEquals(63, f.ttl(), "forwarded: TTL decremented before fragmentation");
        }
        assertEquals(1476, inner.get(0).totalLength());
        assertTrue(inner.get(0).moreFragments());
        assertArrayEquals(big.payload(), reassemble(inner));
        assertEquals(List.of(), sentOn(LAN), "no ICMP without DF");
    }

    @Test @DisplayName("GRE over a lower MTU that shrank after creation (tun0 keeps 1476): tnl_update_pmtu sends ICMP 3/4 mtu 1400-24 for DF, a DF outer packet that would outgrow eth0 is dropped; nothing over 1400 leaves")
    void greLowerMtuShrank() {
        greTunnel();
        r.iface("eth0").setMtu(1400); // `ip link set eth0 mtu 1400` later: an ip_tunnel keeps its MTU, as in Linux
        assertEquals(1476, r.iface("tun0").mtu());

        Ipv4Packet df = fromClient(GRE_FAR, 1476, true);
        send(df);
        assertEquals(List.of(), sentOn(WAN));
        assertFragNeeded(1376, df, 63); // the tunnel refuses after forwarding: TTL already decremented

        env.clearSent();
        env.clearTraces();
        send(fromClient(GRE_FAR, 1476, false));
        assertEquals(List.of(), sentOn(WAN), "the outer DF (pmtudisc) forbids ip_fragment to split 1500 bytes for 1400");
        assertEquals(List.of(), sentOn(LAN), "the inner sender hears nothing: its packet had no DF");
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.MTU_EXCEEDED && d.detail().contains("pmtudisc")));

        env.clearSent();
        send(fromClient(GRE_FAR, 1376, false));
        assertEquals(List.of(1400), sentOn(WAN).stream().map(Ipv4Packet::totalLength).toList(), "what fits the new lower MTU still passes");
    }

    @Test @DisplayName("GRE, underlay path MTU learned: ICMP 3/4 mtu 1400 about r's own outer packet (ipgre_err → ipv4_update_pmtu) makes tnl_update_pmtu refuse a 1476-byte DF inner packet with mtu 1376; 600 s later the 1500 of eth0 applies again")
    void greLearnsUnderlayPathMtu() {
        greTunnel();
        send(fromClient(GRE_FAR, 1476, true));
        List<Ipv4Packet> out = sentOn(WAN);
        assertEquals(1, out.size());
        Ipv4Packet outer = out.get(0);
        assertEquals(1500, outer.totalLength());
        // A router beyond the peer's link has only 1400: it refuses the outer packet (DF, pmtudisc) to its source, r.
        byte[] quote = java.util.Arrays.copyOf(outer.encode(), 548);
        Ipv4Packet err = new Ipv4Packet(0xc0, 7, false, false, 0, 62, IpProto.ICMP, PEER, R_WAN_IP, IcmpMessage.fragNeeded(1400, quote).encode());
        r.receive(WAN, new EthernetFrame(R_WAN, PEER_MAC, EtherType.IPV4, err.encode()).encode());
        assertEquals(1400, r.mtuTowards(PEER, null), "dst_mtu of the underlay route now holds the learned 1400");
        assertEquals(1476, r.iface("tun0").mtu(), "the device MTU is not changed");

        env.clearSent();
        Ipv4Packet df = fromClient(GRE_FAR, 1476, true);
        send(df);
        assertEquals(List.of(), sentOn(WAN));
        assertFragNeeded(1376, df, 63);

        env.clearSent();
        send(fromClient(GRE_FAR, 1376, true));
        assertEquals(List.of(1400), sentOn(WAN).stream().map(Ipv4Packet::totalLength).toList(), "1376 + 24 fits the learned path MTU");

        env.advanceBy(NodeStack.PMTU_EXPIRES_NS);
        r.receive(WAN, arpRequest(PEER_MAC, PEER, R_WAN_IP)); // the peer's neighbour entry aged meanwhile; refresh it
        assertEquals(1500, r.mtuTowards(PEER, null), "ip_rt_mtu_expires: the route's MTU again");
        env.clearSent();
        send(fromClient(GRE_FAR, 1476, true));
        assertEquals(List.of(1500), sentOn(WAN).stream().map(Ipv4Packet::totalLength).toList());
    }

    // ------------------------------------------------------------------ VXLAN with an address (routed)

    @Test @DisplayName("VXLAN with an address (seed 000's Gate Peers), DF set: ip_forward refuses 1500 bytes for vxlan0 (MTU 1450) with ICMP 3/4 mtu 1450; 1450 bytes make exactly a 1500-byte outer packet")
    void vxlanRoutedDfTooBig() {
        vxlanWithAddress();
        Ipv4Packet big = fromClient(VXLAN_FAR, 1500, true);
        send(big);
        assertEquals(List.of(), sentOn(WAN));
        assertFragNeeded(1450, big, 64);

        env.clearSent();
        send(fromClient(VXLAN_FAR, 1450, true));
        List<Ipv4Packet> out = sentOn(WAN);
        assertEquals(1, out.size());
        assertEquals(1500, out.get(0).totalLength(), "20 + 8 UDP + 8 VXLAN + 14 inner Ethernet + 1450");
        assertEquals(1450, vxlanInner(out.get(0)).totalLength());
    }

    @Test @DisplayName("VXLAN with an address, DF clear: fragmented to 1450 before encapsulation; each fragment in its own VXLAN packet of at most 1500 bytes, outer DF clear")
    void vxlanRoutedFragments() {
        vxlanWithAddress();
        Ipv4Packet big = fromClient(VXLAN_FAR, 1500, false);
        send(big);
        List<Ipv4Packet> out = sentOn(WAN);
        assertEquals(List.of(1494, 126), out.stream().map(Ipv4Packet::totalLength).toList(),
                "the first fragment carries 1424 bytes (the largest multiple of 8 within 1450 - 20): 20 + 1424 + 50; then 20 + 56 + 50");
        for (Ipv4Packet o : out) {
            assertEquals(PEER, o.dst());
            assertFalse(o.dontFragment(), "vxlan's df option defaults to unset");
            assertEquals(0, o.fragmentOffset());
        }
        List<Ipv4Packet> inner = out.stream().map(TunnelMtuTest::vxlanInner).toList();
        assertTrue(inner.get(0).totalLength() <= 1450);
        assertArrayEquals(big.payload(), reassemble(inner));
        assertEquals(List.of(), sentOn(LAN));
    }
}
