package org.nettwin.protocols.gre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.testkit.Hex;

class GreHeaderTest {
    private static final byte[] INNER = Hex.bytes("45 00 00 14");

    @Test @DisplayName("RFC 2784 §2: no options = 4 bytes, flags 0, version 0, protocol type 0x0800")
    void plain() {
        assertArrayEquals(Hex.bytes("00 00 08 00 45 00 00 14"), GreHeader.ipv4(null, INNER).encode());
    }

    @Test @DisplayName("RFC 2890 §2.1: K bit 0x20 and a 4-byte key after the protocol type")
    void key() {
        assertArrayEquals(Hex.bytes("20 00 08 00 00 00 00 2a 45 00 00 14"), GreHeader.ipv4(42L, INNER).encode());
        assertEquals(42L, GreHeader.decode(Hex.bytes("20 00 08 00 00 00 00 2a 45 00 00 14"), 0, 12).key());
    }

    @Test @DisplayName("RFC 2784 §2.5: C bit, checksum over header + payload (hand-computed ~(0x8000+0x0800+0x4500+0x0014) = 0x32eb)")
    void checksum() {
        byte[] golden = Hex.bytes("80 00 08 00 32 eb 00 00 45 00 00 14");
        assertArrayEquals(golden, new GreHeader(true, null, null, GreHeader.PROTO_IPV4, INNER).encode());
        assertEquals(new GreHeader(true, null, null, GreHeader.PROTO_IPV4, INNER), GreHeader.decode(golden, 0, golden.length));
        golden[11] ^= 1;
        assertThrows(MalformedPacketException.class, () -> GreHeader.decode(golden, 0, golden.length));
    }

    @Test @DisplayName("RFC 2784 §2.3/2.4: version != 0 and the routing bit are discarded; truncation is malformed")
    void rejects() {
        assertThrows(MalformedPacketException.class, () -> GreHeader.decode(Hex.bytes("00 01 08 00"), 0, 4));
        assertThrows(MalformedPacketException.class, () -> GreHeader.decode(Hex.bytes("40 00 08 00 00 00 00 00"), 0, 8));
        assertThrows(MalformedPacketException.class, () -> GreHeader.decode(Hex.bytes("20 00 08 00 00 00"), 0, 6));
        assertThrows(MalformedPacketException.class, () -> GreHeader.decode(Hex.bytes("00 00 08"), 0, 3));
    }

    @Test @DisplayName("round trip of every flag combination with random keys, sequences and payloads")
    void roundTrip() {
        long seed = 0x6e7e001L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            byte[] payload = new byte[rnd.nextInt(0, 200)];
            rnd.nextBytes(payload);
            GreHeader h = new GreHeader(rnd.nextBoolean(), rnd.nextBoolean() ? rnd.nextLong(0, 1L << 32) : null,
                    rnd.nextBoolean() ? rnd.nextLong(0, 1L << 32) : null, rnd.nextInt(0, 0x10000), payload);
            byte[] wire = h.encode();
            assertEquals(h.headerLength() + payload.length, wire.length, "seed " + seed + " case " + i);
            assertEquals(h, GreHeader.decode(wire, 0, wire.length), "seed " + seed + " case " + i + ": " + h);
        }
    }
}
