package org.nettwin.protocols.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.stack.BridgeDevice;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * A Linux VTEP that bridges a VXLAN overlay to a wire (`ip link add br0 type bridge`, `ip link set X master
 * br0`), set up as seed 000's carrier VPG: two Gate Peers behind vxlan0, devices behind eth1. The bridge never
 * sends a frame back out of the port it came in on, so nothing from one peer's tunnel reaches the other peer's
 * (seed-networks §1: the VPG does not hairpin between Gate Peers), while BUM traffic from the devices is
 * replicated to every all-zero FDB entry (protocol-facts §3.1).
 */
class BridgeCommandsTest {
    private static final int UNDERLAY = 0, DEVICES = 1;
    private static final Mac ETH0 = Mac.parse("02:00:00:00:00:04"), ETH1 = Mac.parse("02:00:00:00:00:05");
    private static final Mac GATEWAY = Mac.parse("02:00:00:00:00:01");
    private static final Ip4 VPG = Ip4.parse("100.67.12.4"), GATEWAY_IP = Ip4.parse("100.67.12.1");
    private static final Ip4 GP1 = Ip4.parse("10.0.0.96"), GP2 = Ip4.parse("10.0.0.101");
    private static final Mac GP1_VXLAN = Mac.parse("02:00:00:00:00:96"), GP2_VXLAN = Mac.parse("02:00:00:00:01:01");
    private static final Mac DEVICE = Mac.parse("02:00:00:00:00:10");

    private ManualEnv env;
    private NodeStack vpg;
    private NodeCommands sh;

    @BeforeEach void setUp() {
        vpg = new NodeStack("vpg", true);
        vpg.addInterface("eth0", UNDERLAY, ETH0, 1500);
        vpg.addInterface("eth1", DEVICES, ETH1, 1500);
        vpg.addAddress("eth0", IfAddr.parse("100.67.12.4/27"));
        env = new ManualEnv("vpg", 1);
        vpg.boot(env);
        sh = new NodeCommands(vpg);
        for (String line : List.of(
                "ip route add 10.0.0.0/16 via 100.67.12.1",
                "ip link add vxlan0 type vxlan id 10 dev eth0 dstport 4789",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.96",
                "bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.101",
                "ip link add br0 type bridge",
                "ip link set vxlan0 master br0",
                "ip link set dev eth1 master br0",
                "ip link set vxlan0 up",
                "ip link set br0 up")) {
            NodeCommands.Result r = sh.run(line, "setup");
            assertEquals(0, r.status(), line + ": " + r.output());
        }
        // The underlay gateway asks for the VPG first, so the VPG knows its MAC and encapsulated frames leave at once.
        vpg.receive(UNDERLAY, new EthernetFrame(Mac.BROADCAST, GATEWAY, EtherType.ARP,
                new ArpPacket(ArpPacket.REQUEST, GATEWAY, GATEWAY_IP, Mac.ZERO, VPG).encode()).encode());
        env.clearSent();
    }

    @Test @DisplayName("`ip link set X master br0` enslaves X; a second master, a non-bridge master and `nomaster` behave as on Linux")
    void enslaving() {
        BridgeDevice br0 = BridgeDevice.of(vpg.iface("br0"));
        assertEquals(List.of(vpg.iface("vxlan0"), vpg.iface("eth1")), br0.ports());
        assertSame(br0, vpg.iface("eth1").master());
        assertEquals(2, sh.run("ip link set eth1 master eth0", "t").status(), "eth0 is no bridge");
        assertEquals(1, sh.run("ip link set eth1 master br9", "t").status());
        assertEquals(0, sh.run("ip link add br1 type bridge", "t").status());
        assertEquals(1, sh.run("ip link set eth1 master br1", "t").status(), "already enslaved to br0");
        assertEquals(0, sh.run("ip link set eth1 nomaster", "t").status());
        assertNull(vpg.iface("eth1").master());
        assertEquals(List.of(vpg.iface("vxlan0")), br0.ports());
        assertEquals(0, sh.run("ip link del br0", "t").status());
        assertNull(vpg.iface("vxlan0").master(), "deleting a bridge releases its ports");
    }

    @Test @DisplayName("seed-networks §1: a broadcast out of gp1's tunnel reaches the devices' wire once and never gp2's tunnel")
    void noHairpinForBroadcast() {
        byte[] inner = arpRequest(GP1_VXLAN, "172.16.0.100", "172.16.0.101");
        vpg.receive(UNDERLAY, vxlanFrom(GP1, inner));
        assertEquals(1, env.sent().size(), "one frame in all: " + env.sent());
        assertEquals(DEVICES, env.sent().get(0).port());
        assertArrayEquals(inner, env.sent().get(0).frame(), "the inner frame, unmodified");
    }

    @Test @DisplayName("seed-networks §1: unicast from gp1's tunnel to a MAC learnt behind gp2's tunnel is dropped by the bridge, not re-encapsulated")
    void noHairpinForUnicast() {
        vpg.receive(UNDERLAY, vxlanFrom(GP2, arpRequest(GP2_VXLAN, "172.16.0.101", "172.16.0.100")));
        env.clearSent();
        env.clearTraces();
        vpg.receive(UNDERLAY, vxlanFrom(GP1, new EthernetFrame(GP2_VXLAN, GP1_VXLAN, EtherType.IPV4, new byte[46]).encode()));
        assertEquals(List.of(), env.sent());
        assertTrue(env.traces().stream().anyMatch(e -> e instanceof TraceEvent.Dropped d && d.reason() == DropReason.NOT_FOR_US
                && d.detail().contains(GP2_VXLAN.toString())), env.traces().toString());
    }

    @Test @DisplayName("§3.1: a device's broadcast is replicated to both flood entries; replies to it go only to the learnt VTEP")
    void floodThenLearn() {
        byte[] broadcast = arpRequest(DEVICE, "172.16.0.10", "172.16.0.150");
        vpg.receive(DEVICES, broadcast);
        assertEquals(List.of(GP1, GP2), vxlanDestinations(), "head-end replication, in FDB order");
        for (ManualEnv.Sent s : env.sent()) assertArrayEquals(broadcast, innerOf(s.frame()));

        env.clearSent();
        vpg.receive(UNDERLAY, vxlanFrom(GP1, new EthernetFrame(DEVICE, GP1_VXLAN, EtherType.IPV4, new byte[46]).encode()));
        assertEquals(1, env.sent().size());
        assertEquals(DEVICES, env.sent().get(0).port(), "the device's MAC was learnt on eth1");
        BridgeDevice br0 = BridgeDevice.of(vpg.iface("br0"));
        assertEquals(java.util.Optional.of(vpg.iface("eth1")), br0.learnedOn(DEVICE));
        assertEquals(java.util.Optional.of(vpg.iface("vxlan0")), br0.learnedOn(GP1_VXLAN));

        env.clearSent();
        vpg.receive(DEVICES, new EthernetFrame(GP1_VXLAN, DEVICE, EtherType.IPV4, new byte[46]).encode());
        assertEquals(List.of(GP1), vxlanDestinations(), "gp1's MAC: bridge port vxlan0, vxlan FDB 10.0.0.96");
    }

    @Test @DisplayName("a bridge port's own stack sees nothing: an ARP request for eth1's address is switched, and answered by br0 "
            + "(arp_ignore=0 answers for any local address), never by eth1")
    void portHasNoStack() {
        vpg.addAddress("eth1", IfAddr.parse("172.16.0.1/16"));
        vpg.receive(DEVICES, arpRequest(DEVICE, "172.16.0.10", "172.16.0.1"));
        assertEquals(2, env.sent().stream().filter(s -> s.port() == UNDERLAY).count(), "flooded into both tunnels");
        List<EthernetFrame> onEth1 = env.sent().stream().filter(s -> s.port() == DEVICES).map(s -> EthernetFrame.decode(s.frame())).toList();
        assertEquals(1, onEth1.size());
        assertEquals(vpg.iface("br0").mac(), onEth1.get(0).src(), "the reply comes from br0");
        assertEquals(DEVICE, onEth1.get(0).dst());
    }

    @Test @DisplayName("MTU: br0 takes vxlan0's 1450; a device's frame over vxlan0's MTU + 4 is dropped by the bridge (br_dev_queue_push_xmit, "
            + "is_skb_forwardable), DF or not, and nobody sends ICMP; up to 4 bytes over is encapsulated and the outer packet fragmented (DF clear)")
    void bridgedFrameOverVxlanMtu() {
        assertEquals(1450, vpg.iface("br0").mtu(), "br_mtu_auto_adjust: the narrowest port's MTU");
        vpg.receive(UNDERLAY, vxlanFrom(GP1, arpRequest(GP1_VXLAN, "172.16.0.100", "172.16.0.101"))); // gp1's MAC learnt on vxlan0
        env.clearSent();
        env.clearTraces();

        for (boolean df : List.of(true, false)) {
            vpg.receive(DEVICES, deviceToGp1(1500, df));
            vpg.receive(DEVICES, deviceToGp1(1455, df));
        }
        assertEquals(List.of(), env.sent(), "nothing into the tunnel, no ICMP back to the device");
        assertEquals(4, env.traces().stream().filter(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.MTU_EXCEEDED
                && d.detail().contains("vxlan0")).count(), env.traces().toString());

        byte[] slack = deviceToGp1(1454, true);
        vpg.receive(DEVICES, slack);
        List<Ipv4Packet> outer = env.sent().stream().peek(s -> assertEquals(UNDERLAY, s.port())).map(s -> outer(s.frame())).toList();
        assertEquals(List.of(1500, 24), outer.stream().map(Ipv4Packet::totalLength).toList(),
                "20 + 8 + 8 + 1468 = 1504 bytes: fragmented by IP into 1480 + 4 payload bytes");
        assertTrue(outer.stream().noneMatch(Ipv4Packet::dontFragment));
        assertEquals(GP1, outer.get(0).dst());

        env.clearSent();
        byte[] full = deviceToGp1(1450, true);
        vpg.receive(DEVICES, full);
        assertEquals(1, env.sent().size());
        assertEquals(1500, outer(env.sent().get(0).frame()).totalLength(), "a frame at vxlan0's MTU makes a full-size outer packet");
        assertArrayEquals(full, innerOf(env.sent().get(0).frame()));
    }

    /** A device's IPv4 packet of {@code totalLength} bytes, in a frame to gp1's vxlan0 MAC. */
    private static byte[] deviceToGp1(int totalLength, boolean df) {
        Ipv4Packet p = new Ipv4Packet(0, 7, df, false, 0, 64, IpProto.UDP, Ip4.parse("172.16.0.10"), Ip4.parse("172.16.0.100"),
                new byte[totalLength - Ipv4Packet.HEADER_LENGTH]);
        return new EthernetFrame(GP1_VXLAN, DEVICE, EtherType.IPV4, p.encode()).encode();
    }

    private static byte[] arpRequest(Mac from, String senderIp, String targetIp) {
        return new EthernetFrame(Mac.BROADCAST, from, EtherType.ARP,
                new ArpPacket(ArpPacket.REQUEST, from, Ip4.parse(senderIp), Mac.ZERO, Ip4.parse(targetIp)).encode()).encode();
    }

    private static byte[] vxlanFrom(Ip4 remote, byte[] inner) {
        byte[] udp = new UdpDatagram(40000, VxlanHeader.IANA_PORT, new VxlanHeader(10, inner).encode()).encodeWithoutChecksum();
        byte[] ip = new Ipv4Packet(0, 1, false, false, 0, 62, IpProto.UDP, remote, VPG, udp).encode();
        return new EthernetFrame(ETH0, GATEWAY, EtherType.IPV4, ip).encode();
    }

    private List<Ip4> vxlanDestinations() {
        return env.sent().stream().peek(s -> assertEquals(UNDERLAY, s.port())).map(s -> outer(s.frame()).dst()).toList();
    }

    private static Ipv4Packet outer(byte[] frame) {
        EthernetFrame eth = EthernetFrame.decode(frame);
        assertEquals(GATEWAY, eth.dst());
        return Ipv4Packet.decode(eth.payload(), 0, eth.payload().length);
    }

    private static byte[] innerOf(byte[] frame) {
        Ipv4Packet ip = outer(frame);
        UdpDatagram d = UdpDatagram.decode(ip.payload(), 0, ip.payload().length, ip.src(), ip.dst());
        assertEquals(VxlanHeader.IANA_PORT, d.dstPort());
        return VxlanHeader.decode(d.payload(), 0, d.payload().length).innerFrame();
    }
}
