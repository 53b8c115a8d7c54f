package org.nettwin.protocols.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** The tunnel's SA lifecycle and data plane between two gateways (RFC 4303, RFC 3706, protocol-facts §5). */
class IpsecTunnelTest {
    private static List<String> states(GatewayPair.Side s) {
        return s.traces(TraceEvent.StateChanged.class).stream().map(e -> (TraceEvent.StateChanged) e)
                .filter(e -> e.machine().equals("ipsec/vpn")).map(e -> e.from() + "->" + e.to()).toList();
    }

    @Test @DisplayName("INIT + AUTH bring both ends UP; pings cross encrypted and the counters count them")
    void comesUpAndCarriesTraffic() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig(), GatewayPair.bConfig());
        assertEquals(NodeStack.SendResult.NETWORK_UNREACHABLE, p.pingFromA(0), "the hide route is not valid before the SA is up");
        p.runFor(Time.s(2));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state());
        assertEquals(IpsecTunnel.State.UP, p.b.tunnel.state());
        assertNotEquals(p.a.tunnel.outboundSpi(), p.b.tunnel.outboundSpi(), "one SA per direction");
        for (int i = 1; i <= 10; i++) {
            assertEquals(NodeStack.SendResult.SENT, p.pingFromA(i));
            p.runFor(Time.s(1));
        }
        assertEquals(10, p.a.replies);
        assertEquals(10, p.a.tunnel.counters().txPackets());
        assertEquals(10, p.a.tunnel.counters().rxPackets());
        assertEquals(10 * 84, p.a.tunnel.counters().txBytes(), "inner bytes: 20 IP + 8 ICMP + 56 data");
        assertEquals(0, p.a.tunnel.counters().drops());
        // On the wire the inner packets are ESP, never clear ICMP.
        for (byte[] f : p.framesSentBy(p.a)) {
            EthernetFrame eth = EthernetFrame.decode(f);
            if (eth.etherType() != EtherType.IPV4) continue;
            Ipv4Packet ip = Ipv4Packet.decode(eth.payload(), 0, eth.payload().length);
            assertNotEquals(IpProto.ICMP, ip.protocol(), "inner ICMP must not leave in clear");
            if (ip.protocol() == IpProto.ESP) assertEquals(p.a.tunnel.outboundSpi(), Esp.peekSpi(ip.payload()) & 0xffffffffL, "ESP to B's inbound SPI");
        }
    }

    @Test @DisplayName("different pre-shared keys: AUTH fails, the tunnel never comes up, a diagnostic says why")
    void pskMismatch() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig(), TunnelConfig.of("vpn", GatewayPair.B_WAN, GatewayPair.A_WAN, "other").withInitiate(false));
        p.runFor(Time.s(35));
        assertEquals(IpsecTunnel.State.DOWN, p.a.tunnel.state());
        assertEquals(IpsecTunnel.State.DOWN, p.b.tunnel.state());
        assertTrue(p.b.traces(TraceEvent.Diagnostic.class).stream().anyMatch(d -> d.describe().contains("pre-shared keys differ")));
        assertEquals(List.of(), states(p.a));
    }

    @Test @DisplayName("§5.1 RTX DPD 10 s x 6: a silent peer is declared dead 60..70 s after it went quiet; routes go; retry brings it back")
    void periodicDpdDetectsDeadPeer() {
        DeadPeerDetection dpd = DeadPeerDetection.RTX_DEFAULT;
        GatewayPair p = new GatewayPair(GatewayPair.aConfig().withDpd(dpd), GatewayPair.bConfig().withDpd(dpd));
        p.runFor(Time.s(33));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state());
        p.cut = true;
        long cutAt = p.now();
        p.runUntil(cutAt + dpd.earliestDetectionNs() - Time.ms(1));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state(), "not before count x interval");
        p.runUntil(cutAt + dpd.latestDetectionNs());
        assertEquals(IpsecTunnel.State.DOWN, p.a.tunnel.state(), "dead within count x interval + one interval");
        assertEquals(IpsecTunnel.State.DOWN, p.b.tunnel.state());
        assertEquals(NodeStack.SendResult.NETWORK_UNREACHABLE, p.pingFromA(99), "hide route withdrawn with the SA");
        p.cut = false;
        p.runFor(GatewayPair.aConfig().retryNs() + Time.s(1));
        assertEquals(List.of("DOWN->UP", "UP->DOWN", "DOWN->UP"), states(p.a), "the initiator re-negotiates after its retry interval");
        assertEquals(IpsecTunnel.State.UP, p.b.tunnel.state());
    }

    @Test @DisplayName("§5.3 idle DPD (AWS 10 s, 3): no R-U-THERE while traffic flows; silence is dead within 30..50 s")
    void idleDpd() {
        DeadPeerDetection dpd = DeadPeerDetection.AWS;
        GatewayPair p = new GatewayPair(GatewayPair.aConfig().withDpd(dpd), GatewayPair.bConfig().withDpd(dpd));
        p.runFor(Time.s(2));
        for (int i = 0; i < 60; i++) {
            p.pingFromA(i);
            p.runFor(Time.s(1));
        }
        long probes = p.framesSentBy(p.a).stream().filter(IpsecTunnelTest::isIke).count();
        assertTrue(probes <= 3, "only the INIT/AUTH exchange, no keepalives while ESP arrives: " + probes);
        p.cut = true;
        long cutAt = p.now();
        p.runUntil(cutAt + dpd.earliestDetectionNs() - Time.ms(1));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state(), p.a.env.traces().toString());
        p.runUntil(cutAt + dpd.latestDetectionNs());
        assertEquals(IpsecTunnel.State.DOWN, p.a.tunnel.state());
    }

    @Test @DisplayName("§8.4 degraded tunnel: 30% of data lost, IKE/DPD pass, it stays UP for 10 minutes; the drop counter matches the loss")
    void degradedTunnelStaysUp() {
        DeadPeerDetection dpd = DeadPeerDetection.rtx(10, 3);
        GatewayPair p = new GatewayPair(GatewayPair.aConfig().withDpd(dpd), GatewayPair.bConfig().withDpd(dpd));
        p.runFor(Time.s(2));
        p.a.tunnel.degrade(0.30);
        int sent = 600;
        for (int i = 0; i < sent; i++) {
            p.pingFromA(i);
            p.runFor(Time.s(1));
        }
        assertEquals(List.of("DOWN->UP"), states(p.a), "never leaves UP");
        long drops = p.a.tunnel.counters().drops();
        // Each ping crosses A's degraded tunnel twice (tx request, rx reply): P(reply) = 0.7^2 = 0.49.
        assertTrue(p.a.replies > 0.49 * sent - 60 && p.a.replies < 0.49 * sent + 60, "replies " + p.a.replies + " of " + sent);
        assertEquals(sent - p.a.replies, drops, "every lost ping is one drop on the tunnel");
        assertTrue(p.a.traces(TraceEvent.Dropped.class).stream().map(e -> (TraceEvent.Dropped) e)
                .allMatch(d -> d.reason() == DropReason.LOSS && d.where().equals("a:ipsec/vpn")));
        p.a.tunnel.degrade(0);
        long before = p.a.replies;
        for (int i = 0; i < 20; i++) {
            p.pingFromA(1000 + i);
            p.runFor(Time.s(1));
        }
        assertEquals(before + 20, p.a.replies, "restored");
    }

    @Test @DisplayName("lifetime: the initiator rekeys at 90% with a new SPI; no packet is lost across the rekey")
    void rekeysWithoutLoss() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig().withLifetime(Time.s(100)), GatewayPair.bConfig().withLifetime(Time.s(100)));
        p.runFor(Time.s(2));
        long firstSpi = p.a.tunnel.outboundSpi();
        for (int i = 0; i < 100; i++) {
            p.pingFromA(i);
            p.runFor(Time.s(1));
        }
        assertNotEquals(firstSpi, p.a.tunnel.outboundSpi(), "a new SA after 90 s");
        assertEquals(100, p.a.replies);
        assertEquals(List.of("DOWN->UP"), states(p.a));
        assertTrue(p.a.traces(TraceEvent.Log.class).stream().anyMatch(l -> l.describe().contains("rekeyed")));
    }

    @Test @DisplayName("ipsec-disable: DELETE takes the peer down at once; no re-negotiation until enabled")
    void disableAndEnable() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig(), GatewayPair.bConfig());
        p.runFor(Time.s(2));
        p.b.tunnel.disable();
        p.runFor(Time.ms(20));
        assertEquals(IpsecTunnel.State.DOWN, p.a.tunnel.state(), "A got the DELETE");
        assertEquals(IpsecTunnel.State.DISABLED, p.b.tunnel.state());
        p.runFor(Time.s(60));
        assertEquals(IpsecTunnel.State.DOWN, p.a.tunnel.state(), "a disabled peer answers no INIT");
        p.b.tunnel.enable();
        p.runFor(GatewayPair.aConfig().retryNs() + Time.s(1));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state());
        assertEquals(List.of("DOWN->UP", "UP->DISABLED", "DISABLED->DOWN", "DOWN->UP"), states(p.b));
    }

    @Test @DisplayName("RFC 4303 §3.4.3: a replayed ESP packet is dropped by the anti-replay window")
    void replayIsDropped() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig(), GatewayPair.bConfig());
        p.runFor(Time.s(2));
        p.pingFromA(1);
        p.runFor(Time.s(1));
        byte[] esp = p.framesSentBy(p.a).stream().filter(f -> espOf(f) != null).reduce((x, y) -> y).orElseThrow();
        long rxBefore = p.b.tunnel.counters().rxPackets();
        p.b.stack.receive(0, esp);
        assertEquals(rxBefore, p.b.tunnel.counters().rxPackets());
        assertTrue(p.b.traces(TraceEvent.Dropped.class).stream().map(e -> (TraceEvent.Dropped) e)
                .anyMatch(d -> d.reason() == DropReason.FILTERED && d.detail().contains("replay")));
    }

    private static Ipv4Packet espOf(byte[] frame) {
        EthernetFrame eth = EthernetFrame.decode(frame);
        if (eth.etherType() != EtherType.IPV4) return null;
        Ipv4Packet ip = Ipv4Packet.decode(eth.payload(), 0, eth.payload().length);
        return ip.protocol() == IpProto.ESP ? ip : null;
    }

    private static boolean isIke(byte[] frame) {
        EthernetFrame eth = EthernetFrame.decode(frame);
        if (eth.etherType() != EtherType.IPV4) return false;
        Ipv4Packet ip = Ipv4Packet.decode(eth.payload(), 0, eth.payload().length);
        return ip.protocol() == IpProto.UDP && ((ip.payload()[2] & 0xff) << 8 | (ip.payload()[3] & 0xff)) == IkeMessage.PORT;
    }

    @Test @DisplayName("§5.3/§5.4 cap: ESP leaves paced at the cap rate, the overflow is dropped as QUEUE_FULL and counted, the stats line shows it")
    void capPacesAndDrops() {
        // 672 kbit/s makes an 84-byte ping (672 bits) take exactly 1 ms; a queue of 3 holds three of a burst of five.
        TunnelCap cap = new TunnelCap(672_000, 0, 3);
        GatewayPair p = new GatewayPair(GatewayPair.aConfig().withCap(cap).withStatsInterval(Time.s(10)), GatewayPair.bConfig());
        p.runFor(Time.s(2));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state());
        int espBefore = espTimes(p).size();
        long burstAt = p.now();
        for (int i = 1; i <= 5; i++) assertEquals(NodeStack.SendResult.SENT, p.pingFromA(i));
        p.runFor(Time.s(1));
        List<Long> esp = espTimes(p).subList(espBefore, espBefore + 3);
        assertEquals(List.of(burstAt + Time.ms(1), burstAt + Time.ms(2), burstAt + Time.ms(3)), esp, "one per serialisation time");
        assertEquals(3, p.a.replies);
        assertEquals(2, p.a.tunnel.counters().drops(DropReason.QUEUE_FULL));
        assertEquals(3, p.a.tunnel.counters().txPackets());
        p.runUntil(Time.s(10));
        String stats = p.a.traces(TraceEvent.Log.class).stream().map(TraceEvent::describe).filter(l -> l.contains("counters")).findFirst().orElseThrow();
        assertEquals("log ipsec: vpn: counters state=UP tx_packets=3 tx_bytes=252 rx_packets=3 rx_bytes=252 drops=2 drops_queue_full=2", stats);
    }

    @Test @DisplayName("MTU: the route-based tunnel interface (TunnelConfig.DEFAULT_MTU, 1440) refuses a 1500-byte DF packet from the LAN with "
            + "ICMP 3/4 mtu 1440 (ip_forward); without DF it is fragmented to 1440 before encryption, and every ESP packet fits 1500")
    void tunnelMtu() {
        GatewayPair p = new GatewayPair(GatewayPair.aConfig(), GatewayPair.bConfig());
        p.runFor(Time.s(2));
        assertEquals(IpsecTunnel.State.UP, p.a.tunnel.state());
        assertEquals(1440, TunnelConfig.DEFAULT_MTU, "1500 - 20 - 37 (worst-case ESP-GCM overhead), rounded down to 4");
        assertEquals(TunnelConfig.DEFAULT_MTU, p.a.stack.iface("vpn").mtu());
        Mac client = Mac.parse("02:00:00:00:01:64"), lanMac = p.a.stack.iface("lan").mac();
        Ip4 clientIp = Ip4.parse("172.16.1.100"), far = Ip4.parse("172.16.2.100");
        // The client asks for its gateway first, so A knows its MAC.
        p.a.stack.receive(1, new EthernetFrame(Mac.BROADCAST, client, EtherType.ARP,
                new ArpPacket(ArpPacket.REQUEST, client, clientIp, Mac.ZERO, GatewayPair.A_LAN).encode()).encode());

        int mark = p.a.env.sent().size();
        Ipv4Packet big = lanPacket(clientIp, far, 1500, true);
        p.a.stack.receive(1, new EthernetFrame(lanMac, client, EtherType.IPV4, big.encode()).encode());
        assertEquals(List.of(), sentSince(p.a, mark, 0), "nothing is encrypted");
        List<Ipv4Packet> back = sentSince(p.a, mark, 1);
        assertEquals(1, back.size());
        assertEquals(GatewayPair.A_LAN, back.get(0).src());
        assertEquals(clientIp, back.get(0).dst());
        IcmpMessage m = IcmpMessage.decode(back.get(0).payload(), 0, back.get(0).payload().length);
        assertEquals(IcmpMessage.DEST_UNREACHABLE, m.type());
        assertEquals(IcmpMessage.FRAG_NEEDED, m.code());
        assertEquals(1440, m.nextHopMtu());

        mark = p.a.env.sent().size();
        long rxBefore = p.b.tunnel.counters().rxPackets();
        Ipv4Packet plain = lanPacket(clientIp, far, 1500, false);
        p.a.stack.receive(1, new EthernetFrame(lanMac, client, EtherType.IPV4, plain.encode()).encode());
        p.a.stack.receive(1, new EthernetFrame(lanMac, client, EtherType.IPV4, lanPacket(clientIp, far, 1440, true).encode()).encode());
        List<Ipv4Packet> esp = sentSince(p.a, mark, 0);
        assertEquals(List.of(1492, 140, 1496), esp.stream().map(Ipv4Packet::totalLength).toList(),
                "fragments of 1436 and 84 bytes, then a whole 1440-byte packet: 20 + 8 SPI/seq + 8 IV + inner + pad to 4 + 2 + 16 ICV");
        for (Ipv4Packet o : esp) {
            assertEquals(IpProto.ESP, o.protocol());
            assertTrue(o.totalLength() <= 1500);
            assertEquals(0, o.fragmentOffset(), "ESP packets are never fragmented themselves");
        }
        assertEquals(List.of(), sentSince(p.a, mark, 1), "no ICMP without DF, nor for a packet that fits");
        p.runFor(Time.ms(20));
        assertEquals(rxBefore + 3, p.b.tunnel.counters().rxPackets(), "B decrypts both fragments and the whole packet");
    }

    private static Ipv4Packet lanPacket(Ip4 src, Ip4 dst, int totalLength, boolean df) {
        return new Ipv4Packet(0, 0x4242, df, false, 0, 64, IpProto.ICMP, src, dst,
                IcmpMessage.echoRequest(9, 1, new byte[totalLength - Ipv4Packet.HEADER_LENGTH - 8]).encode());
    }

    private static List<Ipv4Packet> sentSince(GatewayPair.Side s, int mark, int port) {
        return s.env.sent().subList(mark, s.env.sent().size()).stream().filter(x -> x.port() == port).map(x -> EthernetFrame.decode(x.frame()))
                .filter(f -> f.etherType() == EtherType.IPV4).map(f -> Ipv4Packet.decode(f.payload(), 0, f.payload().length)).toList();
    }

    private static List<Long> espTimes(GatewayPair p) {
        return p.a.env.sent().stream().filter(x -> {
            EthernetFrame eth = EthernetFrame.decode(x.frame());
            return eth.etherType() == EtherType.IPV4 && Ipv4Packet.decode(eth.payload(), 0, eth.payload().length).protocol() == IpProto.ESP;
        }).map(x -> x.time()).toList();
    }
}
