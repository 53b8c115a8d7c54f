package org.nettwin.protocols.gre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** `ip tunnel add ... mode gre` on a node stack (protocol-facts §3.2). */
class GreDeviceTest {
    private static final Ip4 LOCAL = Ip4.parse("10.0.1.10"), REMOTE = Ip4.parse("10.0.1.20");
    private static final Mac PEER_MAC = Mac.parse("02:00:00:00:00:20");

    private final ManualEnv env = new ManualEnv("a", 1);
    private final NodeStack stack = new NodeStack("a", true);
    private final NodeCommands ip;

    GreDeviceTest() {
        stack.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:10"), 1500);
        stack.addAddress("eth0", IfAddr.parse("10.0.1.10/24"));
        stack.boot(env);
        ip = new NodeCommands(stack);
    }

    private void sh(String line) {
        NodeCommands.Result r = ip.run(line, "test");
        assertEquals(0, r.status(), line + ": " + r.output());
    }

    /** Answers the node's ARP request for the underlay peer (Linux ignores unsolicited replies), releasing what waited for it. */
    private List<Ipv4Packet> sentIp() {
        boolean asked = env.sent().stream().map(s -> EthernetFrame.decode(s.frame())).anyMatch(f -> f.etherType() == EtherType.ARP);
        if (asked) {
            stack.receive(0, new EthernetFrame(Mac.parse("02:00:00:00:00:10"), PEER_MAC, EtherType.ARP,
                    new ArpPacket(ArpPacket.REPLY, PEER_MAC, REMOTE, Mac.parse("02:00:00:00:00:10"), LOCAL).encode()).encode());
        }
        return env.sent().stream().map(s -> EthernetFrame.decode(s.frame())).filter(f -> f.etherType() == EtherType.IPV4)
                .map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static Ipv4Packet inner(Ipv4Packet outer) {
        GreHeader g = GreHeader.decode(outer.payload(), 0, outer.payload().length);
        assertEquals(GreHeader.PROTO_IPV4, g.protocolType());
        return Ipv4Packet.decode(g.payload(), 0, g.payload().length);
    }

    private void up(String extra) {
        sh("ip tunnel add tun00 mode gre remote 10.0.1.20 local 10.0.1.10 ttl 255" + extra);
        sh("ip addr add 169.254.0.1/24 dev tun00");
        sh("ip link set tun00 up");
    }

    @Test @DisplayName("§3.2: MTU = 1500 - 24 = 1476, 1472 with a key; `ip tunnel add` twice fails, del removes it")
    void mtuAndLifecycle() {
        up("");
        assertEquals(1476, stack.iface("tun00").mtu());
        assertEquals(1, ip.run("ip tunnel add tun00 mode gre remote 10.0.1.20", "test").status());
        sh("ip tunnel del tun00");
        assertEquals(null, stack.iface("tun00"));
        sh("ip tunnel add tun01 mode gre remote 10.0.1.20 local 10.0.1.10 key 7");
        assertEquals(1472, stack.iface("tun01").mtu());
        assertEquals(255, ip.run("ip tunnel add t2 mode ipip remote 10.0.1.20", "test").status());
    }

    @Test @DisplayName("§3.2: a routed packet and a multicast both leave as unicast GRE (proto 47) to remote, TTL 255, DF set (iproute2's default pmtudisc)")
    void encapsulates() {
        up("");
        env.clearSent();
        stack.sendIp(new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.ICMP, Ip4.ANY, Ip4.parse("169.254.0.2"),
                IcmpMessage.echoRequest(1, 1, new byte[8]).encode()), null);
        stack.sendLinkLocal("tun00", new Ipv4Packet(0, 2, false, false, 0, 1, IpProto.UDP, Ip4.parse("169.254.0.1"),
                Ip4.parse("239.251.252.253"), new byte[8]), Mac.ZERO);
        List<Ipv4Packet> out = sentIp();
        assertEquals(2, out.size());
        for (Ipv4Packet o : out) {
            assertEquals(IpProto.GRE, o.protocol());
            assertEquals(LOCAL, o.src());
            assertEquals(REMOTE, o.dst());
            assertEquals(255, o.ttl());
            assertTrue(o.dontFragment(), "ip_tunnel_xmit copies tnl_params->frag_off (IP_DF), whatever the inner DF");
        }
        assertEquals(Ip4.parse("169.254.0.1"), inner(out.get(0)).src());
        assertEquals(Ip4.parse("239.251.252.253"), inner(out.get(1)).dst());
        assertEquals(1, inner(out.get(1)).ttl(), "the inner TTL is the sender's; only the outer one is 255");
    }

    private void deliverGre(Long key, Ipv4Packet innerPacket) {
        Ipv4Packet outer = new Ipv4Packet(0, 9, false, false, 0, 255, IpProto.GRE, REMOTE, LOCAL, GreHeader.ipv4(key, innerPacket.encode()).encode());
        stack.receive(0, new EthernetFrame(Mac.parse("02:00:00:00:00:10"), PEER_MAC, EtherType.IPV4, outer.encode()).encode());
    }

    @Test @DisplayName("received GRE decapsulates into tun00: an echo request to 169.254.0.1 is answered back through the tunnel")
    void decapsulates() {
        up(" key 7");
        env.clearSent();
        Ipv4Packet echo = new Ipv4Packet(0, 5, false, false, 0, 64, IpProto.ICMP, Ip4.parse("169.254.0.2"), Ip4.parse("169.254.0.1"),
                IcmpMessage.echoRequest(3, 4, new byte[8]).encode());
        deliverGre(7L, echo);
        List<Ipv4Packet> out = sentIp();
        assertEquals(1, out.size());
        Ipv4Packet reply = inner(out.get(0));
        assertEquals(Ip4.parse("169.254.0.2"), reply.dst());
        assertEquals(IcmpMessage.ECHO_REPLY, IcmpMessage.decode(reply.payload(), 0, reply.payload().length).type());
        assertEquals(7L, GreHeader.decode(out.get(0).payload(), 0, out.get(0).payload().length).key());

        env.clearSent();
        deliverGre(8L, echo); // ip_tunnel_lookup matches the key too
        assertTrue(sentIp().isEmpty());
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.NO_LISTENER && d.detail().contains("key 8")));
    }

    @Test @DisplayName("a route to the remote through the tunnel itself is dropped, not recursed into")
    void recursion() {
        up("");
        sh("ip route add 10.0.1.20/32 dev tun00");
        env.clearSent();
        stack.sendIp(new Ipv4Packet(0, 1, false, false, 0, 64, IpProto.ICMP, Ip4.ANY, Ip4.parse("169.254.0.2"),
                IcmpMessage.echoRequest(1, 1, new byte[8]).encode()), null);
        assertTrue(sentIp().isEmpty());
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.detail().contains("recursion")));
    }
}
