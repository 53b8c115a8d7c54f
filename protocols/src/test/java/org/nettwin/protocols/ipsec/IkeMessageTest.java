package org.nettwin.protocols.ipsec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.testkit.Hex;

/** nettwin-ike framing: ISAKMP header (RFC 2408 §3.1), RFC 3706 notify, RFC 2408 §3.15 delete. */
class IkeMessageTest {
    private static final long ICKY = 0x0102030405060708L, RCKY = 0x1112131415161718L;

    @Test @DisplayName("RFC 3706 §6 R-U-THERE: informational exchange, Notify DOI 1, protocol ISAKMP, SPI = both cookies, type 36136, data = sequence")
    void ruThereGoldenBytes() {
        byte[] b = new IkeMessage.Dpd(ICKY, RCKY, false, 0x01020304).encode();
        String header = "0102030405060708" + "1112131415161718" + "0b" + "10" + "05" + "00" + "01020304" + "0000003c";
        String notify = "00" + "00" + "0020" + "00000001" + "01" + "10" + "8d28" + "0102030405060708" + "1112131415161718" + "01020304";
        assertEquals(header + notify, hex(b));
        assertEquals(36136, 0x8d28);
        byte[] ack = new IkeMessage.Dpd(ICKY, RCKY, true, 7).encode();
        assertEquals("8d29", hex(ack).substring(56 + 20, 56 + 24), "R-U-THERE-ACK is 36137");
    }

    @Test @DisplayName("RFC 2408 §3.15 DELETE of one ESP SPI: DOI 1, protocol 3, SPI size 4, one SPI")
    void deleteGoldenBytes() {
        byte[] b = new IkeMessage.Delete(ICKY, RCKY, 0xcafe0001).encode();
        assertEquals("0c", hex(b).substring(32, 34), "first payload: Delete (12)");
        assertEquals("0000" + "0010" + "00000001" + "03" + "04" + "0001" + "cafe0001", hex(b).substring(56));
    }

    @Test @DisplayName("every message decodes to itself")
    void roundTrip() {
        byte[] nonce = Hex.bytes("00112233445566778899aabbccddeeff");
        byte[] proof = new byte[32];
        proof[5] = 9;
        for (IkeMessage m : List.of(new IkeMessage.Init(ICKY, 0, false, nonce), new IkeMessage.Init(ICKY, RCKY, true, nonce),
                new IkeMessage.Auth(ICKY, RCKY, false, 0x1234, proof), new IkeMessage.Auth(ICKY, RCKY, true, 0x4321, proof),
                new IkeMessage.Dpd(ICKY, RCKY, false, 5), new IkeMessage.Dpd(ICKY, RCKY, true, 5), new IkeMessage.Delete(ICKY, RCKY, 77))) {
            IkeMessage back = IkeMessage.decode(m.encode());
            assertArrayEquals(m.encode(), back.encode(), m.toString());
            assertEquals(m.getClass(), back.getClass());
        }
    }

    @Test @DisplayName("truncated, wrong version or a foreign vendor payload: malformed")
    void malformed() {
        byte[] good = new IkeMessage.Dpd(ICKY, RCKY, false, 1).encode();
        assertThrows(MalformedPacketException.class, () -> IkeMessage.decode(java.util.Arrays.copyOf(good, 20)));
        byte[] v2 = good.clone();
        v2[17] = 0x20;
        assertThrows(MalformedPacketException.class, () -> IkeMessage.decode(v2));
        byte[] shortLen = java.util.Arrays.copyOf(good, good.length - 1);
        assertThrows(MalformedPacketException.class, () -> IkeMessage.decode(shortLen));
        byte[] init = new IkeMessage.Init(ICKY, 0, false, new byte[16]).encode();
        init[32] ^= 0x20; // 'n' of "nettwin-ike1"
        assertThrows(MalformedPacketException.class, () -> IkeMessage.decode(init));
    }

    private static String hex(byte[] b) { return java.util.HexFormat.of().formatHex(b); }
}
