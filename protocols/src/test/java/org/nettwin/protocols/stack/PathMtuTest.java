package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.app.Ping;
import org.nettwin.protocols.app.PingOptions;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.testkit.ManualNet;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/**
 * Path MTU discovery on a Linux host (net/ipv4/route.c, icmp.c, ping.c, ip_output.c):
 * <ul>
 * <li>ICMP 3/4 about a datagram this host sent, reaching its socket, records a path MTU for the quoted
 * destination (__ip_rt_update_pmtu): the reported next-hop MTU if not above the current one, raised to
 * min_pmtu 552 and locked when below it, held for mtu_expires = 600 s;</li>
 * <li>a socket left at IP_PMTUDISC_WANT, as iputils ping without -M, sets DF only on a datagram that fits the
 * path MTU (__ip_make_skb) and fragments a larger one locally with DF clear;</li>
 * <li>the kernel's echo replies go out DF clear (icmp_sk_init: IP_PMTUDISC_DONT), so a narrower return path
 * fragments them in the router;</li>
 * <li>forwarding ignores learned path MTUs (ip_forward_use_pmtu = 0).</li>
 * </ul>
 */
class PathMtuTest {
    private static final Ip4 H1 = Ip4.parse("10.0.1.2"), R1_LAN = Ip4.parse("10.0.1.1"), H2 = Ip4.parse("10.0.2.2");

    private static List<Ipv4Packet> ipSent(ManualEnv env, int port) {
        return env.sent().stream().filter(s -> s.port() == port).map(s -> EthernetFrame.decode(s.frame()))
                .filter(f -> f.etherType() == EtherType.IPV4).map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static List<String> logs(ManualEnv env, String program) {
        return env.traces().stream().filter(t -> t instanceof TraceEvent.Log l && l.program().equals(program))
                .map(t -> ((TraceEvent.Log) t).text()).toList();
    }

    private static boolean isEchoRequest(Ipv4Packet p) {
        return p.protocol() == IpProto.ICMP && (p.fragmentOffset() != 0 || p.payload()[0] == IcmpMessage.ECHO_REQUEST);
    }

    /**
     * h1 (10.0.1.2) — r1 ══ GRE, MTU 1476 ══ r2 — h2 (10.0.2.2), every Ethernet 1500 and every wire 1 ms: the
     * tunnel is the narrowest hop, as with Vyatta's `tunnel tun0 encapsulation gre`.
     */
    @Nested class ThroughGreTunnel {
        final ManualNet net = new ManualNet();
        final NodeStack h1 = new NodeStack("h1", false), r1 = new NodeStack("r1", true), r2 = new NodeStack("r2", true), h2 = new NodeStack("h2", false);
        final ManualEnv h1Env, h2Env;

        ThroughGreTunnel() {
            h1.addInterface("eth0", 0, Mac.parse("02:00:00:00:01:02"), 1500);
            h1.addAddress("eth0", IfAddr.parse("10.0.1.2/24"));
            h1.addRoute(Route.via(Prefix4.DEFAULT, R1_LAN, "eth0", 0));
            r1.addInterface("eth0", 0, Mac.parse("02:00:00:00:01:01"), 1500);
            r1.addAddress("eth0", IfAddr.parse("10.0.1.1/24"));
            r1.addInterface("eth1", 1, Mac.parse("02:00:00:00:00:01"), 1500);
            r1.addAddress("eth1", IfAddr.parse("10.0.0.1/24"));
            r2.addInterface("eth0", 0, Mac.parse("02:00:00:00:02:01"), 1500);
            r2.addAddress("eth0", IfAddr.parse("10.0.2.1/24"));
            r2.addInterface("eth1", 1, Mac.parse("02:00:00:00:00:02"), 1500);
            r2.addAddress("eth1", IfAddr.parse("10.0.0.2/24"));
            h2.addInterface("eth0", 0, Mac.parse("02:00:00:00:02:02"), 1500);
            h2.addAddress("eth0", IfAddr.parse("10.0.2.2/24"));
            h2.addRoute(Route.via(Prefix4.DEFAULT, Ip4.parse("10.0.2.1"), "eth0", 0));
            h1Env = net.boot(h1, 1);
            net.boot(r1, 2);
            net.boot(r2, 3);
            h2Env = net.boot(h2, 4);
            sh(r1, "ip tunnel add tun0 mode gre remote 10.0.0.2 local 10.0.0.1 ttl 255",
                    "ip addr add 169.254.0.1/30 dev tun0", "ip link set tun0 up", "ip route add 10.0.2.0/24 dev tun0");
            sh(r2, "ip tunnel add tun0 mode gre remote 10.0.0.1 local 10.0.0.2 ttl 255",
                    "ip addr add 169.254.0.2/30 dev tun0", "ip link set tun0 up", "ip route add 10.0.1.0/24 dev tun0");
            assertEquals(1476, r1.iface("tun0").mtu());
            net.link(h1, 0, r1, 0, Time.ms(1));
            net.link(r1, 1, r2, 1, Time.ms(1));
            net.link(r2, 0, h2, 0, Time.ms(1));
        }

        private void sh(NodeStack s, String... lines) {
            NodeCommands c = new NodeCommands(s);
            for (String line : lines) {
                NodeCommands.Result res = c.run(line, "test");
                assertEquals(0, res.status(), line + ": " + res.output());
            }
        }

        /** `ping -c COUNT -s 1472 10.0.2.2` on h1, started now. */
        private Ping ping(String name, int count) {
            Ping p = new Ping(name, h1, new PingOptions(H2, count, Time.S, 1472, 2 * Time.S, null, PingStyle.IPUTILS));
            p.start(h1Env);
            return p;
        }

        private List<Ipv4Packet> echoRequestsFromH1(long from, long to) {
            return h1Env.sent().stream().filter(s -> s.time() >= from && s.time() < to).map(s -> EthernetFrame.decode(s.frame()))
                    .filter(f -> f.etherType() == EtherType.IPV4).map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length))
                    .filter(PathMtuTest::isEchoRequest).toList();
        }

        @Test @DisplayName("ping -s 1472: the first echo leaves 1500 bytes with DF and draws \"Frag needed and DF set (mtu = 1476)\" from r1; h1 learns 1476, so the next echoes leave as two fragments with DF clear and are answered")
        void pingLearnsTheTunnelMtu() {
            ping("p", 3);
            net.runFor(Time.s(5));

            List<String> out = logs(h1Env, "ping/p");
            assertEquals("PING 10.0.2.2 (10.0.2.2) 1472(1500) bytes of data.", out.get(0));
            assertEquals("From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1476)", out.get(1), "iputils ping4.c pr_icmph, from r1's address towards h1");
            assertTrue(out.get(2).startsWith("1480 bytes from 10.0.2.2: icmp_seq=2 ttl=62 time="), out.get(2));
            assertTrue(out.get(3).startsWith("1480 bytes from 10.0.2.2: icmp_seq=3 ttl=62 time="), out.get(3));
            assertTrue(out.stream().anyMatch(l -> l.startsWith("3 packets transmitted, 2 received, +1 errors, 33.3333% packet loss")), out.toString());

            List<Ipv4Packet> first = echoRequestsFromH1(0, Time.ms(500));
            assertEquals(1, first.size());
            assertEquals(1500, first.get(0).totalLength());
            assertTrue(first.get(0).dontFragment(), "IP_PMTUDISC_WANT: DF while the datagram fits the path MTU (1500, the device's)");
            List<Ipv4Packet> second = echoRequestsFromH1(Time.s(1), Time.s(1) + Time.ms(500));
            assertEquals(List.of(1476, 44), second.stream().map(Ipv4Packet::totalLength).toList(), "fragmented locally to the learned 1476: 20 + 1456, then 20 + 24");
            for (Ipv4Packet f : second) assertFalse(f.dontFragment(), "over the path MTU: fragmented without DF");

            NodeStack.PathMtu learned = h1.learnedPathMtu(H2, null);
            assertNotNull(learned);
            assertEquals(1476, learned.mtu());
            assertFalse(learned.locked());
            long icmpArrived = h1Env.traces().stream().filter(t -> t instanceof TraceEvent.Log l && l.text().startsWith("From ")).count() == 1
                    ? learned.expiresNs() - NodeStack.PMTU_EXPIRES_NS : -1;
            assertTrue(icmpArrived > 0 && icmpArrived <= Time.ms(10), "10 minutes from the ICMP's arrival, a few ms in (ARP, then 1 ms there and 1 ms back): " + icmpArrived);
            assertTrue(logs(h1Env, "kernel").contains("route cache 10.0.2.2 via 10.0.1.1 dev eth0 expires 600sec mtu 1476"));

            assertNull(r1.learnedPathMtu(H2, null), "r1 only forwarded: it refused the DF packet, it learned nothing");
            assertNull(h2.learnedPathMtu(H1, null), "h2 never heard of the tunnel's MTU");
            List<Ipv4Packet> replies = ipSent(h2Env, 0).stream().filter(p -> p.protocol() == IpProto.ICMP).toList();
            assertTrue(replies.stream().allMatch(p -> !p.dontFragment() && p.totalLength() == 1500),
                    "echo replies leave h2 whole with DF clear (icmp_sk_init: IP_PMTUDISC_DONT); r2 fragments them for the tunnel");
        }

        @Test @DisplayName("the learned MTU holds 600 s (ip_rt_mtu_expires): just before, echoes still leave fragmented; from then on the route's 1500 applies again, DF is set and r1 answers with ICMP 3/4 once more")
        void learnedMtuExpires() {
            ping("a", 2);
            net.runFor(Time.s(4));
            long expires = h1.learnedPathMtu(H2, null).expiresNs();

            net.runUntil(expires - Time.ms(1));
            long before = net.now();
            ping("b", 1);
            net.runFor(Time.s(3));
            List<Ipv4Packet> stillLearned = echoRequestsFromH1(before, before + Time.ms(500));
            assertEquals(List.of(1476, 44), stillLearned.stream().map(Ipv4Packet::totalLength).toList());
            assertTrue(logs(h1Env, "ping/b").stream().anyMatch(l -> l.startsWith("1480 bytes from 10.0.2.2: icmp_seq=1 ")));

            assertNull(h1.learnedPathMtu(H2, null), "expired");
            long after = net.now();
            ping("c", 2);
            net.runFor(Time.s(4));
            List<Ipv4Packet> again = echoRequestsFromH1(after, after + Time.ms(500));
            assertEquals(1, again.size());
            assertEquals(1500, again.get(0).totalLength());
            assertTrue(again.get(0).dontFragment());
            List<String> c = logs(h1Env, "ping/c");
            assertEquals("From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1476)", c.get(1));
            assertTrue(c.get(2).startsWith("1480 bytes from 10.0.2.2: icmp_seq=2 "), c.get(2));
            long relearned = h1.learnedPathMtu(H2, null).expiresNs() - NodeStack.PMTU_EXPIRES_NS;
            assertTrue(relearned > after && relearned <= after + Time.ms(10), "learned afresh from the new ICMP");
        }

        @Test @DisplayName("BSD-style ping never sets DF: the 1500-byte echo is fragmented by r1 for the tunnel and answered the first time; nothing is learned")
        void bsdPingIsFragmentedByTheRouter() {
            new Ping("m", h1, new PingOptions(H2, 2, Time.S, 1472, 2 * Time.S, null, PingStyle.BSD)).start(h1Env);
            net.runFor(Time.s(4));
            List<String> out = logs(h1Env, "ping/m");
            assertTrue(out.get(1).startsWith("1480 bytes from 10.0.2.2: icmp_seq=0 ttl=62 time="), out.toString());
            assertFalse(echoRequestsFromH1(0, Time.ms(500)).get(0).dontFragment());
            assertNull(h1.learnedPathMtu(H2, null));
        }
    }

    /** One host, 10.0.0.1/24 behind gateway 10.0.0.254, sending echo requests (id 7) to 192.0.2.9 itself. */
    @Nested class HostCache {
        static final Mac H_MAC = Mac.parse("02:00:00:00:00:01"), GW_MAC = Mac.parse("02:00:00:00:00:fe");
        static final Ip4 H = Ip4.parse("10.0.0.1"), GW = Ip4.parse("10.0.0.254"), FAR = Ip4.parse("192.0.2.9");
        final ManualEnv env = new ManualEnv("h", 1);
        final NodeStack h = new NodeStack("h", false);
        int nextId = 0x100;

        HostCache() {
            h.addInterface("eth0", 0, H_MAC, 1500);
            h.addAddress("eth0", IfAddr.parse("10.0.0.1/24"));
            h.addRoute(Route.via(Prefix4.DEFAULT, GW, "eth0", 0));
            h.boot(env);
            h.receive(0, new EthernetFrame(Mac.BROADCAST, GW_MAC, EtherType.ARP, new ArpPacket(ArpPacket.REQUEST, GW_MAC, GW, Mac.ZERO, H).encode()).encode());
            h.registerIcmp(7, new IcmpListener() {
                @Override public void onEchoReply(Ipv4Packet ip, IcmpMessage reply) { }
                @Override public void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, IcmpMessage quotedEcho) { }
            });
            env.clearSent();
        }

        /** An echo request of {@code total} bytes sent as iputils' socket would (IP_PMTUDISC_WANT); what left. */
        List<Ipv4Packet> sendEcho(int echoId, int total) {
            env.clearSent();
            Ipv4Packet ip = new Ipv4Packet(0, nextId++, false, false, 0, 64, IpProto.ICMP, Ip4.ANY, FAR,
                    IcmpMessage.echoRequest(echoId, 1, new byte[total - 28]).encode());
            assertEquals(NodeStack.SendResult.SENT, h.sendIp(ip, null, NodeStack.PmtuDisc.WANT));
            return ipSent(env, 0);
        }

        /** The gateway's ICMP 3/4 about {@code offending}, with next-hop MTU {@code mtu}. */
        void fragNeededFromGateway(Ipv4Packet offending, int mtu) {
            byte[] quote = Arrays.copyOf(offending.encode(), Math.min(offending.totalLength(), 548));
            Ipv4Packet err = new Ipv4Packet(0xc0, 1, false, false, 0, 64, IpProto.ICMP, GW, H, IcmpMessage.fragNeeded(mtu, quote).encode());
            h.receive(0, new EthernetFrame(H_MAC, GW_MAC, EtherType.IPV4, err.encode()).encode());
        }

        @Test @DisplayName("ip_rt_min_pmtu: a reported 500 becomes 552, locked: DF is no longer set, even on datagrams that fit, and a later report cannot change it")
        void clampAndLock() {
            Ipv4Packet big = sendEcho(7, 1500).get(0);
            assertTrue(big.dontFragment());
            fragNeededFromGateway(big, 500);
            NodeStack.PathMtu learned = h.learnedPathMtu(FAR, null);
            assertEquals(552, learned.mtu());
            assertTrue(learned.locked());
            assertTrue(env.traces().contains(new TraceEvent.Log("kernel", "route cache 192.0.2.9 via 10.0.0.254 dev eth0 expires 600sec mtu lock 552")));

            List<Ipv4Packet> frags = sendEcho(7, 1500);
            assertEquals(List.of(548, 548, 444), frags.stream().map(Ipv4Packet::totalLength).toList(), "20 + 528 twice, then 20 + 424");
            assertTrue(frags.stream().noneMatch(Ipv4Packet::dontFragment));
            assertFalse(sendEcho(7, 84).get(0).dontFragment(), "ip_dont_fragment: WANT and a locked MTU mean no DF at all");

            fragNeededFromGateway(frags.get(0), 300);
            assertEquals(learned, h.learnedPathMtu(FAR, null), "__ip_rt_update_pmtu returns at once on a locked MTU");
        }

        @Test @DisplayName("__ip_rt_update_pmtu: a report above the current path MTU is ignored, a lower one replaces it")
        void onlyLower() {
            fragNeededFromGateway(sendEcho(7, 1500).get(0), 1400);
            assertEquals(1400, h.learnedPathMtu(FAR, null).mtu());
            fragNeededFromGateway(sendEcho(7, 1400).get(0), 1476);
            assertEquals(1400, h.learnedPathMtu(FAR, null).mtu());
            assertTrue(sendEcho(7, 1400).get(0).dontFragment(), "1400 fits 1400: DF");
            fragNeededFromGateway(sendEcho(7, 1400).get(0), 1300);
            assertEquals(1300, h.learnedPathMtu(FAR, null).mtu());
            assertEquals(1300, h.mtuTowards(FAR, null));
        }

        @Test @DisplayName("ICMP 3/4 about a packet this host did not send, or whose ping socket is gone (ping_err finds none), changes nothing")
        void notOursChangesNothing() {
            Ipv4Packet foreign = new Ipv4Packet(0, 9, true, false, 0, 63, IpProto.ICMP, Ip4.parse("10.0.0.99"), FAR,
                    IcmpMessage.echoRequest(7, 1, new byte[1472]).encode());
            fragNeededFromGateway(foreign, 1400);
            assertNull(h.learnedPathMtu(FAR, null));

            Ipv4Packet noSocket = sendEcho(8, 1500).get(0); // echo id 8: no ping registered
            fragNeededFromGateway(noSocket, 1400);
            assertNull(h.learnedPathMtu(FAR, null));

            Ipv4Packet next = sendEcho(7, 1500).get(0);
            assertEquals(1500, next.totalLength());
            assertTrue(next.dontFragment(), "still the route's MTU");
        }
    }

    /** A router, LAN 192.168.1.1/24 (client .100) and WAN 10.0.0.1/24 (gateway .254, default route). */
    @Nested class RouterForwarding {
        static final Mac R_WAN = Mac.parse("02:00:00:00:00:01"), R_LAN = Mac.parse("02:00:00:00:01:01");
        static final Mac GW_MAC = Mac.parse("02:00:00:00:00:fe"), CLIENT_MAC = Mac.parse("02:00:00:00:01:64");
        static final Ip4 GW = Ip4.parse("10.0.0.254"), CLIENT = Ip4.parse("192.168.1.100"), FAR = Ip4.parse("192.0.2.9");
        final ManualEnv env = new ManualEnv("r", 1);
        final NodeStack r = new NodeStack("r", true);

        RouterForwarding() {
            r.addInterface("wan", 0, R_WAN, 1500);
            r.addAddress("wan", IfAddr.parse("10.0.0.1/24"));
            r.addInterface("lan", 1, R_LAN, 1500);
            r.addAddress("lan", IfAddr.parse("192.168.1.1/24"));
            r.addRoute(Route.via(Prefix4.DEFAULT, GW, "wan", 0));
            r.boot(env);
            r.receive(0, new EthernetFrame(Mac.BROADCAST, GW_MAC, EtherType.ARP, new ArpPacket(ArpPacket.REQUEST, GW_MAC, GW, Mac.ZERO, Ip4.parse("10.0.0.1")).encode()).encode());
            r.receive(1, new EthernetFrame(Mac.BROADCAST, CLIENT_MAC, EtherType.ARP, new ArpPacket(ArpPacket.REQUEST, CLIENT_MAC, CLIENT, Mac.ZERO, Ip4.parse("192.168.1.1")).encode()).encode());
            r.registerIcmp(7, new IcmpListener() {
                @Override public void onEchoReply(Ipv4Packet ip, IcmpMessage reply) { }
                @Override public void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, IcmpMessage quotedEcho) { }
            });
            env.clearSent();
        }

        @Test @DisplayName("ip_forward goes by the device MTU (ip_forward_use_pmtu = 0): with 1400 learned for its own echoes to 192.0.2.9, r still forwards a client's 1500-byte DF packet there whole, and fragments only its own")
        void forwardingIgnoresTheCache() {
            Ipv4Packet own = new Ipv4Packet(0, 1, false, false, 0, 64, IpProto.ICMP, Ip4.ANY, FAR, IcmpMessage.echoRequest(7, 1, new byte[1472]).encode());
            r.sendIp(own, null, NodeStack.PmtuDisc.WANT);
            Ipv4Packet left = ipSent(env, 0).get(0);
            byte[] quote = Arrays.copyOf(left.encode(), 548);
            Ipv4Packet err = new Ipv4Packet(0xc0, 1, false, false, 0, 64, IpProto.ICMP, GW, Ip4.parse("10.0.0.1"), IcmpMessage.fragNeeded(1400, quote).encode());
            r.receive(0, new EthernetFrame(R_WAN, GW_MAC, EtherType.IPV4, err.encode()).encode());
            assertEquals(1400, r.learnedPathMtu(FAR, null).mtu());

            env.clearSent();
            Ipv4Packet fromClient = new Ipv4Packet(0, 0x4242, true, false, 0, 64, IpProto.ICMP, CLIENT, FAR, IcmpMessage.echoRequest(9, 1, new byte[1472]).encode());
            r.receive(1, new EthernetFrame(R_LAN, CLIENT_MAC, EtherType.IPV4, fromClient.encode()).encode());
            List<Ipv4Packet> forwarded = ipSent(env, 0);
            assertEquals(1, forwarded.size());
            assertEquals(1500, forwarded.get(0).totalLength());
            assertTrue(forwarded.get(0).dontFragment());
            assertEquals(List.of(), ipSent(env, 1), "no ICMP to the client");

            env.clearSent();
            r.sendIp(own, null, NodeStack.PmtuDisc.WANT);
            assertEquals(List.of(1396, 124), ipSent(env, 0).stream().map(Ipv4Packet::totalLength).toList(), "its own echo: fragmented to 1400 (20 + 1376, then 20 + 104)");
        }
    }
}
