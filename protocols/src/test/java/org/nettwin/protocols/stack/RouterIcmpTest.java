package org.nettwin.protocols.stack;

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
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/** How a Linux router answers what it cannot or should not forward (protocol-facts §7). */
class RouterIcmpTest {
    private static final Mac CLIENT_MAC = Mac.parse("02:00:00:00:00:66");
    private static final Ip4 CLIENT = Ip4.parse("192.168.0.102");
    private static final Ip4 REMOTE = Ip4.parse("8.8.8.8");
    private final ManualEnv env = new ManualEnv("main", 1);
    private NodeStack main;
    private Mac mainMac;

    @BeforeEach void setUp() {
        main = new NodeStack("main", true);
        mainMac = Mac.parse("02:00:00:00:00:01");
        main.addInterface("eth0", 0, mainMac, 1500);
        main.addAddress("eth0", IfAddr.parse("192.168.0.1/24"));
        main.boot(env);
        // The client ARPs for its gateway first, which leaves its entry in main's table (neigh_event_ns).
        ArpPacket who = new ArpPacket(ArpPacket.REQUEST, CLIENT_MAC, CLIENT, Mac.ZERO, Ip4.parse("192.168.0.1"));
        main.receive(0, new EthernetFrame(Mac.BROADCAST, CLIENT_MAC, EtherType.ARP, who.encode()).encode());
        env.clearSent();
    }

    private byte[] echoFrame(int ttl) {
        byte[] icmp = IcmpMessage.echoRequest(0x1234, 28, new byte[56]).encode();
        Ipv4Packet ip = new Ipv4Packet(0, 0x8904, false, false, 0, ttl, IpProto.ICMP, CLIENT, REMOTE, icmp);
        return new EthernetFrame(mainMac, CLIENT_MAC, EtherType.IPV4, ip.encode()).encode();
    }

    private List<Ipv4Packet> ipSent() {
        return env.sent().stream().map(s -> EthernetFrame.decode(s.frame()))
                .filter(f -> f.etherType() == EtherType.IPV4)
                .map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static IcmpMessage icmp(Ipv4Packet p) { return IcmpMessage.decode(p.payload(), 0, p.payload().length); }

    @Test @DisplayName("§7 no route: ICMP 3/0 from the interface's primary address, whole packet quoted, TTL not decremented")
    void netUnreachable() {
        main.receive(0, echoFrame(64));
        List<Ipv4Packet> out = ipSent();
        assertEquals(1, out.size());
        Ipv4Packet err = out.get(0);
        assertEquals(Ip4.parse("192.168.0.1"), err.src());
        assertEquals(CLIENT, err.dst());
        assertEquals(0xc0, err.tos());
        IcmpMessage m = icmp(err);
        assertEquals(IcmpMessage.DEST_UNREACHABLE, m.type());
        assertEquals(IcmpMessage.NET_UNREACHABLE, m.code());
        assertEquals(92, m.data().length + 8, "BSD ping prints \"92 bytes from\": 8 + the whole 84-byte packet");
        assertEquals(64, Ipv4Packet.decodeQuoted(m.data()).ttl());
    }

    @Test @DisplayName("§7 out the interface it came in: forwarded plus Redirect Host with gw = next hop, quoted TTL-1")
    void redirect() {
        main.addRoute(Route.via(Prefix4.DEFAULT, Ip4.parse("192.168.0.254"), "eth0", 0));
        main.receive(0, echoFrame(64));
        List<Ipv4Packet> out = ipSent();
        assertEquals(1, out.size(), "the forwarded packet waits for ARP of .254; only the redirect leaves now");
        IcmpMessage m = icmp(out.get(0));
        assertEquals(IcmpMessage.REDIRECT, m.type());
        assertEquals(IcmpMessage.REDIRECT_HOST, m.code());
        assertEquals(Ip4.parse("192.168.0.254"), m.gateway());
        assertEquals(63, Ipv4Packet.decodeQuoted(m.data()).ttl());
        assertTrue(env.sent().stream().anyMatch(s -> EthernetFrame.peekEtherType(s.frame()) == EtherType.ARP), "ARP for the next hop");
    }

    @Test @DisplayName("§7 forwarding off: silent drop")
    void forwardingOffIsSilent() {
        main.setForwarding(false);
        main.receive(0, echoFrame(64));
        assertTrue(env.sent().isEmpty());
    }

    @Test @DisplayName("TTL 1 on a packet to forward: ICMP 11/0 Time Exceeded")
    void ttlExceeded() {
        main.addRoute(Route.via(Prefix4.DEFAULT, Ip4.parse("192.168.0.254"), "eth0", 0));
        main.receive(0, echoFrame(1));
        IcmpMessage m = icmp(ipSent().get(0));
        assertEquals(IcmpMessage.TIME_EXCEEDED, m.type());
    }

    @Test @DisplayName("echo request to the router itself is answered from the address it was sent to")
    void echoReply() {
        byte[] icmpBytes = IcmpMessage.echoRequest(7, 1, new byte[8]).encode();
        Ipv4Packet ip = new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.ICMP, CLIENT, Ip4.parse("192.168.0.1"), icmpBytes);
        main.receive(0, new EthernetFrame(mainMac, CLIENT_MAC, EtherType.IPV4, ip.encode()).encode());
        Ipv4Packet reply = ipSent().get(0);
        assertEquals(Ip4.parse("192.168.0.1"), reply.src());
        assertEquals(IcmpMessage.ECHO_REPLY, icmp(reply).type());
        assertEquals(CLIENT_MAC, EthernetFrame.peekDst(env.sent().get(0).frame()));
    }
}
