package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.L2tpv3Header.Encap;
import org.nettwin.protocols.codec.L2tpv3Header.Sublayer;
import org.nettwin.protocols.testkit.Hex;

/** L2TPv3 data messages, RFC 3931 §4.1.1.1 (over IP), §4.1.2.1 (over UDP), §4.6 (default L2-Specific Sublayer). */
class L2tpv3HeaderTest {
    /** An ARP request 172.16.1.10 -> who-has 172.16.1.1, the inner Ethernet frame of the pseudowire. */
    private static final byte[] ARP = Hex.bytes("ffffffffffff020000000001 0806 0001 0800 06 04 0001 020000000001 ac10010a 000000000000 ac100101");

    @Test @DisplayName("RFC 3931 §4.1.1.1: over IP = Session ID, then the default sublayer (4 zero bytes, iproute2's default), then the frame")
    void overIpGolden() {
        byte[] wire = new L2tpv3Header(Encap.IP, 0x1234, new byte[0], Sublayer.DEFAULT, ARP).encode();
        assertEquals(Hex.of(Hex.bytes("00001234 00000000 " + Hex.of(ARP))), Hex.of(wire));
        assertEquals(new L2tpv3Header(Encap.IP, 0x1234, new byte[0], Sublayer.DEFAULT, ARP), L2tpv3Header.decode(wire, 0, wire.length, Encap.IP, 0, Sublayer.DEFAULT));
    }

    @Test @DisplayName("RFC 3931 §4.1.2.1: over UDP = flags T=0 Ver=3, reserved, Session ID, 4-byte cookie, no sublayer (l2spec_type none)")
    void overUdpGolden() {
        byte[] cookie = Hex.bytes("deadbeef");
        byte[] wire = new L2tpv3Header(Encap.UDP, 0xfffffffeL, cookie, Sublayer.NONE, ARP).encode();
        assertEquals(Hex.of(Hex.bytes("0003 0000 fffffffe deadbeef " + Hex.of(ARP))), Hex.of(wire));
        L2tpv3Header back = L2tpv3Header.decode(wire, 0, wire.length, Encap.UDP, 4, Sublayer.NONE);
        assertEquals(0xfffffffeL, back.sessionId(), "session IDs are unsigned 32-bit");
        assertArrayEquals(cookie, back.cookie());
        assertArrayEquals(ARP, back.payload());
    }

    @Test @DisplayName("control messages: Session ID 0 over IP (§4.1.1.2), the T bit over UDP (§4.1.2.1); a UDP version other than 3 is refused")
    void controlAndVersion() {
        assertTrue(L2tpv3Header.isControl(Hex.bytes("00000000 c8030000"), 0, 8, Encap.IP));
        assertFalse(L2tpv3Header.isControl(Hex.bytes("00000001 00000000"), 0, 8, Encap.IP));
        assertTrue(L2tpv3Header.isControl(Hex.bytes("c8030014 00000000"), 0, 8, Encap.UDP));
        assertFalse(L2tpv3Header.isControl(Hex.bytes("00030000 00000001"), 0, 8, Encap.UDP));
        byte[] v2 = Hex.bytes("00020000 00000001");
        assertThrows(MalformedPacketException.class, () -> L2tpv3Header.peekSessionId(v2, 0, v2.length, Encap.UDP));
        byte[] shortMessage = Hex.bytes("00000001 0000");
        assertThrows(MalformedPacketException.class, () -> L2tpv3Header.decode(shortMessage, 0, shortMessage.length, Encap.IP, 4, Sublayer.NONE));
    }

    @Test @DisplayName("header lengths = Linux session->hdr_len: 4 + cookie + sublayer, + 4 over UDP")
    void headerLengths() {
        assertEquals(8, Encap.IP.headerLength(0, Sublayer.DEFAULT));
        assertEquals(12, Encap.UDP.headerLength(0, Sublayer.DEFAULT));
        assertEquals(12, Encap.IP.headerLength(8, Sublayer.NONE));
        assertEquals(8, Encap.UDP.headerLength(0, Sublayer.NONE));
    }

    @Test @DisplayName("property: encode/decode round trip over random sessions, cookies, sublayers and frames")
    void roundTrip() {
        long seed = 0x4c32545076334cL;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            Encap encap = random.nextBoolean() ? Encap.IP : Encap.UDP;
            byte[] cookie = new byte[new int[] {0, 4, 8}[random.nextInt(3)]];
            random.nextBytes(cookie);
            byte[] frame = new byte[14 + random.nextInt(1500)];
            random.nextBytes(frame);
            Sublayer sublayer = random.nextBoolean() ? Sublayer.NONE : Sublayer.DEFAULT;
            L2tpv3Header h = new L2tpv3Header(encap, 1 + random.nextLong(0xffffffffL), cookie, sublayer, frame);
            byte[] wire = h.encode();
            assertEquals(h, L2tpv3Header.decode(wire, 0, wire.length, encap, cookie.length, sublayer), "seed " + seed + " case " + i);
            assertEquals(h.sessionId(), L2tpv3Header.peekSessionId(wire, 0, wire.length, encap), "seed " + seed + " case " + i);
        }
    }
}
