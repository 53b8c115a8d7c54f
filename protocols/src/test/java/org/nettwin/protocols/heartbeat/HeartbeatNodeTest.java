package org.nettwin.protocols.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.gre.GreDevice;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * One Heartbeat node with Vyatta's defaults (protocol-facts §4: keepalive 5 s, warntime 10 s, deadtime 20 s,
 * initdead 30 s); the peer's heartbeats are fed into the tunnel interface as the GRE device would deliver them.
 */
class HeartbeatNodeTest {
    private static final Ip4 GROUP = HeartbeatConfig.VYATTA_MCAST_GROUP;
    private final ManualEnv env = new ManualEnv("vyatta-c", 1);
    private final NodeStack stack = new NodeStack("vyatta-c", true);
    private long peerSeq;

    private HeartbeatNode node(String local) {
        stack.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:10"), 1500);
        stack.addAddress("eth0", IfAddr.parse("10.0.2.10/24"));
        stack.addInterface("eth1", 1, Mac.parse("02:00:00:00:01:10"), 1500);
        stack.addAddress("eth1", IfAddr.parse("192.168.10.3/24"));
        stack.boot(env);
        NodeCommands ip = new NodeCommands(stack);
        for (String c : List.of("ip tunnel add tun00 mode gre remote 10.0.1.10 local 10.0.2.10 ttl 255", "ip addr add 169.254.0.2/24 dev tun00",
                "ip link set tun00 up")) assertEquals(0, ip.run(c, "test").status(), c);
        GreDevice.of(stack.iface("tun00")).setMulticast(true);
        HeartbeatNode n = new HeartbeatNode(HeartbeatConfig.vyatta("aws", local, "vyatta-a", "vyatta-c", "tun00", GROUP,
                HeartbeatConfig.VYATTA_KEEPALIVE_MS, HeartbeatConfig.VYATTA_DEAD_MS, "cloudpack",
                List.of(new HeartbeatConfig.IpResource(IfAddr.parse("192.168.10.1/24"), "eth1"))), stack);
        assertTrue(n.start());
        return n;
    }

    /** vyatta-a's heartbeat arriving on tun00. */
    private void peerHeartbeat(boolean holds) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", "status");
        f.put("st", holds ? "active" : "up");
        f.put("src", "vyatta-a");
        f.put("seq", Long.toHexString(++peerSeq));
        f.put("rsc_hold", holds ? "all" : "none");
        Ip4 src = Ip4.parse("169.254.0.1");
        byte[] udp = new UdpDatagram(40000, 694, new HeartbeatMessage(f).encode("cloudpack")).encode(src, GROUP);
        byte[] ip = new Ipv4Packet(0, 1, false, false, 0, 1, IpProto.UDP, src, GROUP, udp).encode();
        stack.ipInput(stack.iface("tun00"), ip, null, false);
    }

    /** When each cluster state and heartbeat log line first appeared. */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    private long when(String stateOrLog) { return seen.getOrDefault(stateOrLog, -1L); }

    /** Advances 1 ms at a time, noting when each trace event of interest first appeared. */
    private void runUntil(long t) {
        while (env.now() < t) {
            int before = env.traces().size();
            env.advanceBy(Time.ms(1));
            for (TraceEvent e : env.traces().subList(before, env.traces().size())) {
                if (e instanceof TraceEvent.StateChanged s && s.machine().equals("cluster/aws")) seen.putIfAbsent(s.to(), env.now());
                if (e instanceof TraceEvent.Log l && l.program().equals("heartbeat")) seen.putIfAbsent(l.text(), env.now());
            }
        }
    }

    @Test @DisplayName("§8.1: startup with no peer: the group is taken after initdead, 30 s")
    void initdead() {
        HeartbeatNode n = node("vyatta-c");
        runUntil(Time.s(29));
        assertEquals(HeartbeatNode.Role.STANDBY, n.role());
        runUntil(Time.s(31));
        assertEquals(Time.s(30), when("ACTIVE"));
        assertTrue(stack.iface("eth1").hasAddress(Ip4.parse("192.168.10.1")));
    }

    @Test @DisplayName("§8.1: secondary hears the active primary, stays standby; silence -> Late heartbeat at +10 s, dead and ACTIVE at +20 s")
    void takeover() {
        HeartbeatNode n = node("vyatta-c");
        long last = 0;
        for (long t = Time.s(1); t <= Time.s(41); t += Time.s(5)) {
            runUntil(t);
            peerHeartbeat(true);
            last = t;
        }
        assertEquals(HeartbeatNode.Role.STANDBY, n.role(), "initdead passed while hearing the peer: no takeover");
        runUntil(last + Time.s(25));
        assertEquals(last + Time.s(10), when("WARN: Late heartbeat: Node vyatta-a: interval 10000 ms"));
        assertEquals(last + Time.s(20), when("WARN: node vyatta-a: is dead"));
        assertEquals(last + Time.s(20), when("ACTIVE"));
        assertTrue(stack.iface("eth1").hasAddress(Ip4.parse("192.168.10.1")));
        long deadAt = last + Time.s(20);
        long garps = env.sent().stream().filter(s -> s.port() == 1 && s.time() >= deadAt).count();
        assertEquals(HeartbeatNode.GARP_COUNT, garps, "IPaddr2 arp_count");
    }

    @Test @DisplayName("auto_failback off: the primary, hearing a peer that holds nothing, acquires; hearing one that holds it, stays standby")
    void ownership() {
        HeartbeatNode primary = node("vyatta-a");
        // From the primary's side, "vyatta-a" heartbeats would be its own: feed the secondary's instead.
        Map<String, String> f = new LinkedHashMap<>(Map.of("t", "status", "st", "active", "src", "vyatta-c", "seq", "1", "rsc_hold", "all"));
        Ip4 src = Ip4.parse("169.254.0.1");
        byte[] udp = new UdpDatagram(40000, 694, new HeartbeatMessage(f).encode("cloudpack")).encode(src, GROUP);
        stack.ipInput(stack.iface("tun00"), new Ipv4Packet(0, 1, false, false, 0, 1, IpProto.UDP, src, GROUP, udp).encode(), null, false);
        runUntil(Time.s(4));
        assertEquals(HeartbeatNode.Role.STANDBY, primary.role(), "the secondary holds the group: no failback");
        f.put("rsc_hold", "none");
        f.put("seq", "2");
        udp = new UdpDatagram(40000, 694, new HeartbeatMessage(f).encode("cloudpack")).encode(src, GROUP);
        stack.ipInput(stack.iface("tun00"), new Ipv4Packet(0, 1, false, false, 0, 1, IpProto.UDP, src, GROUP, udp).encode(), null, false);
        assertEquals(HeartbeatNode.Role.ACTIVE, primary.role(), "nobody holds the group: its primary takes it");
    }
}
