package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.PppoeSession;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** The Raspberry Pi "main" of seed 002: LAN on eth0, FTTH PPPoE on ppp0 with NAT. */
class PppoeNatTest {
    private static final Mac CLIENT_MAC = Mac.parse("02:00:00:00:00:66");
    private static final Ip4 CLIENT = Ip4.parse("192.168.0.102");
    private static final Ip4 WAN = Ip4.parse("203.0.113.10");
    private static final Ip4 REMOTE = Ip4.parse("8.8.8.8");
    private static final Mac BRAS = Mac.parse("02:00:00:00:0b:01");
    private final ManualEnv env = new ManualEnv("main", 1);
    private NodeStack main;
    private final Mac mainMac = Mac.parse("02:00:00:00:00:01");

    @BeforeEach void setUp() {
        main = new NodeStack("main", true);
        main.addInterface("eth0", 0, mainMac, 1500);
        main.addAddress("eth0", IfAddr.parse("192.168.0.1/24"));
        main.addPppoeInterface("ppp0", 1, Mac.parse("02:00:00:00:00:02"), 1492,
                new NetInterface.Ppp(0x1234, BRAS, "dsl-provider", true, Time.s(2), List.of(IfAddr.parse("203.0.113.10/32"))));
        main.setMasquerade("ppp0", true);
        main.boot(env);
        ArpPacket who = new ArpPacket(ArpPacket.REQUEST, CLIENT_MAC, CLIENT, Mac.ZERO, Ip4.parse("192.168.0.1"));
        main.receive(0, new EthernetFrame(Mac.BROADCAST, CLIENT_MAC, EtherType.ARP, who.encode()).encode());
        env.clearSent();
    }

    private void clientPing(int seq) {
        byte[] icmp = IcmpMessage.echoRequest(0x4242, seq, new byte[56]).encode();
        Ipv4Packet ip = new Ipv4Packet(0, seq, false, false, 0, 64, IpProto.ICMP, CLIENT, REMOTE, icmp);
        main.receive(0, new EthernetFrame(mainMac, CLIENT_MAC, EtherType.IPV4, ip.encode()).encode());
    }

    @Test @DisplayName("pppd defaultroute + MASQUERADE: the client's ping leaves ppp0 in PPPoE framing from the WAN address")
    void outboundIsPppoeAndNatted() {
        clientPing(1);
        ManualEnv.Sent s = env.sent().get(0);
        assertEquals(1, s.port());
        EthernetFrame f = EthernetFrame.decode(s.frame());
        assertEquals(EtherType.PPPOE_SESSION, f.etherType());
        assertEquals(BRAS, f.dst());
        PppoeSession ppp = PppoeSession.decode(f.payload(), 0, f.payload().length);
        Ipv4Packet ip = Ipv4Packet.decode(ppp.payload(), 0, ppp.payload().length);
        assertEquals(WAN, ip.src());
        assertEquals(63, ip.ttl());
    }

    @Test @DisplayName("the reply is mapped back by conntrack and forwarded to the client")
    void replyIsTranslatedBack() {
        clientPing(1);
        env.clearSent();
        byte[] icmp = IcmpMessage.echoReply(0x4242, 1, new byte[56]).encode();
        Ipv4Packet reply = new Ipv4Packet(0, 9, false, false, 0, 57, IpProto.ICMP, REMOTE, WAN, icmp);
        byte[] pppoe = new PppoeSession(0x1234, PppoeSession.PPP_IPV4, reply.encode()).encode();
        main.receive(1, new EthernetFrame(main.iface("ppp0").mac(), BRAS, EtherType.PPPOE_SESSION, pppoe).encode());
        EthernetFrame f = EthernetFrame.decode(env.sent().get(0).frame());
        Ipv4Packet back = Ipv4Packet.decode(f.payload(), 0, f.payload().length);
        assertEquals(CLIENT, back.dst());
        assertEquals(CLIENT_MAC, f.dst());
        assertEquals(56, back.ttl());
    }

    @Test @DisplayName("seed 002 `poff dsl-provider`: ppp0 and its default route vanish, clients get Net Unreachable; `pon` restores after negotiation")
    void poffPon() {
        NodeCommands sh = new NodeCommands(main);
        assertEquals(0, sh.run("poff dsl-provider", "test").status());
        assertFalse(main.iface("ppp0").adminUp());
        assertTrue(main.showRoutes().stream().noneMatch(r -> r.contains("ppp0")), main.showRoutes().toString());
        clientPing(2);
        EthernetFrame f = EthernetFrame.decode(env.sent().get(0).frame());
        Ipv4Packet err = Ipv4Packet.decode(f.payload(), 0, f.payload().length);
        assertEquals(IcmpMessage.DEST_UNREACHABLE, err.payload()[0] & 0xff);
        assertEquals(0, sh.run("pon dsl-provider", "test").status());
        env.advanceBy(Time.s(1));
        assertFalse(main.iface("ppp0").adminUp(), "still negotiating");
        env.advanceBy(Time.s(1));
        assertTrue(main.iface("ppp0").adminUp());
        assertTrue(main.showRoutes().contains("default dev ppp0"), main.showRoutes().toString());
    }

    @Test @DisplayName("`ping -I ppp0` works with no route through ppp0 (Linux assumes on-link for a bound socket)")
    void boundSendWithoutRoute() {
        new NodeCommands(main).run("ip route replace default via 192.168.0.254 dev eth0", "test");
        byte[] icmp = IcmpMessage.echoRequest(1, 1, new byte[0]).encode();
        NodeStack.SendResult r = main.sendIp(new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.ICMP, Ip4.ANY, REMOTE, icmp), "ppp0");
        assertEquals(NodeStack.SendResult.SENT, r);
        assertEquals(1, env.sent().get(env.sent().size() - 1).port());
    }
}
