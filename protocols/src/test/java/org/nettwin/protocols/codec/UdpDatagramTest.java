package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nettwin.protocols.testkit.Hex.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;

class UdpDatagramTest {
    static final Ip4 SRC = Ip4.parse("10.0.0.1");
    static final Ip4 DST = Ip4.parse("10.0.0.2");
    /** 10.0.0.1:5000 -> 10.0.0.2:4000 "hello"; checksum 84d7 confirmed "Good" by tshark 4.0 (udp.check_checksum). */
    static final String HELLO = "13 88 0f a0 00 0d 84 d7 68 65 6c 6c 6f";

    private static final byte[] HELLO_BYTES = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    @DisplayName("golden: datagram with its pseudo-header checksum (RFC 768)")
    void golden() {
        assertArrayEquals(bytes(HELLO), new UdpDatagram(5000, 4000, HELLO_BYTES).encode(SRC, DST));
        byte[] golden = bytes(HELLO);
        assertEquals(new UdpDatagram(5000, 4000, HELLO_BYTES), UdpDatagram.decode(golden, 0, golden.length, SRC, DST));
    }

    @Test
    @DisplayName("a computed checksum of 0 goes on the wire as ffff (RFC 768) and still verifies")
    void zeroChecksumSentAsAllOnes() {
        // Pseudo-header + header words sum to 0x3750; payload c8af makes the total ffff, so the checksum computes to 0.
        UdpDatagram d = new UdpDatagram(5000, 4000, bytes("c8 af"));
        byte[] encoded = d.encode(SRC, DST);
        assertArrayEquals(bytes("13 88 0f a0 00 0a ff ff c8 af"), encoded);
        assertEquals(d, UdpDatagram.decode(encoded, 0, encoded.length, SRC, DST));
    }

    @Test
    @DisplayName("checksum 0 means none (RFC 7348 §5 VXLAN): encodes 0, decodes without verification")
    void withoutChecksum() {
        byte[] encoded = new UdpDatagram(5000, 4789, HELLO_BYTES).encodeWithoutChecksum();
        assertArrayEquals(bytes("13 88 12 b5 00 0d 00 00 68 65 6c 6c 6f"), encoded);
        assertEquals(4789, UdpDatagram.decode(encoded, 0, encoded.length, SRC, Ip4.parse("1.2.3.4")).dstPort());
    }

    @Test
    @DisplayName("bad checksum, a different pseudo-header, and bad length fields are malformed")
    void rejectsMalformed() {
        byte[] golden = bytes(HELLO);
        byte[] corrupted = golden.clone();
        corrupted[12] ^= 1;
        assertThrows(MalformedPacketException.class, () -> UdpDatagram.decode(corrupted, 0, corrupted.length, SRC, DST));
        assertThrows(MalformedPacketException.class, () -> UdpDatagram.decode(golden, 0, golden.length, SRC, Ip4.parse("10.0.0.3")));
        assertThrows(MalformedPacketException.class, () -> UdpDatagram.decode(golden, 0, 12, SRC, DST));
        assertThrows(MalformedPacketException.class, () -> UdpDatagram.decode(golden, 0, 7, SRC, DST));
        byte[] lengthBelowHeader = new UdpDatagram(1, 2, new byte[0]).encodeWithoutChecksum();
        lengthBelowHeader[5] = 7;
        assertThrows(MalformedPacketException.class, () -> UdpDatagram.decode(lengthBelowHeader, 0, 8, SRC, DST));
    }

    @Test
    @DisplayName("bytes after the UDP length are ignored")
    void ignoresTrailingBytes() {
        byte[] trailing = Arrays.copyOf(bytes(HELLO), 20);
        assertArrayEquals(HELLO_BYTES, UdpDatagram.decode(trailing, 0, trailing.length, SRC, DST).payload());
    }
}
