package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.testkit.Hex.bytes;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;

class Ipv4PacketTest {
    static final Ip4 SRC = Ip4.parse("192.168.0.1");
    static final Ip4 DST = Ip4.parse("192.168.0.199");

    private static byte[] knownPacket() {
        byte[] packet = Arrays.copyOf(bytes(ChecksumTest.KNOWN_HEADER), 0x73);
        for (int i = 20; i < packet.length; i++) packet[i] = (byte) i;
        return packet;
    }

    @Test
    @DisplayName("golden: encode reproduces the well-known header 4500 0073 ... b861 (checksum included)")
    void encodesKnownHeader() {
        byte[] known = knownPacket();
        Ipv4Packet packet = new Ipv4Packet(0, 0, true, false, 0, 64, IpProto.UDP, SRC, DST, Arrays.copyOfRange(known, 20, known.length));
        assertArrayEquals(known, packet.encode());
        assertEquals(0x73, packet.totalLength());
    }

    @Test
    @DisplayName("golden: decode of the well-known header yields its fields")
    void decodesKnownHeader() {
        byte[] known = knownPacket();
        Ipv4Packet p = Ipv4Packet.decode(known, 0, known.length);
        assertEquals(0, p.tos());
        assertEquals(0, p.identification());
        assertTrue(p.dontFragment());
        assertFalse(p.moreFragments());
        assertEquals(0, p.fragmentOffset());
        assertEquals(64, p.ttl());
        assertEquals(IpProto.UDP, p.protocol());
        assertEquals(SRC, p.src());
        assertEquals(DST, p.dst());
        assertArrayEquals(Arrays.copyOfRange(known, 20, known.length), p.payload());
    }

    @Test
    @DisplayName("bad header checksum is rejected (ip_rcv_core drops it)")
    void rejectsBadChecksum() {
        byte[] known = knownPacket();
        known[11] ^= 1;
        MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(known, 0, known.length));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        byte[] ttlChanged = knownPacket();
        ttlChanged[8] = 63;
        assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(ttlChanged, 0, ttlChanged.length));
    }

    @Test
    @DisplayName("bad version, IHL below 5, total length beyond the bytes or below the header: malformed")
    void rejectsBadHeaderFields() {
        assertMalformed(patched(0, 0x65));
        assertMalformed(patched(0, 0x44));
        byte[] truncated = Arrays.copyOf(knownPacket(), 0x72);
        assertMalformed(truncated);
        assertMalformed(Arrays.copyOf(knownPacket(), 19));
        byte[] tooShortTotal = knownPacket();
        tooShortTotal[2] = 0;
        tooShortTotal[3] = 19;
        assertMalformed(withValidChecksum(tooShortTotal, 20));
    }

    @Test
    @DisplayName("Ethernet padding after the total length is ignored")
    void ignoresPadding() {
        Ipv4Packet small = new Ipv4Packet(0, 7, false, false, 0, 64, IpProto.ICMP, SRC, DST, bytes("0800 f7ff 0000 0000"));
        byte[] padded = Arrays.copyOf(small.encode(), 46);
        assertEquals(small, Ipv4Packet.decode(padded, 0, padded.length));
    }

    @Test
    @DisplayName("options are skipped: IHL 6 with a router-alert option (RFC 2113)")
    void skipsOptions() {
        byte[] header = withValidChecksum(bytes("46 00 00 1c 00 01 00 00 01 02 0000 c0a80001 e0000016 94 04 00 00 de ad be ef"), 24);
        Ipv4Packet p = Ipv4Packet.decode(header, 0, header.length);
        assertArrayEquals(bytes("deadbeef"), p.payload());
        assertEquals(Ip4.parse("224.0.0.22"), p.dst());
        assertEquals(24, p.totalLength(), "re-encoded without options: 20 + 4");
    }

    @Test
    @DisplayName("decodes at an offset inside a larger buffer")
    void decodesAtOffset() {
        byte[] known = knownPacket();
        byte[] framed = new byte[14 + known.length];
        System.arraycopy(known, 0, framed, 14, known.length);
        assertEquals(Ipv4Packet.decode(known, 0, known.length), Ipv4Packet.decode(framed, 14, known.length));
    }

    @Test
    @DisplayName("decodeQuoted accepts a header plus 8 bytes though the total length says more (RFC 792 quote)")
    void decodesQuote() {
        byte[] quote = IcmpMessage.quote(knownPacket());
        assertEquals(28, quote.length);
        Ipv4Packet quoted = Ipv4Packet.decodeQuoted(quote);
        assertEquals(DST, quoted.dst());
        assertArrayEquals(Arrays.copyOfRange(quote, 20, 28), quoted.payload());
        assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(quote, 0, quote.length));
    }

    @Test
    @DisplayName("withTtl changes only the TTL and re-encodes a valid checksum")
    void withTtl() {
        byte[] known = knownPacket();
        Ipv4Packet p = Ipv4Packet.decode(known, 0, known.length);
        Ipv4Packet fwd = p.withTtl(63);
        assertEquals(63, fwd.ttl());
        assertSame(p.payload(), fwd.payload());
        byte[] encoded = fwd.encode();
        assertEquals(fwd, Ipv4Packet.decode(encoded, 0, encoded.length));
        assertEquals(0xb961, (encoded[10] & 0xff) << 8 | (encoded[11] & 0xff), "TTL-1 raises the checksum by 0x0100");
    }

    @Test
    @DisplayName("RFC 791 fragmentation: 3000-byte payload at MTU 1500 gives 1480+1480+40 at offsets 0, 185, 370")
    void fragmentsOnEightByteBoundaries() {
        byte[] payload = new byte[3000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 7);
        Ipv4Packet p = new Ipv4Packet(0, 0x1234, false, false, 0, 64, IpProto.UDP, SRC, DST, payload);
        List<Ipv4Packet> pieces = p.fragment(1500);
        assertEquals(List.of(1500, 1500, 60), pieces.stream().map(Ipv4Packet::totalLength).toList());
        assertEquals(List.of(0, 185, 370), pieces.stream().map(Ipv4Packet::fragmentOffset).toList());
        assertEquals(List.of(true, true, false), pieces.stream().map(Ipv4Packet::moreFragments).toList());
        for (Ipv4Packet piece : pieces) assertEquals(0x1234, piece.identification());
        assertArrayEquals(payload, reassemble(pieces));
    }

    @Test
    @DisplayName("an MTU that is not 20 + a multiple of 8 rounds the piece down: MTU 1006 carries 984 bytes")
    void roundsDownToEightBytes() {
        Ipv4Packet p = new Ipv4Packet(0, 1, false, false, 0, 64, IpProto.ICMP, SRC, DST, new byte[2000]);
        List<Ipv4Packet> pieces = p.fragment(1006);
        assertEquals(List.of(984, 984, 32), pieces.stream().map(x -> x.payload().length).toList());
        assertEquals(List.of(0, 123, 246), pieces.stream().map(Ipv4Packet::fragmentOffset).toList());
    }

    @Test
    @DisplayName("re-fragmenting a middle fragment keeps MF on its last piece and continues its offset")
    void refragmentsAFragment() {
        Ipv4Packet middle = new Ipv4Packet(0, 9, false, true, 100, 64, IpProto.UDP, SRC, DST, new byte[1480]);
        List<Ipv4Packet> pieces = middle.fragment(576);
        assertEquals(List.of(100, 169, 238), pieces.stream().map(Ipv4Packet::fragmentOffset).toList());
        assertTrue(pieces.stream().allMatch(Ipv4Packet::moreFragments));
        assertTrue(pieces.stream().allMatch(x -> x.totalLength() <= 576));
    }

    @Test
    @DisplayName("a packet that fits is returned alone; an MTU too small for 8 bytes is refused")
    void fitsOrRefuses() {
        Ipv4Packet p = new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.ICMP, SRC, DST, new byte[100]);
        assertEquals(List.of(p), p.fragment(120));
        assertThrows(IllegalArgumentException.class, () -> p.fragment(27));
    }

    /** Places the fragments' payloads at their offsets, as RFC 791 §3.2's reassembly does. */
    static byte[] reassemble(List<Ipv4Packet> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Ipv4Packet piece : pieces) {
            assertEquals(out.size(), piece.fragmentOffset() * 8, "fragments are contiguous");
            out.writeBytes(piece.payload());
        }
        assertFalse(pieces.get(pieces.size() - 1).moreFragments());
        return out.toByteArray();
    }

    private static byte[] patched(int index, int value) {
        byte[] b = knownPacket();
        b[index] = (byte) value;
        return b;
    }

    /** Rewrites the header checksum so a test isolates the field it breaks from checksum rejection. */
    private static byte[] withValidChecksum(byte[] packet, int headerLength) {
        packet[10] = 0;
        packet[11] = 0;
        int c = Checksum.internet(packet, 0, headerLength);
        packet[10] = (byte) (c >>> 8);
        packet[11] = (byte) c;
        return packet;
    }

    private static void assertMalformed(byte[] b) {
        assertThrows(MalformedPacketException.class, () -> Ipv4Packet.decode(b, 0, b.length), Arrays.toString(b));
    }
}
