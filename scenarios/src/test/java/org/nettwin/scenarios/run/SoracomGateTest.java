package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.scenarios.run.VrrpRun.PROCESS;
import static org.nettwin.scenarios.run.VrrpRun.VRRP;
import static org.nettwin.scenarios.run.VrrpRun.assertAt;
import static org.nettwin.scenarios.run.VrrpRun.formatted;
import static org.nettwin.scenarios.run.VrrpRun.only;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.sim.capture.Tshark;

/**
 * Seed 000 on its real overlay (examples/soracom-gate): each Gate Peer runs the seed's gate_init_vxlan.sh call,
 * the carrier VPG is a VTEP bridging VXLAN to the devices, and VRRP runs over VXLAN (protocol-facts §3.1,
 * §8.0; seed-networks §1). Every expected instant is built from the scenario's files: link delays, fork+exec
 * latency, keepalived.conf through keepalived's timer arithmetic ({@link VrrpRun}).
 */
class SoracomGateTest {
    private static final String DEMO = "soracom-gate/soracom-gate-demo.scenario.yml";
    private static final String SPLIT_BRAIN = "soracom-gate/soracom-gate-split-brain.scenario.yml";
    /** seed-networks §1: the VPG's outer addresses, the peers' eth0 and vxlan0 addresses. */
    private static final Ip4 VPG_OUTER_1 = Ip4.parse("100.67.12.4"), VPG_OUTER_2 = Ip4.parse("100.67.12.20");
    private static final Ip4 GP1_ETH0 = Ip4.parse("10.0.0.96"), GP2_ETH0 = Ip4.parse("10.0.0.101");
    private static final Ip4 GP1_VXLAN = Ip4.parse("172.16.0.100"), GP2_VXLAN = Ip4.parse("172.16.0.101");
    private static final String SCRIPT = "gate_init_vxlan.sh";

    @Test
    @DisplayName("gate_init_vxlan.sh: without arguments it prints the seed's usage line and exits 1; with the seed's arguments it "
            + "creates vxlan0 (VNI, UDP 4789, local PHY_ADDR), floods to both VPG outer addresses and the other peer, adds the address")
    void gateInitScript(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(DEMO, pcaps);
        long usageRun = commandEvent(run, "/home/ubuntu/" + SCRIPT).atNs() + run.execLatency("gp1");
        assertEquals(List.of(usageRun), run.logs("gp1", SCRIPT, "usage:  /home/ubuntu/" + SCRIPT
                + " [PHY_IF] [PHY_ADDR] [VXLAN_IF] [VXLAN_ADDR] [VXLAN_NETMASK] [VXLAN_ID] [VPG Outer IP 1] [VPG Outer IP 2]"));
        assertTrue(scriptTrace(run, "gp1").stream().anyMatch(l -> l.endsWith(": exit 1")), "the usage path exits 1");

        for (String peer : List.of("gp1", "gp2")) {
            List<String> a = scriptArguments(run, peer);
            List<String> expected = new ArrayList<>(List.of("ip link add " + a.get(2) + " type vxlan id " + a.get(5) + " dev " + a.get(0)
                    + " local " + a.get(1) + " dstport 4789"));
            for (String dst : a.subList(6, a.size())) expected.add("bridge fdb append 00:00:00:00:00:00 dev " + a.get(2) + " dst " + dst);
            expected.add("ip addr add " + a.get(3) + "/" + a.get(4) + " dev " + a.get(2));
            expected.add("ip link set " + a.get(2) + " up");
            assertEquals(expected, programsRun(run, peer), peer + " ran the seed's call " + a);
        }
        assertEquals(List.of("eth0", "10.0.0.96", "vxlan0", "172.16.0.100", "16", "10", "100.67.12.4", "100.67.12.20", "10.0.0.101"),
                scriptArguments(run, "gp1"), "seed 000, step 4: Gate Peer 1's call, verbatim");
    }

    @Test
    @DisplayName("§8.0 demo over VXLAN: gp1 MASTER at keepalived start + MDI(150) = 3.414 s; gp2 MASTER Skew_Time(100) after gp1's "
            + "priority-0 advert crosses the peer tunnel; gp1 again MDI(150) after its restart; 3 pings lost at cold start only")
    void demoTakeovers(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(DEMO, pcaps);
        assertTrue(run.run.result().passed(), run.run.result().failures().toString());
        long peerToPeer = peerTunnelDelay(run);
        long booted = keepalivedStart(run, "gp1");
        assertEquals(booted, keepalivedStart(run, "gp2"), "both peers run the same setup");

        long gp1Master = booted + run.masterDown("gp1", run.priority("gp1"));
        assertEquals(3_414_062_000L, gp1Master - booted, "protocol-facts §1.4: MDI at priority 150, in keepalived's µs");
        long stopped = commandEvent(run, "systemctl stop keepalived").atNs() + run.execLatency("gp1");
        long gp2Master = stopped + peerToPeer + run.skew("gp2", run.priority("gp2"));
        long started = commandEvent(run, "systemctl start keepalived").atNs() + run.execLatency("gp1");
        long gp1Back = started + run.masterDown("gp1", run.priority("gp1"));
        long gp2Hears = gp1Back + peerToPeer;

        assertEquals(formatted(List.of(gp1Master, gp1Back)), formatted(run.transitions("gp1", VRRP, "BACKUP", "MASTER")), "items 1 and 4");
        assertAt(gp2Master, only(run.transitions("gp2", VRRP, "BACKUP", "MASTER"), "gp2 MASTER"), "item 2: gp2 MASTER, never before");
        assertAt(gp2Hears, only(run.transitions("gp2", VRRP, "MASTER", "BACKUP"), "gp2 BACKUP"), "item 4: gp2 yields");
        assertEquals(List.of(gp1Master, gp1Back), run.vipAdded("gp1"));
        assertEquals(List.of(stopped), run.vipRemoved("gp1"));
        assertEquals(List.of(gp2Master), run.vipAdded("gp2"));
        assertEquals(List.of(gp2Hears), run.vipRemoved("gp2"));

        // At cold start gp1's first advert waits for two ARP round trips across the VPC (the underlay's for
        // 10.0.0.101, then the overlay's for 172.16.0.101), so gp2 hears it five one-way delays after gp1 went MASTER.
        assertEquals(formatted(List.of(gp1Master + 5 * peerToPeer)), formatted(advertReceived(run, "gp2", gp1Master, gp1Master + run.advertInterval("gp1"))));

        // Only the requests sent before anyone held the VIP are lost (the device's ARP gives up after 3); none at either switch.
        assertEquals(List.of(1, 2, 3), run.run.probes().get("device-vip").lostSeqs());
        assertEquals(List.of(), run.run.probes().get("device-gp2").lostSeqs(), "another device reaches gp2's own address throughout");
    }

    @Test
    @DisplayName("§3.1: adverts cross the mesh as VXLAN (UDP 4789, VNI 10) unicast between the peers' eth0, inner VRRP unicast to "
            + ".101 (from gp1) and .100 (from gp2), once a second; none passes through the VPG; tshark decodes vxlan:eth:ip:vrrp")
    void advertsCrossTheMesh(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(DEMO, pcaps);
        long interval = run.advertInterval("gp1");
        long gp1Master = run.transitions("gp1", VRRP, "BACKUP", "MASTER").get(0);
        long stopped = run.transitions("gp1", VRRP, "MASTER", "STOP").get(0);
        long gp2Master = run.transitions("gp2", VRRP, "BACKUP", "MASTER").get(0);
        long gp2Yields = run.transitions("gp2", VRRP, "MASTER", "BACKUP").get(0);
        List<Tunnelled> gp1Side = tunnelled(pcaps, "gp1-vpc");

        List<Tunnelled> fromGp1 = gp1Side.stream().filter(t -> t.vrrpTo(GP2_VXLAN)).toList();
        assertTrue(fromGp1.stream().allMatch(t -> t.between(GP1_ETH0, GP2_ETH0)), "gp1's adverts: 10.0.0.96 -> 10.0.0.101 only");
        List<Long> expected = new ArrayList<>();
        expected.add(gp1Master + 4 * peerTunnelDelay(run)); // after the two ARP round trips (demoTakeovers)
        for (long t = gp1Master + interval; t < stopped; t += interval) expected.add(t);
        expected.add(stopped); // priority 0
        List<Long> sentByGp1 = fromGp1.stream().map(Tunnelled::timeNs).filter(t -> t <= stopped).toList();
        assertEquals(formatted(expected), formatted(sentByGp1));

        // gp2's adverts to .100 reach gp1's link one VPC-switch hop after gp2 sends them.
        List<Long> toGp1 = gp1Side.stream().filter(t -> t.vrrpTo(GP1_VXLAN)).peek(t -> assertTrue(t.between(GP2_ETH0, GP1_ETH0))).map(Tunnelled::timeNs).toList();
        List<Long> gp2Sends = new ArrayList<>();
        for (long t = gp2Master; t <= gp2Yields; t += interval) gp2Sends.add(t + run.delay("gp2-vpc"));
        assertEquals(formatted(gp2Sends), formatted(toGp1));

        assertTrue(tunnelled(pcaps, "peering").stream().noneMatch(t -> t.innerIp().filter(ip -> ip.protocol() == IpProto.VRRP).isPresent()),
                "no advert goes through the VPG: the peer-to-peer tunnel carries them all");

        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Tshark.Dissection d = Tshark.dissect(pcaps.resolve("gp1-vpc.pcap"));
        assertFalse(d.hasMalformed(), d.problems().toString());
        assertTrue(Set.copyOf(d.protocolStacks()).contains("eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:vrrp"), Set.copyOf(d.protocolStacks()).toString());
    }

    @Test
    @DisplayName("§3.1 head-end replication: each broadcast gp1 sends is replicated x3 (both VPG outer addresses and gp2); unicast to a "
            + "learnt MAC goes once, to the VTEP it was learnt from; the VPG passes a peer's broadcast only to the devices' side")
    void floodingThenLearning(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(DEMO, pcaps);
        List<Tunnelled> fromGp1 = tunnelled(pcaps, "gp1-vpc").stream().filter(t -> t.outerSrc().equals(GP1_ETH0)).toList();
        Map<String, List<Ip4>> copies = new LinkedHashMap<>();
        for (Tunnelled t : fromGp1) copies.computeIfAbsent(Arrays.toString(t.inner().encode()), k -> new ArrayList<>()).add(t.outerDst());
        List<Tunnelled> broadcasts = fromGp1.stream().filter(t -> t.inner().dst().equals(Mac.BROADCAST)).toList();
        assertTrue(broadcasts.stream().anyMatch(t -> t.isArpRequestFor(GP2_VXLAN)), "gp1's first ARP for gp2 is among them");
        for (Tunnelled b : broadcasts) {
            // Identical frames repeat (5 GARPs per burst), so count: every copy goes to each of the three, no more.
            List<Ip4> dsts = copies.get(Arrays.toString(b.inner().encode()));
            Map<Ip4, Long> perDestination = new LinkedHashMap<>();
            for (Ip4 d : dsts) perDestination.merge(d, 1L, Long::sum);
            assertEquals(Set.of(VPG_OUTER_1, VPG_OUTER_2, GP2_ETH0), perDestination.keySet(), "x3: " + dsts);
            assertEquals(1, Set.copyOf(perDestination.values()).size(), "each emission replicated to all three: " + perDestination);
        }
        assertTrue(broadcasts.size() >= 3 * 10, "10 GARPs per takeover at least: " + broadcasts.size() / 3);
        List<Tunnelled> unicasts = fromGp1.stream().filter(t -> !t.inner().dst().isMulticast()).toList();
        assertFalse(unicasts.isEmpty());
        for (Tunnelled u : unicasts) {
            assertEquals(1, Set.copyOf(copies.get(Arrays.toString(u.inner().encode()))).size(), "learnt: one VTEP only " + u);
        }
        assertTrue(unicasts.stream().filter(u -> u.vrrpTo(GP2_VXLAN)).allMatch(u -> u.outerDst().equals(GP2_ETH0)));

        // The VPG receives gp1's ARP request for gp2 on both outer addresses and bridges each copy to the devices'
        // side (one VTEP holding both addresses), never on to gp2 (seed-networks §1).
        Tunnelled arp = broadcasts.stream().filter(t -> t.isArpRequestFor(GP2_VXLAN)).findFirst().orElseThrow();
        long onDeviceSide = LinkCapture.read(pcaps, "vpg-carrier").stream().filter(f -> f.eth().equals(arp.inner())).count();
        assertEquals(2, onDeviceSide);
        assertTrue(tunnelled(pcaps, "peering").stream().filter(t -> t.inner().equals(arp.inner())).allMatch(t -> t.outerSrc().equals(GP1_ETH0)),
                "the VPG sends gp1's frame into no tunnel");
    }

    @Test
    @DisplayName("§8.0 item 3, seed-networks §1: without the peer-to-peer tunnel (OTHER_PEER omitted) gp1's ARP for gp2 dies at the "
            + "VPG, no advert is ever sent, and both peers are MASTER with the VIP: gp1 at MDI(150), gp2 at MDI(100)")
    void splitBrainWithoutPeerTunnel(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(SPLIT_BRAIN, pcaps);
        for (String peer : List.of("gp1", "gp2")) {
            assertEquals(6, scriptArguments(run, peer).indexOf("100.67.12.4"));
            assertEquals(8, scriptArguments(run, peer).size(), peer + " runs gate_init_vxlan.sh without OTHER_PEER");
            long booted = keepalivedStart(run, peer);
            long master = booted + run.masterDown(peer, run.priority(peer));
            assertAt(master, only(run.transitions(peer, VRRP, "BACKUP", "MASTER"), peer + " MASTER"), peer + " MASTER at its own MDI");
            assertEquals(List.of(), run.transitions(peer, VRRP, "MASTER", "BACKUP"), peer + " never yields");
            assertEquals(List.of(master), run.vipAdded(peer), peer + " holds the VIP");
            assertEquals(List.of(), run.vipRemoved(peer));
        }
        // gp1's ARP for 172.16.0.101 is flooded to the two VPG addresses only, and fails (protocol-facts §7: 3 probes).
        List<Tunnelled> arps = tunnelled(pcaps, "gp1-vpc").stream().filter(t -> t.isArpRequestFor(GP2_VXLAN)).toList();
        assertFalse(arps.isEmpty());
        assertTrue(arps.stream().allMatch(t -> t.outerDst().equals(VPG_OUTER_1) || t.outerDst().equals(VPG_OUTER_2)), arps.toString());
        assertTrue(run.run.trace().stream().anyMatch(r -> r.node().equals("gp1") && r.event() instanceof TraceEvent.Dropped d
                && d.reason() == DropReason.ARP_FAILED && d.detail().equals("neigh " + GP2_VXLAN + " dev vxlan0")), "gp1's ARP for gp2 fails");
        assertTrue(tunnelled(pcaps, "gp2-vpc").stream().noneMatch(t -> t.outerSrc().equals(GP1_ETH0) || t.outerDst().equals(GP1_ETH0)),
                "nothing passes between the peers");
        assertTrue(Stream.of("gp1-vpc", "gp2-vpc", "peering").flatMap(l -> uncheckedTunnelled(pcaps, l).stream())
                .noneMatch(t -> t.innerIp().filter(ip -> ip.protocol() == IpProto.VRRP).isPresent()), "no advert is ever put on a wire");
    }

    // ------------------------------------------------------------------ helpers

    private static EventSpec commandEvent(VrrpRun run, String command) {
        return run.spec.events().stream().filter(e -> e.action() instanceof ScenarioAction.NodeCommand c && c.command().equals(command))
                .findFirst().orElseThrow(() -> new AssertionError("no event runs " + command));
    }

    /** The words after the script path in {@code peer}'s setup line that runs gate_init_vxlan.sh. */
    private static List<String> scriptArguments(VrrpRun run, String peer) {
        String line = run.node(peer).setup().stream().map(s -> s.command()).filter(c -> c.contains(SCRIPT)).findFirst().orElseThrow();
        List<String> words = List.of(line.trim().split("\\s+"));
        return words.subList(1, words.size());
    }

    /** The script's `sh -x` lines on {@code peer} ("gate_init_vxlan.sh:23: ip link add ..."), without the prefix's file name. */
    private static List<String> scriptTrace(VrrpRun run, String peer) {
        return run.run.trace().stream().filter(r -> r.node().equals(peer) && r.event() instanceof TraceEvent.Log l && l.program().equals("sh")
                && l.text().startsWith(SCRIPT + ":")).map(r -> ((TraceEvent.Log) r.event()).text()).toList();
    }

    /** The programs (not builtins or assignments) the setup run of the script started, as the shell traced them. */
    private static List<String> programsRun(VrrpRun run, String peer) {
        return scriptTrace(run, peer).stream().map(l -> l.substring(l.indexOf(": ") + 2))
                .filter(c -> c.startsWith("ip ") || c.startsWith("bridge ")).toList();
    }

    /**
     * keepalived starts once the setup is done: every setup line and every program the script ran costs one
     * fork+exec (docs/decisions.md), builtins none.
     */
    private static long keepalivedStart(VrrpRun run, String peer) {
        long programs = run.node(peer).setup().size() + programsRun(run, peer).size();
        long expected = programs * run.execLatency(peer);
        long actual = run.transitions(peer, PROCESS, "STOPPED", "RUNNING").get(0);
        assertAt(expected, actual, peer + "'s keepalived starts after its setup");
        return actual;
    }

    /** The peer-to-peer tunnel crosses the VPC switch only: one access link each side. */
    private static long peerTunnelDelay(VrrpRun run) { return run.delay("gp1-vpc") + run.delay("gp2-vpc"); }

    /** When {@code node}'s keepalived re-armed its master-down timer on an advert, in [from, to). */
    private static List<Long> advertReceived(VrrpRun run, String node, long from, long to) {
        return run.run.trace().stream().filter(r -> r.node().equals(node) && r.time() >= from && r.time() < to
                && r.event() instanceof TraceEvent.TimerArmed a && a.name().equals(VRRP + "/timer")).map(TraceRecord::time).toList();
    }

    /** A VXLAN packet on a link: outer addresses, UDP port, VNI and the inner frame. */
    record Tunnelled(long timeNs, Ip4 outerSrc, Ip4 outerDst, int dstPort, int vni, EthernetFrame inner) {
        boolean between(Ip4 src, Ip4 dst) {
            return outerSrc.equals(src) && outerDst.equals(dst) && dstPort == VxlanHeader.IANA_PORT && vni == 10;
        }

        Optional<Ipv4Packet> innerIp() {
            return inner.etherType() == EtherType.IPV4 ? Optional.of(Ipv4Packet.decode(inner.payload(), 0, inner.payload().length)) : Optional.empty();
        }

        boolean vrrpTo(Ip4 dst) {
            return innerIp().filter(ip -> ip.protocol() == IpProto.VRRP && ip.dst().equals(dst)).isPresent();
        }

        boolean isArpRequestFor(Ip4 target) {
            if (inner.etherType() != EtherType.ARP) return false;
            ArpPacket a = ArpPacket.decode(inner.payload(), 0, inner.payload().length);
            return a.op() == ArpPacket.REQUEST && a.targetIp().equals(target) && !a.senderIp().equals(target);
        }
    }

    /** The VXLAN packets (UDP to 4789) put on {@code link}, in order. */
    static List<Tunnelled> tunnelled(Path pcaps, String link) throws IOException {
        List<Tunnelled> out = new ArrayList<>();
        for (LinkCapture.Frame f : LinkCapture.read(pcaps, link)) {
            Optional<Ipv4Packet> ip = f.ip().filter(p -> p.protocol() == IpProto.UDP);
            if (ip.isEmpty()) continue;
            byte[] p = ip.get().payload();
            UdpDatagram udp = UdpDatagram.decode(p, 0, p.length, ip.get().src(), ip.get().dst());
            if (udp.dstPort() != VxlanHeader.IANA_PORT) continue;
            VxlanHeader v = VxlanHeader.decode(udp.payload(), 0, udp.payload().length);
            out.add(new Tunnelled(f.timeNs(), ip.get().src(), ip.get().dst(), udp.dstPort(), v.vni(), EthernetFrame.decode(v.innerFrame())));
        }
        return out;
    }

    private static List<Tunnelled> uncheckedTunnelled(Path pcaps, String link) {
        try {
            return tunnelled(pcaps, link);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
