package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.L2tpv3Header;
import org.nettwin.protocols.codec.L2tpv3Header.Encap;
import org.nettwin.protocols.codec.L2tpv3Header.Sublayer;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** `ip l2tp` on a node stack: iproute2's syntax and messages, l2tp_eth's MTU, encapsulation, cookies, fragmentation. */
class L2tpv3SessionTest {
    private static final Ip4 LOCAL = Ip4.parse("10.0.1.10"), REMOTE = Ip4.parse("10.0.1.20");
    private static final Mac OWN_MAC = Mac.parse("02:00:00:00:00:10"), PEER_MAC = Mac.parse("02:00:00:00:00:20");
    private static final Mac STATION = Mac.parse("02:00:00:00:00:99");

    private final ManualEnv env = new ManualEnv("a", 1);
    private final NodeStack stack = new NodeStack("a", true);
    private final NodeCommands ip;

    L2tpv3SessionTest() {
        stack.addInterface("eth0", 0, OWN_MAC, 1500);
        stack.addAddress("eth0", IfAddr.parse("10.0.1.10/24"));
        stack.boot(env);
        ip = new NodeCommands(stack);
        // The peer's MAC is known, so encapsulated frames leave at once (no ARP round in these tests).
        stack.receive(0, new EthernetFrame(OWN_MAC, PEER_MAC, EtherType.ARP, new ArpPacket(ArpPacket.REQUEST, PEER_MAC, REMOTE, Mac.ZERO, LOCAL).encode()).encode());
        env.clearSent();
    }

    private void sh(String line) {
        NodeCommands.Result r = ip.run(line, "test");
        assertEquals(0, r.status(), line + ": " + r.output());
    }

    private NodeCommands.Result fails(int status, String line) {
        NodeCommands.Result r = ip.run(line, "test");
        assertEquals(status, r.status(), line + ": " + r.output());
        return r;
    }

    private List<Ipv4Packet> sentIp() {
        return env.sent().stream().map(s -> EthernetFrame.decode(s.frame())).filter(f -> f.etherType() == EtherType.IPV4)
                .map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static byte[] arpRequestFor(Ip4 target) {
        return new EthernetFrame(Mac.BROADCAST, STATION, EtherType.ARP,
                new ArpPacket(ArpPacket.REQUEST, STATION, Ip4.parse("172.16.1.10"), Mac.ZERO, target).encode()).encode();
    }

    @Test @DisplayName("l2tp_eth_adjust_mtu over a 1500-byte path: IP 1458, UDP 1446 (default sublayer), IP without sublayer 1462, with an 8-byte cookie 1454")
    void deviceMtu() {
        sh("ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20");
        sh("ip l2tp add session tunnel_id 1 session_id 1 peer_session_id 1");
        sh("ip l2tp add session tunnel_id 1 session_id 2 peer_session_id 2 l2spec_type none");
        sh("ip l2tp add session name pw8 tunnel_id 1 session_id 3 peer_session_id 3 l2spec_type none cookie 0011223344556677 peer_cookie 0011223344556677");
        sh("ip l2tp add tunnel tunnel_id 2 peer_tunnel_id 7 encap udp local 10.0.1.10 remote 10.0.1.20 udp_sport 5000 udp_dport 6000");
        sh("ip l2tp add session tunnel_id 2 session_id 4 peer_session_id 4");
        assertEquals(1458, stack.iface("l2tpeth0").mtu());
        assertEquals(1462, stack.iface("l2tpeth1").mtu());
        assertEquals(1454, stack.iface("pw8").mtu());
        assertEquals(1446, stack.iface("l2tpeth2").mtu());
        assertFalse(stack.iface("l2tpeth0").adminUp(), "a new netdev is down until `ip link set l2tpeth0 up`");
    }

    @Test @DisplayName("ipl2tp.c messages: missing and wrong arguments exit 255, kernel refusals print RTNETLINK answers and exit 2")
    void errorsAsIproute2PrintsThem() {
        assertEquals(List.of("Error: argument \"peer_tunnel_id\" is required"), fails(255, "ip l2tp add tunnel tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20").output());
        assertEquals(List.of("Error: argument \"udp_sport\" is required"), fails(255, "ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 local 10.0.1.10 remote 10.0.1.20").output(),
                "encap defaults to udp (L2TP_ENCAPTYPE_UDP = 0), which needs ports");
        assertEquals(List.of("Unknown tunnel encapsulation \"gre\""), fails(255, "ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap gre local 10.0.1.10 remote 10.0.1.20").output());
        assertEquals(List.of("Error: argument \"abc\" is wrong: cookie must be either 8 or 16 hex digits"),
                fails(255, "ip l2tp add session tunnel_id 1 session_id 1 peer_session_id 1 cookie abc").output());
        assertEquals(List.of("Command \"foo\" is unknown, try \"ip l2tp help\"."), fails(255, "ip l2tp foo tunnel").output());
        assertEquals(List.of("Error: argument \"tunnel or session\" is required"), fails(255, "ip l2tp show").output());
        assertEquals(List.of("Error: argument \"x1\" is wrong: invalid ID"), fails(255, "ip l2tp add tunnel tunnel_id x1").output());
        assertEquals(List.of("RTNETLINK answers: Cannot assign requested address"), fails(2, "ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.11 remote 10.0.1.20").output());
        assertEquals(List.of("RTNETLINK answers: Network is unreachable"), fails(2, "ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 192.0.2.1").output());
        assertEquals(List.of("RTNETLINK answers: No such device"), fails(2, "ip l2tp add session tunnel_id 9 session_id 1 peer_session_id 1").output());
        sh("ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20");
        assertEquals(List.of("RTNETLINK answers: File exists"), fails(2, "ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20").output());
        sh("ip l2tp add session tunnel_id 1 session_id 1 peer_session_id 1");
        assertEquals(List.of("RTNETLINK answers: File exists"), fails(2, "ip l2tp add session tunnel_id 1 session_id 1 peer_session_id 2").output());
        assertEquals(List.of("RTNETLINK answers: No such device"), fails(2, "ip l2tp del session tunnel_id 1 session_id 5").output());
    }

    @Test @DisplayName("ip l2tp show tunnel|session print as ipl2tp.c print_tunnel/print_session; del session removes l2tpeth0, del tunnel the rest")
    void showAndDelete() {
        sh("ip l2tp add tunnel tunnel_id 3 peer_tunnel_id 4 encap udp local 10.0.1.10 remote 10.0.1.20 udp_sport 5000 udp_dport 5001");
        sh("ip l2tp add session tunnel_id 3 session_id 10 peer_session_id 20 cookie 01020304");
        assertEquals(List.of("Tunnel 3, encap UDP", "  From 10.0.1.10 to 10.0.1.20", "  Peer tunnel 4",
                "  UDP source / dest ports: 5000/5001", "  UDP checksum: disabled"), ip.run("ip l2tp show tunnel", "test").output());
        assertEquals(List.of("Session 10 in tunnel 3", "  Peer session 20, tunnel 4", "  interface name: l2tpeth0",
                "  offset 0, peer offset 0", "  cookie 01020304", ""), ip.run("ip l2tp show session", "test").output());
        sh("ip l2tp del session tunnel_id 3 session_id 10");
        assertNull(stack.iface("l2tpeth0"));
        sh("ip l2tp add session tunnel_id 3 session_id 10 peer_session_id 20");
        sh("ip l2tp del tunnel tunnel_id 3");
        assertNull(stack.iface("l2tpeth0"));
        assertEquals(List.of(), ip.run("ip l2tp show tunnel", "test").output());
        sh("ip l2tp add tunnel tunnel_id 3 peer_tunnel_id 4 encap udp local 10.0.1.10 remote 10.0.1.20 udp_sport 5000 udp_dport 5001");
    }

    @Test @DisplayName("RFC 3931 §4.1.2.1: a frame on l2tpeth0 leaves in UDP sport->dport, checksum 0, peer session ID and our cookie, DF clear, TTL 64")
    void encapsulatesOverUdp() {
        sh("ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap udp local 10.0.1.10 remote 10.0.1.20 udp_sport 1701 udp_dport 1702");
        sh("ip l2tp add session tunnel_id 1 session_id 5 peer_session_id 6 cookie cafef00d l2spec_type none");
        sh("ip link set l2tpeth0 up");
        byte[] frame = arpRequestFor(Ip4.parse("172.16.1.1"));
        stack.transmitFrame(stack.iface("l2tpeth0"), frame);
        List<Ipv4Packet> out = sentIp();
        assertEquals(1, out.size());
        Ipv4Packet outer = out.get(0);
        assertEquals(IpProto.UDP, outer.protocol());
        assertEquals(LOCAL, outer.src());
        assertEquals(REMOTE, outer.dst());
        assertEquals(64, outer.ttl());
        assertFalse(outer.dontFragment(), "l2tp_xmit_queue sets ignore_df");
        byte[] udp = outer.payload();
        assertEquals(0, (udp[6] & 0xff) << 8 | (udp[7] & 0xff), "udp_csum off by default");
        UdpDatagram d = UdpDatagram.decode(udp, 0, udp.length, outer.src(), outer.dst());
        assertEquals(1701, d.srcPort());
        assertEquals(1702, d.dstPort());
        L2tpv3Header h = L2tpv3Header.decode(d.payload(), 0, d.payload().length, Encap.UDP, 4, Sublayer.NONE);
        assertEquals(6, h.sessionId(), "data messages carry the peer's session ID");
        assertArrayEquals(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xf0, 0x0d}, h.cookie());
        assertArrayEquals(frame, h.payload());
    }

    private void deliverOverIp(Ipv4Packet outer) {
        stack.receive(0, new EthernetFrame(OWN_MAC, PEER_MAC, EtherType.IPV4, outer.encode()).encode());
    }

    private Ipv4Packet fromPeer(int id, byte[] l2tp) {
        return new Ipv4Packet(0, id, false, false, 0, 64, IpProto.L2TP, REMOTE, LOCAL, l2tp);
    }

    @Test @DisplayName("received over IP: the peer cookie must match (l2tp_recv_common discards a mismatch); the frame reaches l2tpeth0, which answers ARP back through the pseudowire")
    void decapsulatesAndChecksCookie() {
        sh("ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20");
        sh("ip l2tp add session tunnel_id 1 session_id 5 peer_session_id 6 peer_cookie 11223344");
        sh("ip addr add 172.16.1.1/24 dev l2tpeth0");
        sh("ip link set l2tpeth0 up");
        byte[] ask = arpRequestFor(Ip4.parse("172.16.1.1"));
        deliverOverIp(fromPeer(1, new L2tpv3Header(Encap.IP, 5, new byte[] {1, 2, 3, 4}, Sublayer.DEFAULT, ask).encode()));
        assertTrue(sentIp().isEmpty(), "wrong cookie: nothing answered");
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.NOT_FOR_US && d.detail().contains("cookie mismatch")));
        deliverOverIp(fromPeer(2, new L2tpv3Header(Encap.IP, 5, new byte[] {0x11, 0x22, 0x33, 0x44}, Sublayer.DEFAULT, ask).encode()));
        List<Ipv4Packet> out = sentIp();
        assertEquals(1, out.size());
        L2tpv3Header reply = L2tpv3Header.decode(out.get(0).payload(), 0, out.get(0).payload().length, Encap.IP, 0, Sublayer.DEFAULT);
        assertEquals(6, reply.sessionId());
        EthernetFrame f = EthernetFrame.decode(reply.payload());
        assertEquals(STATION, f.dst());
        assertEquals(ArpPacket.REPLY, ArpPacket.decode(f.payload(), 0, f.payload().length).op());
    }

    @Test @DisplayName("MTU: a bridge drops a frame over l2tpeth0's MTU + 4 silently (br_dev_queue_push_xmit, is_skb_forwardable); an outer packet over the path MTU is fragmented (ignore_df) and reassembled by the receiver")
    void oversizeFramesAndFragmentation() {
        sh("ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 1 encap ip local 10.0.1.10 remote 10.0.1.20");
        sh("ip l2tp add session tunnel_id 1 session_id 5 peer_session_id 5");
        sh("ip addr add 172.16.1.1/24 dev l2tpeth0");
        sh("ip link set l2tpeth0 up");
        NetInterface pw = stack.iface("l2tpeth0");
        // Bridged to a LAN port, as on the NIFCLOUD gateways: is_skb_forwardable allows MTU + 14 + VLAN_HLEN (4).
        stack.addInterface("eth1", 1, Mac.parse("02:00:00:00:00:11"), 1500);
        sh("ip link add br0 type bridge");
        sh("ip link set eth1 master br0");
        sh("ip link set l2tpeth0 master br0");
        sh("ip link set br0 up");
        assertEquals(1458, stack.iface("br0").mtu(), "br_mtu_auto_adjust: the bridge takes its narrowest port's MTU");
        Mac far = Mac.parse("02:00:00:00:00:77");
        stack.receive(1, new EthernetFrame(far, STATION, EtherType.IPV4, new byte[1458 + 5]).encode());
        assertTrue(sentIp().isEmpty());
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.MTU_EXCEEDED));
        stack.receive(1, new EthernetFrame(far, STATION, EtherType.IPV4, new byte[1458 + 4]).encode());
        assertEquals(2, sentIp().size(), "passes the bridge; 20 + 8 + 14 + 1462 = 1504 bytes outer, fragmented");
        env.clearSent();

        stack.iface("eth0").setMtu(1400); // `ip link set eth0 mtu 1400` later: l2tpeth0 keeps 1458, as in Linux
        byte[] big = new EthernetFrame(STATION, pw.mac(), EtherType.IPV4, new byte[1458]).encode();
        stack.transmitFrame(pw, big);
        List<Ipv4Packet> fragments = sentIp();
        assertEquals(2, fragments.size(), "1500-byte outer packet over a 1400-byte link");
        assertTrue(fragments.get(0).moreFragments());
        assertFalse(fragments.get(0).dontFragment());
        assertEquals(20 + 8 + big.length, fragments.stream().mapToInt(p -> p.payload().length).sum() + 20);

        // The same fragments, as the peer would send them to us, reassemble into one message for session 5.
        env.clearSent();
        byte[] ask = arpRequestFor(Ip4.parse("172.16.1.1"));
        Ipv4Packet whole = fromPeer(77, new L2tpv3Header(Encap.IP, 5, new byte[0], Sublayer.DEFAULT, padTo(ask, 1458 + 14)).encode());
        List<Ipv4Packet> pieces = whole.fragment(1400);
        deliverOverIp(pieces.get(1)); // out of order on purpose
        assertTrue(sentIp().isEmpty(), "half a message is not delivered");
        deliverOverIp(pieces.get(0));
        assertEquals(1, sentIp().size(), "reassembled: the ARP request is answered through the pseudowire");
    }

    private static byte[] padTo(byte[] frame, int length) {
        byte[] out = new byte[length];
        System.arraycopy(frame, 0, out, 0, frame.length);
        return out;
    }
}
