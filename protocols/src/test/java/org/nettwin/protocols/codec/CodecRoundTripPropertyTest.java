package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** Seeded properties: decode(encode(x)) == x for random values, and corruption never decodes silently. */
class CodecRoundTripPropertyTest {
    private static final long SEED = Long.getLong("nettwin.seed", 0x2024_0601L);
    private static final int ITERATIONS = 400;

    /** Runs {@code body} with an independent stream per iteration and reports the seed on failure. */
    private static void forAll(BiConsumer<SplittableRandom, String> body) {
        SplittableRandom root = new SplittableRandom(SEED);
        for (int i = 0; i < ITERATIONS; i++) body.accept(root.split(), "seed=" + SEED + " iteration=" + i);
    }

    private static byte[] randomBytes(SplittableRandom r, int max) {
        byte[] b = new byte[r.nextInt(0, max + 1)];
        r.nextBytes(b);
        return b;
    }

    private static Ip4 ip(SplittableRandom r) { return new Ip4(r.nextInt()); }

    private static Mac mac(SplittableRandom r) { return new Mac(r.nextLong() & 0xffffffffffffL); }

    private static Ipv4Packet ipv4(SplittableRandom r, int maxPayload) {
        return new Ipv4Packet(r.nextInt(256), r.nextInt(65536), r.nextBoolean(), r.nextBoolean(), r.nextInt(8192),
                r.nextInt(256), r.nextInt(256), ip(r), ip(r), randomBytes(r, maxPayload));
    }

    @Test
    @DisplayName("property: Ethernet, ARP, IPv4, ICMP and UDP round-trip through their bytes")
    void roundTrips() {
        forAll((r, where) -> {
            EthernetFrame eth = new EthernetFrame(mac(r), mac(r), r.nextInt(65536), randomBytes(r, 1500));
            assertEquals(eth, EthernetFrame.decode(eth.encode()), where);

            ArpPacket arp = new ArpPacket(r.nextBoolean() ? ArpPacket.REQUEST : ArpPacket.REPLY, mac(r), ip(r), mac(r), ip(r));
            byte[] arpBytes = arp.encode();
            assertEquals(arp, ArpPacket.decode(arpBytes, 0, arpBytes.length), where);

            Ipv4Packet packet = ipv4(r, 2000);
            byte[] ipBytes = packet.encode();
            assertEquals(packet, Ipv4Packet.decode(ipBytes, 0, ipBytes.length), where);

            IcmpMessage icmp = new IcmpMessage(r.nextInt(256), r.nextInt(256), r.nextInt(), randomBytes(r, 600));
            byte[] icmpBytes = icmp.encode();
            assertEquals(icmp, IcmpMessage.decode(icmpBytes, 0, icmpBytes.length), where);

            UdpDatagram udp = new UdpDatagram(r.nextInt(65536), r.nextInt(65536), randomBytes(r, 1500));
            Ip4 src = ip(r);
            Ip4 dst = ip(r);
            byte[] udpBytes = udp.encode(src, dst);
            assertTrue(udpBytes[6] != 0 || udpBytes[7] != 0, where + ": a computed checksum is never sent as 0");
            assertEquals(udp, UdpDatagram.decode(udpBytes, 0, udpBytes.length, src, dst), where);
        });
    }

    @Test
    @DisplayName("property: any single bit flipped in an IPv4 header or an ICMP message is rejected")
    void singleBitErrorsAreDetected() {
        forAll((r, where) -> {
            byte[] ipBytes = ipv4(r, 100).encode();
            int bit = r.nextInt(Ipv4Packet.HEADER_LENGTH * 8);
            ipBytes[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(ipBytes, 0, ipBytes.length), where + " bit=" + bit);

            byte[] icmpBytes = IcmpMessage.echoRequest(r.nextInt(65536), r.nextInt(65536), randomBytes(r, 100)).encode();
            int icmpBit = r.nextInt(icmpBytes.length * 8);
            icmpBytes[icmpBit / 8] ^= (byte) (1 << (icmpBit % 8));
            assertThrows(MalformedPacketException.class, () -> IcmpMessage.decode(icmpBytes, 0, icmpBytes.length), where + " bit=" + icmpBit);
        });
    }

    @Test
    @DisplayName("property: fragments fit the MTU, sit on 8-byte boundaries and reassemble to the original (RFC 791 §3.2)")
    void fragmentationReassembles() {
        forAll((r, where) -> {
            Ipv4Packet p = new Ipv4Packet(0, r.nextInt(65536), false, false, 0, 64, IpProto.UDP, ip(r), ip(r), randomBytes(r, 9000));
            int mtu = r.nextInt(68, 9001);
            List<Ipv4Packet> pieces = p.fragment(mtu);
            for (int i = 0; i < pieces.size(); i++) {
                Ipv4Packet piece = pieces.get(i);
                assertTrue(piece.totalLength() <= mtu, where + " mtu=" + mtu);
                if (i < pieces.size() - 1) assertEquals(0, piece.payload().length % 8, where + " mtu=" + mtu);
                byte[] wire = piece.encode();
                assertEquals(piece, Ipv4Packet.decode(wire, 0, wire.length), where);
            }
            assertArrayEquals(p.payload(), Ipv4PacketTest.reassemble(pieces), where + " mtu=" + mtu);
        });
    }
}
