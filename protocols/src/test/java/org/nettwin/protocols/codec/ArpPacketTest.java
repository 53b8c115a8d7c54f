package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.testkit.Hex.bytes;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

class ArpPacketTest {
    static final Mac MAC_A = Mac.parse("02:00:00:00:00:01");
    static final Mac MAC_B = Mac.parse("02:00:00:00:00:02");
    static final Ip4 IP_A = Ip4.parse("10.0.0.1");
    static final Ip4 IP_B = Ip4.parse("10.0.0.2");

    /** RFC 826 layout: htype 1, ptype 0800, hlen 6, plen 4, op 1, SHA, SPA, THA (zero), TPA. */
    static final String WHO_HAS_10_0_0_2 = "0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002";

    @Test
    @DisplayName("golden: request 10.0.0.1 who-has 10.0.0.2 (RFC 826)")
    void goldenRequest() {
        ArpPacket request = new ArpPacket(ArpPacket.REQUEST, MAC_A, IP_A, Mac.ZERO, IP_B);
        assertArrayEquals(bytes(WHO_HAS_10_0_0_2), request.encode());
        byte[] golden = bytes(WHO_HAS_10_0_0_2);
        assertEquals(request, ArpPacket.decode(golden, 0, golden.length));
    }

    @Test
    @DisplayName("golden: reply 10.0.0.2 is-at 02:00:00:00:00:02")
    void goldenReply() {
        ArpPacket reply = new ArpPacket(ArpPacket.REPLY, MAC_B, IP_B, MAC_A, IP_A);
        assertArrayEquals(bytes("0001 0800 06 04 0002 020000000002 0a000002 020000000001 0a000001"), reply.encode());
    }

    @Test
    @DisplayName("decodes the 28 bytes inside an Ethernet-padded 46-byte payload at an offset")
    void ignoresPaddingAndHonoursOffset() {
        byte[] padded = Arrays.copyOf(bytes("ffff" + WHO_HAS_10_0_0_2), 2 + 46);
        ArpPacket arp = ArpPacket.decode(padded, 2, 46);
        assertEquals(IP_B, arp.targetIp());
        assertEquals(MAC_A, arp.senderMac());
    }

    @Test
    @DisplayName("rejects short packets, non-Ethernet/IPv4 ARP and unknown ops")
    void rejectsMalformed() {
        byte[] golden = bytes(WHO_HAS_10_0_0_2);
        assertThrows(MalformedPacketException.class, () -> ArpPacket.decode(golden, 0, 27));
        assertThrows(MalformedPacketException.class, () -> ArpPacket.decode(golden, 4, 28));
        for (int[] patch : new int[][] {{1, 6}, {2, 0x86}, {4, 8}, {5, 16}, {7, 3}}) {
            byte[] bad = golden.clone();
            bad[patch[0]] = (byte) patch[1];
            assertThrows(MalformedPacketException.class, () -> ArpPacket.decode(bad, 0, bad.length), "byte " + patch[0]);
        }
    }

    @Test
    @DisplayName("gratuitous: sender IP equals target IP")
    void gratuitous() {
        assertTrue(new ArpPacket(ArpPacket.REQUEST, MAC_A, IP_A, Mac.BROADCAST, IP_A).isGratuitous());
        assertFalse(new ArpPacket(ArpPacket.REQUEST, MAC_A, IP_A, Mac.ZERO, IP_B).isGratuitous());
    }
}
