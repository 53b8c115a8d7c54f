package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/** Route conditions of the VPN seeds: RTX `hide` (protocol-facts §5.1), metrics, ECMP by flow (§5.4, §8.4). */
class ConditionalRoutesTest {
    private static final Prefix4 CLOUD = Prefix4.parse("172.16.1.0/24");
    private static final Ip4 SERVER = Ip4.parse("172.16.1.10");
    private final ManualEnv env = new ManualEnv("rtx", 3);
    private final Map<String, List<byte[]>> carried = new HashMap<>();
    private NodeStack stack;

    @BeforeEach void setUp() {
        stack = new NodeStack("rtx", true);
        stack.addInterface("lan1", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        stack.addAddress("lan1", IfAddr.parse("192.168.1.1/24"));
        for (String t : List.of("tunnel1", "tunnel2", "tunnel3")) {
            carried.put(t, new ArrayList<>());
            stack.addPacketInterface(t, 1400, (bytes, nh) -> carried.get(t).add(bytes));
            stack.setAdminUp(t, true);
        }
        stack.boot(env);
    }

    private String sendUdp(int srcPort) {
        carried.values().forEach(List::clear);
        byte[] udp = new UdpDatagram(srcPort, 80, new byte[4]).encode(Ip4.parse("192.168.1.1"), SERVER);
        stack.sendIp(new Ipv4Packet(0, 1, false, false, 0, 64, IpProto.UDP, Ip4.ANY, SERVER, udp), null);
        return carried.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).findFirst().orElse("none");
    }

    @Test @DisplayName("§5.1 `gateway tunnel 1 metric 1 hide gateway tunnel 2 metric 2`: tunnel 1 while connected, else tunnel 2")
    void hideRouteFollowsTunnelState() {
        stack.addRoute(Route.throughDevice(CLOUD, "tunnel1", 1, true, false));
        stack.addRoute(Route.throughDevice(CLOUD, "tunnel2", 2, false, false));
        assertEquals("tunnel1", sendUdp(1000));
        stack.setCarrier("tunnel1", false);
        assertEquals("tunnel2", sendUdp(1000), "the hidden route vanished with tunnel 1's SA");
        stack.setCarrier("tunnel1", true);
        assertEquals("tunnel1", sendUdp(1000), "failback at once when tunnel 1 is connected again");
    }

    @Test @DisplayName("without `hide` a route through a disconnected tunnel stays valid: its packets die there, no failover")
    void plainRouteDoesNotFailOver() {
        stack.addRoute(Route.throughDevice(CLOUD, "tunnel1", 1, false, false));
        stack.addRoute(Route.throughDevice(CLOUD, "tunnel2", 2, false, false));
        stack.setCarrier("tunnel1", false);
        assertEquals("none", sendUdp(1000));
        assertTrue(env.traces().stream().anyMatch(e -> e.describe().contains("INTERFACE_DOWN") && e.describe().contains("tunnel1")));
    }

    @Test @DisplayName("ECMP: one flow keeps one tunnel; 3000 flows spread evenly; a withdrawn tunnel gets none")
    void multipathSpreadsFlows() {
        for (String t : List.of("tunnel1", "tunnel2", "tunnel3")) stack.addRoute(Route.throughDevice(CLOUD, t, 0, true, true));
        long seed = 0xec3bL;
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Integer> counts = new HashMap<>();
        Map<Integer, String> chosen = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            int port = rnd.nextInt(1024, 65536);
            String t = sendUdp(port);
            String before = chosen.putIfAbsent(port, t);
            if (before != null) assertEquals(before, t, "flow from port " + port + " moved, seed " + seed);
            counts.merge(t, 1, Integer::sum);
        }
        for (String t : List.of("tunnel1", "tunnel2", "tunnel3")) {
            int n = counts.getOrDefault(t, 0);
            assertTrue(n > 850 && n < 1150, t + " got " + n + " of 3000 flows, seed " + seed);
        }
        stack.setCarrier("tunnel2", false);
        for (int port : chosen.keySet()) assertTrue(!sendUdp(port).equals("tunnel2"), "tunnel 2 is down");
    }

    @Test @DisplayName("flow key: ICMP echo id counts as the port; a non-first fragment hashes without ports")
    void flowKey() {
        Ip4 a = Ip4.parse("10.0.0.1"), b = Ip4.parse("10.0.0.2");
        byte[] echo1 = IcmpMessage.echoRequest(1, 1, new byte[8]).encode(), echo1b = IcmpMessage.echoRequest(1, 99, new byte[8]).encode();
        byte[] echo2 = IcmpMessage.echoRequest(2, 1, new byte[8]).encode();
        int h1 = FlowHash.of(new Ipv4Packet(0, 0, false, false, 0, 64, IpProto.ICMP, a, b, echo1), 7);
        assertEquals(h1, FlowHash.of(new Ipv4Packet(0, 5, false, false, 0, 64, IpProto.ICMP, a, b, echo1b), 7), "sequence number is not part of the flow");
        assertTrue(h1 != FlowHash.of(new Ipv4Packet(0, 0, false, false, 0, 64, IpProto.ICMP, a, b, echo2), 7), "echo id is");
        byte[] udp1 = new UdpDatagram(1000, 53, new byte[4]).encode(a, b), udp2 = new UdpDatagram(2000, 53, new byte[4]).encode(a, b);
        assertEquals(FlowHash.of(new Ipv4Packet(0, 0, false, false, 100, 64, IpProto.UDP, a, b, udp1), 7),
                FlowHash.of(new Ipv4Packet(0, 0, false, false, 100, 64, IpProto.UDP, a, b, udp2), 7), "later fragments carry no ports");
    }

    /** Property: multipath lookup picks within the lowest-metric usable multipath set of the longest prefix, as an oracle does. */
    @Test void multipathLookupMatchesOracle() {
        long seed = 0x2992L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            RoutingTable t = new RoutingTable();
            List<Route> all = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(12); i++) {
                Prefix4 p = rnd.nextBoolean() ? CLOUD : Prefix4.parse("172.16.0.0/16");
                Route r = Route.throughDevice(p, "t" + rnd.nextInt(6), rnd.nextInt(3), rnd.nextBoolean(), rnd.nextBoolean());
                if (all.contains(r)) continue;
                all.add(r);
                t.add(r);
            }
            int hash = rnd.nextInt();
            java.util.function.Predicate<Route> usable = r -> !r.device().equals("t0");
            Route got = t.lookup(SERVER, usable, hash);
            Route best = null;
            for (Route r : all) {
                if (!usable.test(r)) continue;
                if (best == null || r.prefix().length() > best.prefix().length()
                        || r.prefix().length() == best.prefix().length() && r.metric() < best.metric()) best = r;
            }
            if (best == null) {
                assertEquals(null, got, "seed " + seed + " round " + round);
                continue;
            }
            Route first = best;
            List<Route> set = all.stream().filter(r -> usable.test(r) && r.multipath() && r.prefix().equals(first.prefix()) && r.metric() == first.metric()).toList();
            if (!best.multipath()) assertEquals(best, got, "seed " + seed + " round " + round);
            else assertTrue(set.contains(got), "seed " + seed + " round " + round + ": " + got + " not in " + set);
        }
    }
}
