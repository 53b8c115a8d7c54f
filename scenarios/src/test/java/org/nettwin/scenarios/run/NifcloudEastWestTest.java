package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.PcapReader;
import org.nettwin.sim.capture.PcapRecord;
import org.nettwin.sim.capture.Tshark;

/**
 * Seed 003 in full, examples/nifcloud-east-west (seed-networks §4; protocol-facts §5.1, §7, §8.3): two regions'
 * LANs joined by an L2TPv3 pseudowire inside IPsec between their gateways, both holding 172.16.1.1, and the
 * on-prem RTX with tunnel 1 (east, `hide`) and tunnel 2 (west). The pcaps tell which gateway and which server
 * carried what.
 */
class NifcloudEastWestTest {
    private static final Ip4 PC = Ip4.parse("192.168.1.10"), GATEWAY = Ip4.parse("172.16.1.1"), FLOATING = Ip4.parse("172.16.1.100");
    private static final Ip4 EAST_SRV = Ip4.parse("172.16.1.10"), WEST_SRV = Ip4.parse("172.16.1.20");
    private static final Ip4 RTX_WAN = Ip4.parse("203.0.113.2"), EAST_WAN = Ip4.parse("198.51.100.123"), WEST_WAN = Ip4.parse("198.51.100.234");
    /** The pseudowire's one-way delay: east-uplink 4 ms + west-uplink 9 ms (the topology's link delays). */
    private static final long PSEUDOWIRE_ONE_WAY = Time.ms(13);

    private static ScenarioRunner.CompletedRun run(String scenario, Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("nifcloud-east-west/" + scenario + ".scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        assertTrue(run.result().passed(), scenario + ": " + run.result().failures());
        return run;
    }

    @Test @DisplayName("§8.3 east gateway down: DPD drops tunnel 1 after 60-70 s and tunnel 2 carries; east servers lose L2 beyond their region until the east gateway returns (DERIVED)")
    void eastGatewayDown(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = run("east-gateway-down", tmp);
        long cut = Time.s(60), heal = Time.s(180);
        DeadPeerDetection dpd = DeadPeerDetection.RTX_DEFAULT; // rtx.conf: `ipsec ike keepalive use N on dpd` (§5.1)

        List<TraceRecord> tunnel1 = states(run.trace(), "rtx", "ipsec/tunnel1");
        assertEquals(List.of("DOWN->UP", "UP->DOWN", "DOWN->UP"), transitions(tunnel1));
        long down = tunnel1.get(1).time(), up = tunnel1.get(2).time();
        assertTrue(down - cut >= dpd.earliestDetectionNs() && down - cut <= dpd.latestDetectionNs(), "DPD took " + Time.format(down - cut) + ", §8.3 says 50-70 s");
        assertEquals(List.of("DOWN->UP"), transitions(states(run.trace(), "rtx", "ipsec/tunnel2")), "tunnel 2 was established by auto refresh and stays up");

        // On-prem -> west server: lost while the hide route still points at the dead east gateway, then via tunnel 2.
        assertEquals(0, replies(run, "onprem-to-west", cut + Time.s(2), down));
        assertTrue(replies(run, "onprem-to-west", down + Time.s(2), heal) >= (heal - down) / Time.s(1) - 3, "tunnel 2 carries the west server's traffic");

        // The east gateway also terminated the L2TPv3 bridge: nothing from the east region gets past it.
        assertEquals(0, replies(run, "onprem-to-east", cut + Time.s(2), heal), "on-prem -> east server: the west gateway's pseudowire ends at the dead east gateway");
        assertEquals(0, replies(run, "east-to-west", cut + Time.s(2), heal), "east server -> west server: no L2 path while the east gateway is down");
        Mac eastSrvMac = sourceMac(PcapReader.read(tmp.resolve("east-srv-link.pcap")), EAST_SRV);
        assertEquals(0, frames(PcapReader.read(tmp.resolve("west-srv-link.pcap")), cut + Time.s(1), heal,
                f -> f.src().equals(eastSrvMac)).size(), "no frame of the east server reaches the west LAN during the outage");

        // Repair: tunnel 1 is renegotiated within the RTX's 10 s retry and its hide route wins at once (no failback timer);
        // the east-west IPsec comes back and the pseudowire with it.
        assertTrue(up > heal && up <= heal + Time.s(11), "tunnel 1 up again at " + Time.format(up));
        long pseudowireBack = states(run.trace(), "west", "ipsec/east").get(2).time();
        assertTrue(replies(run, "east-to-west", pseudowireBack, pseudowireBack + Time.s(5)) >= 3, "east -> west again once the pseudowire's IPsec is up");
        assertTrue(replies(run, "onprem-to-east", up, up + Time.s(5)) >= 3, "on-prem -> east again through tunnel 1");
        List<PcapRecord> westUplink = PcapReader.read(tmp.resolve("west-uplink.pcap"));
        assertTrue(esp(westUplink, WEST_WAN, EAST_WAN, Time.s(10), cut).size() >= 50, "before the fault the pseudowire (ESP west <-> east) carries the west server's traffic");
    }

    @Test @DisplayName("§7 duplicate 172.16.1.1: both gateways answer, the local one 26 ms earlier and kept; the other gateway's unicast probe (an ARP request) then overrides it")
    void duplicateGateway(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = run("duplicate-gateway", tmp);
        List<PcapRecord> eastLan = PcapReader.read(tmp.resolve("east-srv-link.pcap"));
        List<PcapRecord> westLan = PcapReader.read(tmp.resolve("west-srv-link.pcap"));
        // On-prem traffic reaches the cloud through tunnel 1 and the east gateway (§8.3 "Normal"):
        // the source MAC of pc's echo replies on a server's link is the east gateway's br0.
        Mac eastGw = frames(eastLan, 0, Time.s(40), f -> icmp(f, PC, EAST_SRV, IcmpMessage.ECHO_REPLY)).get(0).eth().src();

        List<LinkFrame> eastAnswers = arpReplies(eastLan, EAST_SRV);
        assertEquals(2, eastAnswers.size(), "both gateways answer the east server's one request");
        assertEquals(eastGw, arp(eastAnswers.get(0)).senderMac(), "the local gateway answers first");
        Mac westGw = arp(eastAnswers.get(1)).senderMac();
        assertNotEquals(eastGw, westGw);
        assertEquals(2 * PSEUDOWIRE_ONE_WAY, eastAnswers.get(1).time() - eastAnswers.get(0).time(), "the remote answer crosses the pseudowire twice");
        assertTrue(frames(eastLan, 0, Time.s(40), f -> icmp(f, EAST_SRV, PC, IcmpMessage.ECHO_REQUEST)).stream().allMatch(f -> f.eth().dst().equals(eastGw)),
                "the east server keeps the first answer: the later one came inside locktime (§7)");

        List<LinkFrame> westAnswers = arpReplies(westLan, WEST_SRV);
        assertEquals(List.of(westGw, eastGw), westAnswers.stream().map(f -> arp(f).senderMac()).toList(), "the west server also hears its local gateway first");
        assertEquals(2 * PSEUDOWIRE_ONE_WAY, westAnswers.get(1).time() - westAnswers.get(0).time());
        // pc's replies come back through tunnel 1 and the east gateway, which learnt the west server from its broadcast
        // request (STALE); 5 s after first using that entry (DELAY, §7) it probes it with a unicast request "from"
        // 172.16.1.1, and an ARP request to us overrides the entry at once (arp_process -> neigh_event_ns), like a GARP.
        LinkFrame firstViaEast = frames(westLan, 0, Time.s(40), f -> icmp(f, PC, WEST_SRV, IcmpMessage.ECHO_REPLY)).get(0);
        assertEquals(eastGw, firstViaEast.src());
        LinkFrame eastAsks = frames(westLan, 0, Time.s(40), f -> f.etherType() == EtherType.ARP && arpOf(f).op() == ArpPacket.REQUEST
                && arpOf(f).senderMac().equals(eastGw) && arpOf(f).targetIp().equals(WEST_SRV)).get(0);
        assertEquals(Time.s(5), eastAsks.time() - firstViaEast.time(), "the east gateway's probe follows its first use by the DELAY of 5 s");
        List<LinkFrame> westRequests = frames(westLan, 0, Time.s(40), f -> icmp(f, WEST_SRV, PC, IcmpMessage.ECHO_REQUEST));
        assertEquals(westGw, westRequests.get(0).eth().dst(), "the first ping leaves by the local west gateway");
        assertTrue(westRequests.stream().filter(f -> f.time() > eastAsks.time()).allMatch(f -> f.eth().dst().equals(eastGw)),
                "after the east gateway's request every ping goes to the EAST gateway, across the pseudowire");
        assertTrue(run.trace().stream().anyMatch(r -> r.node().equals("west-srv") && r.event() instanceof TraceEvent.Log l
                && l.text().equals("neigh 172.16.1.1 dev eth0 lladdr " + westGw + " -> " + eastGw)), "the kernel's view of the switch");
        List<PcapRecord> westUplink = PcapReader.read(tmp.resolve("west-uplink.pcap"));
        assertTrue(esp(westUplink, WEST_WAN, RTX_WAN, 0, eastAsks.time()).size() >= 5, "until then the west server's pings leave by tunnel 2");
        assertEquals(0, esp(westUplink, WEST_WAN, RTX_WAN, eastAsks.time(), Time.s(40)).size(), "afterwards they ride the pseudowire and tunnel 1");
    }

    @Test @DisplayName("seed-networks §4 failback hazard: the floating IP moved west during the region failure; when the east returns, clients reach the stale east server again")
    void failbackHazard(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = run("failback-hazard", tmp);
        List<PcapRecord> east = PcapReader.read(tmp.resolve("east-srv-link.pcap"));
        List<PcapRecord> west = PcapReader.read(tmp.resolve("west-srv-link.pcap"));
        long cut = Time.s(60), moved = Time.s(130), healed = Time.s(200), end = Time.s(300);
        assertTrue(floatingReplies(east, Time.s(10), cut) >= 45, "the east server owns 172.16.1.100 at first");
        assertEquals(0, floatingReplies(west, Time.s(10), cut));
        assertTrue(floatingReplies(west, moved, healed) >= 60, "after the operator's `ip addr add`, the west server answers");
        assertEquals(0, floatingReplies(east, moved, healed));
        long tunnel1Back = states(run.trace(), "rtx", "ipsec/tunnel1").get(2).time();
        assertTrue(floatingReplies(east, tunnel1Back + Time.s(1), end) >= (end - tunnel1Back) / Time.s(1) - 3,
                "tunnel 1 is back, its hide route wins at once and the east gateway still knows the east server: the stale primary answers");
        assertEquals(0, floatingReplies(west, tunnel1Back + Time.s(1), end), "the west server, holding the newest data, is no longer reached");
    }

    // ------------------------------------------------------------------ tshark on a plain pseudowire

    private static final String PLAIN_TOPOLOGY = """
            name: l2tp-plain
            nodes:
              a:
                kind: router
                interfaces: { eth0: { address: 10.0.0.1/24 }, eth1: }
                setup:
                  - ip l2tp add tunnel tunnel_id 1 peer_tunnel_id 2 local 10.0.0.1 remote 10.0.0.2 %1$s
                  - ip l2tp add session tunnel_id 1 session_id 10 peer_session_id 20 %2$s
                  - ip link set l2tpeth0 up
                  - ip link add br0 type bridge
                  - ip link set eth1 master br0
                  - ip link set l2tpeth0 master br0
                  - ip link set br0 up
              b:
                kind: router
                interfaces: { eth0: { address: 10.0.0.2/24 }, eth1: }
                setup:
                  - ip l2tp add tunnel tunnel_id 2 peer_tunnel_id 1 local 10.0.0.2 remote 10.0.0.1 %1$s
                  - ip l2tp add session tunnel_id 2 session_id 20 peer_session_id 10 %2$s
                  - ip link set l2tpeth0 up
                  - ip link add br0 type bridge
                  - ip link set eth1 master br0
                  - ip link set l2tpeth0 master br0
                  - ip link set br0 up
              h1: { kind: host, interfaces: { eth0: { address: 172.16.9.1/24 } } }
              h2: { kind: host, interfaces: { eth0: { address: 172.16.9.2/24 } } }
            links:
              - { endpoints: ["a:eth0", "b:eth0"], delay: 1ms, name: underlay }
              - { endpoints: ["h1:eth0", "a:eth1"] }
              - { endpoints: ["h2:eth0", "b:eth1"] }
            """;
    private static final String PLAIN_SCENARIO = """
            name: l2tp-plain
            topology: l2tp-plain.topo.yml
            duration: 5s
            capture: [underlay]
            probes:
              - ping: { name: across, from: h1, to: 172.16.9.2, interval: 1s, count: 3 }
            expect:
              - { probe: across, lost-at-most: 0 }
            """;

    @Test @DisplayName("RFC 3931 §4.1.1.1 / §4.1.2.1 on the wire: tshark dissects the underlay as l2tp (over IP and over UDP 1701 with a cookie) with the inner Ethernet, ARP and ICMP intact")
    void tsharkDissectsPseudowire(@TempDir Path tmp) throws Exception {
        record Variant(String dir, String tunnel, String session, List<String> tsharkOptions) {}
        List<Variant> variants = List.of(
                new Variant("ip", "encap ip", "", List.of("-o", "l2tp.l2_specific:Default L2-Specific", "-o", "l2tp.cookie_size:None")),
                new Variant("udp", "encap udp udp_sport 1701 udp_dport 1701", "cookie cafef00d peer_cookie cafef00d l2spec_type none",
                        List.of("-o", "l2tp.l2_specific:None", "-o", "l2tp.cookie_size:4 Byte Cookie")));
        for (Variant v : variants) {
            Path dir = Files.createDirectories(tmp.resolve(v.dir()));
            Files.writeString(dir.resolve("l2tp-plain.topo.yml"), String.format(java.util.Locale.ROOT, PLAIN_TOPOLOGY, v.tunnel(), v.session()));
            Files.writeString(dir.resolve("l2tp-plain.scenario.yml"), PLAIN_SCENARIO);
            ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(dir.resolve("l2tp-plain.scenario.yml")),
                    new RunOptions(null, dir, null, 1, true, null));
            assertTrue(run.result().passed(), v.dir() + ": " + run.result().failures());
            List<PcapRecord> underlay = PcapReader.read(dir.resolve("underlay.pcap"));
            int expectedProtocol = v.dir().equals("ip") ? IpProto.L2TP : IpProto.UDP;
            assertTrue(frames(underlay, 0, Time.s(5), f -> f.etherType() == EtherType.IPV4 && ip(f).protocol() == expectedProtocol && !ip(f).dontFragment()).size() >= 8,
                    v.dir() + ": ARP and three pings cross the underlay encapsulated, DF clear");
        }
        boolean ci = System.getenv("CI") != null;
        Assumptions.assumeTrue(Tshark.available() || ci, "tshark not installed (CI installs it through .ci/run)");
        for (Variant v : variants) {
            List<String> lines = tshark(tmp.resolve(v.dir()).resolve("underlay.pcap"), v.tsharkOptions());
            String stacks = String.join("\n", lines);
            assertFalse(stacks.contains("Malformed") || stacks.contains("_ws.malformed"), v.dir() + ":\n" + stacks);
            assertTrue(lines.stream().allMatch(l -> l.split("\t", -1)[1].isEmpty()), v.dir() + ": no expert warnings:\n" + stacks);
            String prefix = v.dir().equals("ip") ? "eth:ethertype:ip:l2tp:" : "eth:ethertype:ip:udp:l2tp:";
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix + "ethertype:arp\t")), v.dir() + ":\n" + stacks);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix + "ethertype:ip:icmp:data\t")), v.dir() + ":\n" + stacks);
        }
    }

    /**
     * tshark's protocol stack and expert messages per frame. Without a control connection Wireshark cannot know
     * the pseudowire type, cookie size or sublayer, so they are given as a user would (decode-as, preferences).
     */
    private static List<String> tshark(Path pcap, List<String> options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(), "-d", "l2tp.pw_type==0,eth"));
        cmd.addAll(options);
        cmd.addAll(List.of("-T", "fields", "-e", "frame.protocols", "-e", "_ws.expert.message"));
        Path out = Files.createTempFile("tshark", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark ran over 60 s");
            assertEquals(0, p.exitValue(), "tshark failed: " + cmd);
            return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } finally {
            Files.deleteIfExists(out);
        }
    }

    // ------------------------------------------------------------------ helpers

    private record LinkFrame(long time, EthernetFrame eth) {
        int etherType() { return eth.etherType(); }
        Mac src() { return eth.src(); }
    }

    private static List<LinkFrame> frames(List<PcapRecord> pcap, long from, long to, Predicate<LinkFrame> p) {
        List<LinkFrame> out = new ArrayList<>();
        for (PcapRecord r : pcap) {
            if (r.timeNs() < from || r.timeNs() >= to) continue;
            LinkFrame f = new LinkFrame(r.timeNs(), EthernetFrame.decode(r.frame()));
            if (p.test(f)) out.add(f);
        }
        return out;
    }

    private static Ipv4Packet ip(LinkFrame f) {
        return Ipv4Packet.decode(f.eth().payload(), 0, f.eth().payload().length);
    }

    private static ArpPacket arpOf(LinkFrame f) {
        return ArpPacket.decode(f.eth().payload(), 0, f.eth().payload().length);
    }

    private static ArpPacket arp(LinkFrame f) { return arpOf(f); }

    private static boolean icmp(LinkFrame f, Ip4 src, Ip4 dst, int type) {
        if (f.etherType() != EtherType.IPV4) return false;
        Ipv4Packet p = ip(f);
        return p.protocol() == IpProto.ICMP && p.src().equals(src) && p.dst().equals(dst) && (p.payload()[0] & 0xff) == type;
    }

    /**
     * The answers to {@code asker}'s first ARP request for 172.16.1.1, in arrival order: the ARP replies within
     * a second of the first (later ones answer the kernel's unicast re-probes of the entry it kept).
     */
    private static List<LinkFrame> arpReplies(List<PcapRecord> pcap, Ip4 asker) {
        List<LinkFrame> all = frames(pcap, 0, Long.MAX_VALUE, f -> f.etherType() == EtherType.ARP && arpOf(f).op() == ArpPacket.REPLY
                && arpOf(f).senderIp().equals(GATEWAY) && arpOf(f).targetIp().equals(asker));
        return all.stream().filter(f -> f.time() < all.get(0).time() + Time.s(1)).toList();
    }

    private static Mac sourceMac(List<PcapRecord> pcap, Ip4 host) {
        return frames(pcap, 0, Long.MAX_VALUE, f -> f.etherType() == EtherType.IPV4 && ip(f).src().equals(host)).get(0).src();
    }

    /** ESP packets from {@code src} to {@code dst} captured in [from, to). */
    private static List<LinkFrame> esp(List<PcapRecord> pcap, Ip4 src, Ip4 dst, long from, long to) {
        return frames(pcap, from, to, f -> f.etherType() == EtherType.IPV4 && ip(f).protocol() == IpProto.ESP && ip(f).src().equals(src) && ip(f).dst().equals(dst));
    }

    private static long floatingReplies(List<PcapRecord> pcap, long from, long to) {
        return frames(pcap, from, to, f -> icmp(f, FLOATING, PC, IcmpMessage.ECHO_REPLY)).size();
    }

    private static long replies(ScenarioRunner.CompletedRun run, String probe, long from, long to) {
        return run.trace().stream().filter(r -> r.time() >= from && r.time() < to && r.event() instanceof TraceEvent.ProbeResult p
                && p.probe().equals(probe) && p.outcome() == ProbeOutcome.REPLY).count();
    }

    private static List<TraceRecord> states(List<TraceRecord> trace, String node, String machine) {
        return trace.stream().filter(r -> r.node().equals(node) && r.event() instanceof TraceEvent.StateChanged s && s.machine().equals(machine)).toList();
    }

    private static List<String> transitions(List<TraceRecord> states) {
        return states.stream().map(r -> (TraceEvent.StateChanged) r.event()).map(s -> s.from() + "->" + s.to()).toList();
    }
}
