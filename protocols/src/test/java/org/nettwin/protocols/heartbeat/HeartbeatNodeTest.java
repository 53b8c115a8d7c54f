package org.nettwin.protocols.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.gre.GreDevice;
import org.nettwin.protocols.node.NodeDisk;
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
    private final NodeDisk disk = new NodeDisk();
    private long peerSeq;

    /** A daemon on the node's disk {@link #disk}, started. */
    private HeartbeatNode node(String local) {
        stack.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:10"), 1500);
        stack.addAddress("eth0", IfAddr.parse("10.0.2.10/24"));
        stack.addInterface("eth1", 1, Mac.parse("02:00:00:00:01:10"), 1500);
        stack.addAddress("eth1", IfAddr.parse("192.168.10.3/24"));
        stack.boot(env);
        NodeCommands ip = new NodeCommands(stack);
        for (String c : List.of("ip tunnel add tun00 mode gre remote 10.0.1.10 local 10.0.2.10 ttl 255", "ip addr add 169.254.0.2/24 dev tun00",
                "ip link set tun00 up", "ip route add 10.0.1.0/24 via 10.0.2.1")) assertEquals(0, ip.run(c, "test").status(), c);
        GreDevice.of(stack.iface("tun00")).setMulticast(true);
        HeartbeatNode n = new HeartbeatNode(HeartbeatConfig.vyatta("aws", local, "vyatta-a", "vyatta-c", "tun00", GROUP,
                HeartbeatConfig.VYATTA_KEEPALIVE_MS, HeartbeatConfig.VYATTA_DEAD_MS, "cloudpack",
                List.of(new HeartbeatConfig.IpResource(IfAddr.parse("192.168.10.1/24"), "eth1"))), stack, disk);
        assertTrue(n.start());
        return n;
    }

    /** vyatta-a's heartbeat (generation 1) arriving on tun00. */
    private void peerHeartbeat(boolean holds) {
        fromPeer("vyatta-a", "status", holds, 1, null);
    }

    /** A message of {@code type} from {@code peer}'s daemon of generation {@code gen}, as the GRE device delivers it. */
    private void fromPeer(String peer, String type, boolean holds, long gen, String isStable) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", type);
        f.put("st", holds ? "active" : "up");
        f.put("dt", Long.toHexString(HeartbeatConfig.VYATTA_DEAD_MS));
        f.put("src", peer);
        f.put("seq", Long.toHexString(++peerSeq));
        f.put("hg", Long.toHexString(gen));
        f.put("rsc_hold", holds ? "all" : "none");
        if (isStable != null) f.put("isstable", isStable);
        Ip4 src = Ip4.parse("169.254.0.1");
        byte[] udp = new UdpDatagram(40000, 694, new HeartbeatMessage(f).encode("cloudpack")).encode(src, GROUP);
        byte[] ip = new Ipv4Packet(0, 1, false, false, 0, 1, IpProto.UDP, src, GROUP, udp).encode();
        stack.ipInput(stack.iface("tun00"), ip, null, false);
        drain();
    }

    /** The messages the node sent on tun00 so far, decoded, with the time each was sent. */
    private List<Map.Entry<Long, HeartbeatMessage>> sentMessages() {
        List<Map.Entry<Long, HeartbeatMessage>> out = new ArrayList<>();
        for (ManualEnv.Sent s : env.sent()) {
            byte[] frame = s.frame();
            if (s.port() != 0 || frame.length < 14 + 20 + 4 + 20 + 8) continue;
            // Ethernet, outer IPv4 (GRE, proto 47), 4-byte GRE header, inner IPv4, UDP.
            Ipv4Packet outer = Ipv4Packet.decode(frame, 14, frame.length - 14);
            if (outer.protocol() != IpProto.GRE) continue;
            byte[] gre = outer.payload();
            Ipv4Packet inner = Ipv4Packet.decode(gre, 4, gre.length - 4);
            byte[] udp = inner.payload();
            byte[] payload = java.util.Arrays.copyOfRange(udp, 8, udp.length);
            out.add(Map.entry(s.time(), HeartbeatMessage.decode(payload, "cloudpack")));
        }
        return out;
    }

    /** Every heartbeat log line and cluster state change with its time, in order, as "T text". */
    private final List<String> events = new ArrayList<>();

    /** When each cluster state and heartbeat log line first appeared. */
    private final Map<String, Long> seen = new LinkedHashMap<>();
    private int drained;

    private long when(String stateOrLog) { return seen.getOrDefault(stateOrLog, -1L); }

    /** Notes the trace events since the last call as happening now. */
    private void drain() {
        for (TraceEvent e : env.traces().subList(drained, env.traces().size())) {
            if (e instanceof TraceEvent.StateChanged s && s.machine().equals("cluster/aws")) {
                seen.putIfAbsent(s.to(), env.now());
                events.add(Time.format(env.now()) + " " + s.from() + "->" + s.to());
            }
            if (e instanceof TraceEvent.Log l && l.program().equals("heartbeat")) {
                seen.putIfAbsent(l.text(), env.now());
                events.add(Time.format(env.now()) + " " + l.text());
            }
        }
        drained = env.traces().size();
    }

    /** Advances 1 ms at a time, noting when each trace event of interest first appeared; the gateway answers ARP. */
    private void runUntil(long t) {
        drain();
        while (env.now() < t) {
            env.advanceBy(Time.ms(1));
            answerArp();
            drain();
        }
    }

    private static final Mac GATEWAY_MAC = Mac.parse("02:00:00:00:00:01");
    private int arpScanned;

    /** The VPC router 10.0.2.1 on eth0 answers the node's ARP requests, so the GRE packets leave. */
    private void answerArp() {
        List<ManualEnv.Sent> sent = env.sent();
        for (; arpScanned < sent.size(); arpScanned++) {
            ManualEnv.Sent s = sent.get(arpScanned);
            if (s.port() != 0 || EthernetFrame.peekEtherType(s.frame()) != 0x0806) continue;
            ArpPacket req = ArpPacket.decode(s.frame(), EthernetFrame.HEADER_LENGTH, ArpPacket.LENGTH);
            if (req.op() != ArpPacket.REQUEST || !req.targetIp().equals(Ip4.parse("10.0.2.1"))) continue;
            ArpPacket reply = new ArpPacket(ArpPacket.REPLY, GATEWAY_MAC, req.targetIp(), req.senderMac(), req.senderIp());
            stack.receive(0, new EthernetFrame(req.senderMac(), GATEWAY_MAC, 0x0806, reply.encode()).encode());
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

    @Test @DisplayName("auto_failback off (nice_failback): a starting primary that hears a stable peer holding the group stays standby")
    void ownershipPeerHolds() {
        HeartbeatNode primary = node("vyatta-a");
        runUntil(Time.s(1));
        // The peer's status brings communication up (we send T_STARTING); its report answers: it holds the group, stable.
        fromPeer("vyatta-c", "status", true, 1, null);
        fromPeer("vyatta-c", "resource", true, 1, "1");
        runUntil(Time.s(4));
        assertEquals(HeartbeatNode.Role.STANDBY, primary.role(), "the secondary holds the group: no failback");
        assertEquals(Time.s(1), when("info: Local Resource acquisition completed. (none)"), events.toString());
        runUntil(Time.s(20));
        assertEquals(-1L, when("ACTIVE"), "nothing more happens while the peer holds it: " + events);
        List<String> sentTypes = sentMessages().stream().filter(e -> e.getKey() == Time.s(1)).map(e -> e.getValue().type()).toList();
        assertEquals(List.of("starting", "resource", "resource"), sentTypes, "T_STARTING at comm up, then the reports of process_resources");
    }

    @Test @DisplayName("auto_failback off (nice_failback): a starting primary whose stable peer holds nothing acquires at once")
    void ownershipNobodyHolds() {
        HeartbeatNode primary = node("vyatta-a");
        runUntil(Time.s(1));
        fromPeer("vyatta-c", "status", false, 1, null);
        fromPeer("vyatta-c", "resource", false, 1, "1");
        assertEquals(HeartbeatNode.Role.ACTIVE, primary.role(), "nobody holds the group: its primary takes it");
        assertEquals(Time.s(1), when("info: remote resource transition completed."));
        assertEquals(Time.s(1), when("info: Local Resource acquisition completed."));
    }

    @Test @DisplayName("nice_failback, both starting: the primary takes the group RQSTDELAY (10 s) after the peer's first resource report")
    void bothStartingWaitRqstdelay() {
        HeartbeatNode primary = node("vyatta-a");
        runUntil(Time.s(1));
        fromPeer("vyatta-c", "status", false, 1, null);   // comm up: T_STARTING goes out
        fromPeer("vyatta-c", "starting", false, 1, null); // the peer's T_STARTING: BOTHSTARTING, we report (not stable)
        fromPeer("vyatta-c", "resource", false, 1, "0");  // its report: RSCRCVD, local_takeover_time = now + RQSTDELAY (hb_resource.c:1115)
        runUntil(Time.s(12));
        assertEquals(Time.s(1) + HeartbeatNode.RQSTDELAY_NS, when("ACTIVE"), events.toString());
        assertEquals(Time.s(11), when("info: local resource transition completed."));
        assertTrue(stack.iface("eth1").hasAddress(Ip4.parse("192.168.10.1")));
    }

    @Test @DisplayName("nice_failback, both starting: the secondary has no resources of its own to take")
    void secondaryHasNoLocalResources() {
        HeartbeatNode secondary = node("vyatta-c");
        runUntil(Time.s(1));
        fromPeer("vyatta-a", "status", false, 1, null);
        fromPeer("vyatta-a", "starting", false, 1, null);
        fromPeer("vyatta-a", "resource", false, 1, "0");
        runUntil(Time.s(12));
        assertEquals(Time.s(11), when("info: No local resources [/usr/share/heartbeat/ResourceManager listkeys vyatta-c] to acquire."), events.toString());
        assertEquals(HeartbeatNode.Role.STANDBY, secondary.role());
    }

    /**
     * A partition returning, on one node (vyatta-c), its peer's messages fed in. vyatta-c starts at 0, hears the active
     * primary (generation 1) at 1 s and 6 s and settles standby; silence then: dead at 6 + 20 = 26 s and ACTIVE. At
     * R = 40.5 s (between vyatta-c's own keepalives at 40 and 45 s) a status of generation 1 arrives: a node marked
     * dead that did not restart (heartbeat.c:5686-5713), so:
     * R        the five log lines, our status at once, CauseShutdownRestart armed for 2 s (heartbeat.c:5717-5723);
     * R + 2 s  cause_shutdown_restart -> hb_giveup_resources (heartbeat.c:4717, hb_resource.c:2003): resources released,
     *          STANDBY, T_SHUTDONE sent; the final shutdown 1 s after our own T_SHUTDONE (hb_resource.c:244);
     * R + 3 s  phases 0 and 1 (no clients): three statuses, the last two asking for deadtime + 30 s (heartbeat.c:2148);
     * R + 4 s  phase 2 (1 s later, heartbeat.c:2158): "Heartbeat restart triggered." (2190), STOPPED, silent;
     * R + 25 s restart_heartbeat's sleep of (20000 + 999) / 1000 + 1 = 21 s is over (heartbeat.c:4250): a fresh daemon,
     *          generation 2, STANDBY, holding nothing.
     * The peer's own T_SHUTDONE (it saw us return as well) arrives at R + 2.002 s: no takeover, we are shutting down.
     */
    @Test @DisplayName("a partition returns: logged at once, resources given up 2 s later, restart after 2 × 1 s shutdown phases and a ceil(deadtime) + 1 s sleep")
    void partitionReturning() {
        HeartbeatNode n = node("vyatta-c");
        runUntil(Time.s(1));
        fromPeer("vyatta-a", "status", true, 1, null);
        fromPeer("vyatta-a", "resource", true, 1, "1");
        runUntil(Time.s(6));
        fromPeer("vyatta-a", "status", true, 1, null);
        runUntil(Time.s(27));
        assertEquals(Time.s(26), when("ACTIVE"), events.toString());
        long r = Time.ms(40_500);
        runUntil(r);
        fromPeer("vyatta-a", "status", true, 1, null);
        runUntil(r + Time.ms(2_002));
        fromPeer("vyatta-a", "shutdone", false, 1, null); // T_SHUTDONE's wire type (hb_api.h)
        runUntil(Time.s(70));
        List<String> expected = List.of(
                "40.500000000s CRIT: Cluster node vyatta-a returning after partition.",
                "40.500000000s info: For information on cluster partitions, See URL: http://linux-ha.org/wiki/Split_Brain",
                "40.500000000s WARN: Deadtime value may be too small.",
                "40.500000000s info: See FAQ for information on tuning deadtime.",
                "40.500000000s info: URL: http://linux-ha.org/wiki/FAQ#Heavy_Load",
                "40.500000000s info: Link vyatta-a:tun00 up.",
                "40.500000000s info: Status update for node vyatta-a: status active",
                "42.500000000s info: Heartbeat shutdown in progress.",
                "42.500000000s info: Giving up all HA resources.",
                "42.500000000s info: Releasing resource group: vyatta-a IPaddr2::192.168.10.1/24/eth1",
                "42.500000000s info: Running /etc/ha.d/resource.d/IPaddr2 192.168.10.1/24/eth1 stop",
                "42.500000000s ACTIVE->STANDBY",
                "42.500000000s info: All HA resources relinquished.",
                "42.502000000s info: Received shutdown notice from 'vyatta-a'.",
                "42.502000000s info: Resource takeover cancelled - shutdown in progress.",
                "44.500000000s info: vyatta-c Heartbeat shutdown complete.",
                "44.500000000s info: Heartbeat restart triggered.",
                "44.500000000s info: Restarting heartbeat.",
                "44.500000000s info: Performing heartbeat restart exec.",
                "44.500000000s STANDBY->STOPPED",
                "65.500000000s info: Heartbeat generation: 2",
                "65.500000000s info: Local status now set to: 'up'",
                "65.500000000s STOPPED->STANDBY");
        List<String> after = events.stream().filter(e -> e.compareTo("40.5") >= 0 && e.charAt(2) == '.').toList();
        assertEquals(expected, after);
        assertTrue(!stack.iface("eth1").hasAddress(Ip4.parse("192.168.10.1")), "IPaddr2 stop removed the address");
        assertEquals(HeartbeatNode.Role.STANDBY, n.role());
        assertEquals(2, n.generation());

        List<Map.Entry<Long, HeartbeatMessage>> sent = sentMessages();
        // R: our status at once (send_local_status, heartbeat.c:5717); R + 2 s: the "shutdown" report and T_SHUTDONE;
        // R + 3 s: three statuses, the last two asking for 20 s + 30 s = 0xc350 ms; nothing from R + 4 s to the fresh start.
        assertEquals(List.of("status"), typesAt(sent, r));
        assertEquals(List.of("resource", "shutdone"), typesAt(sent, r + Time.s(2)), "T_RESOURCES, then T_SHUTDONE (hb_api.h: \"shutdone\")");
        assertEquals(List.of("status", "status", "status"), typesAt(sent, r + Time.s(3)));
        assertEquals(List.of("4e20", "c350", "c350"), sent.stream().filter(e -> e.getKey() == r + Time.s(3)).map(e -> e.getValue().fields().get("dt")).toList());
        assertEquals(List.of(), sent.stream().filter(e -> e.getKey() > r + Time.s(3) && e.getKey() < r + Time.s(25)).toList(), "silent while restarting");
        HeartbeatMessage first = sent.stream().filter(e -> e.getKey() == r + Time.s(25)).findFirst().orElseThrow().getValue();
        assertEquals(2, first.generation(), "the fresh daemon's generation");
        assertEquals(Optional.of("2"), disk.get(HeartbeatNode.GENERATION_FILE), "written to disk by the restart");
        assertEquals(Time.s(25), HeartbeatNode.partitionRestartNs(Time.s(20)), "hold-off 2 s + phases 2 × 1 s + sleep 21 s");
    }

    @Test @DisplayName("a peer restarted with `heartbeat stop/start` has a new generation: \"Heartbeat restart on node\", no partition handling")
    void restartIsNotAPartition() {
        HeartbeatNode n = node("vyatta-c");
        runUntil(Time.s(1));
        fromPeer("vyatta-a", "status", true, 1, null);
        fromPeer("vyatta-a", "resource", true, 1, "1");
        runUntil(Time.s(27));
        assertEquals(Time.s(21), when("ACTIVE"), events.toString());
        fromPeer("vyatta-a", "status", false, 2, null);
        runUntil(Time.s(40));
        assertEquals(Time.s(27), when("info: Heartbeat restart on node vyatta-a"), events.toString());
        assertEquals(-1L, when("CRIT: Cluster node vyatta-a returning after partition."));
        assertEquals(HeartbeatNode.Role.ACTIVE, n.role());
    }

    /**
     * IncrGeneration (heartbeat.c:6554) reads and rewrites /var/lib/heartbeat/hb_generation at every daemon start,
     * so a daemon started later on the same disk (after `heartbeat stop`, or after a reboot: the disk survives it)
     * has the next generation, and announces it in every message.
     */
    @Test @DisplayName("two daemons in sequence on one disk: generations 1 then 2, kept in hb_generation")
    void generationSurvivesOnDisk() {
        HeartbeatNode first = node("vyatta-c");
        assertEquals(1, first.generation());
        assertEquals(Optional.of("1"), disk.get(HeartbeatNode.GENERATION_FILE));
        runUntil(Time.s(1));
        first.stop();
        HeartbeatNode second = new HeartbeatNode(first.config(), stack, disk);
        assertEquals(0, second.generation(), "not started yet");
        int before = sentMessages().size();
        assertTrue(second.start());
        assertEquals(2, second.generation());
        assertEquals(Optional.of("2"), disk.get(HeartbeatNode.GENERATION_FILE));
        runUntil(Time.s(2));
        List<Map.Entry<Long, HeartbeatMessage>> sent = sentMessages();
        assertTrue(sent.size() > before, "the second daemon sent");
        for (Map.Entry<Long, HeartbeatMessage> e : sent.subList(before, sent.size())) assertEquals(2, e.getValue().generation());
        second.stop();
        HeartbeatNode onFreshDisk = new HeartbeatNode(first.config(), stack, new NodeDisk());
        assertTrue(onFreshDisk.start());
        assertEquals(1, onFreshDisk.generation(), "a fresh disk (a new simulation) starts over");
    }

    private static List<String> typesAt(List<Map.Entry<Long, HeartbeatMessage>> sent, long t) {
        return sent.stream().filter(e -> e.getKey() == t).map(e -> e.getValue().type()).toList();
    }
}
