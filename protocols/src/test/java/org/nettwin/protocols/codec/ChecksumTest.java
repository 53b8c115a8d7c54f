package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nettwin.protocols.testkit.Hex.bytes;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    /** The well-known IPv4 header (Wikipedia "IPv4 header checksum"): 192.168.0.1 -> 192.168.0.199, checksum b861. */
    static final String KNOWN_HEADER = "45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7";

    @Test
    @DisplayName("RFC 1071 §3 worked example: 00 01 f2 03 f4 f5 f6 f7 sums to 2ddf0, folds to ddf2")
    void rfc1071WorkedExample() {
        byte[] data = bytes("00 01 f2 03 f4 f5 f6 f7");
        long sum = Checksum.sum(data, 0, data.length, 0);
        assertEquals(0x2ddf0L, sum);
        assertEquals(~0xddf2 & 0xffff, Checksum.fold(sum));
        assertEquals(0x220d, Checksum.internet(data, 0, data.length));
    }

    @Test
    @DisplayName("a known IPv4 header verifies to 0, and with the field zeroed computes b861")
    void knownHeader() {
        byte[] header = bytes(KNOWN_HEADER);
        assertEquals(0, Checksum.internet(header, 0, header.length));
        header[10] = 0;
        header[11] = 0;
        assertEquals(0xb861, Checksum.internet(header, 0, header.length));
    }

    @Test
    @DisplayName("an odd trailing byte is the high byte of a zero-padded word (RFC 1071 §4.1)")
    void oddLength() {
        assertEquals(0xab00L, Checksum.sum(new byte[] {(byte) 0xab}, 0, 1, 0));
        assertEquals(0x0102L + 0x0300L, Checksum.sum(new byte[] {1, 2, 3}, 0, 3, 0));
    }

    @Test
    @DisplayName("only the given range is summed")
    void honoursOffsetAndLength() {
        byte[] data = bytes("ff ff 00 01 f2 03 f4 f5 f6 f7 ff");
        assertEquals(0x220d, Checksum.internet(data, 2, 8));
    }

    @Test
    @DisplayName("property: summing even-length pieces into one accumulator equals summing the whole")
    void piecewiseSumsCompose() {
        long seed = 0xC0DEC001L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            byte[] data = new byte[rnd.nextInt(0, 300)];
            rnd.nextBytes(data);
            int split = rnd.nextInt(0, data.length / 2 + 1) * 2;
            long pieces = Checksum.sum(data, split, data.length - split, Checksum.sum(data, 0, split, 0));
            assertEquals(Checksum.internet(data, 0, data.length), Checksum.fold(pieces), "seed=" + seed + " iteration=" + i);
        }
    }
}
