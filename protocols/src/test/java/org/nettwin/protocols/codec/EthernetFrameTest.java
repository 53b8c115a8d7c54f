package org.nettwin.protocols.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.nettwin.protocols.testkit.Hex.bytes;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Mac;

class EthernetFrameTest {
    static final String ARP_FRAME = "ffffffffffff 020000000001 0806 " + ArpPacketTest.WHO_HAS_10_0_0_2;

    @Test
    @DisplayName("golden: broadcast ARP frame is 14 + 28 bytes, no padding, no FCS")
    void goldenArpFrame() {
        EthernetFrame frame = new EthernetFrame(Mac.BROADCAST, ArpPacketTest.MAC_A, EtherType.ARP, bytes(ArpPacketTest.WHO_HAS_10_0_0_2));
        byte[] encoded = frame.encode();
        assertEquals(42, encoded.length);
        assertArrayEquals(bytes(ARP_FRAME), encoded);
        assertEquals(frame, EthernetFrame.decode(encoded));
    }

    @Test
    @DisplayName("peeks read the header without decoding the payload")
    void peeks() {
        byte[] frame = bytes(ARP_FRAME);
        assertEquals(Mac.BROADCAST, EthernetFrame.peekDst(frame));
        assertEquals(ArpPacketTest.MAC_A, EthernetFrame.peekSrc(frame));
        assertEquals(EtherType.ARP, EthernetFrame.peekEtherType(frame));
    }

    @Test
    @DisplayName("a 60-byte padded frame keeps its 46-byte payload, padding included")
    void paddedFrame() {
        byte[] padded = Arrays.copyOf(bytes(ARP_FRAME), 60);
        EthernetFrame frame = EthernetFrame.decode(padded);
        assertEquals(46, frame.payload().length);
        assertEquals(ArpPacketTest.IP_B, ArpPacket.decode(frame.payload(), 0, frame.payload().length).targetIp());
    }

    @Test
    @DisplayName("fewer than 14 bytes is malformed")
    void shortFrame() {
        assertThrows(MalformedPacketException.class, () -> EthernetFrame.decode(new byte[13]));
        assertThrows(MalformedPacketException.class, () -> EthernetFrame.peekEtherType(new byte[13]));
        assertEquals(0, EthernetFrame.decode(new byte[14]).payload().length);
    }

    @Test
    @DisplayName("equality compares payload contents, not array identity")
    void equality() {
        EthernetFrame a = new EthernetFrame(Mac.BROADCAST, Mac.ZERO, EtherType.IPV4, new byte[] {1, 2});
        EthernetFrame b = new EthernetFrame(Mac.BROADCAST, Mac.ZERO, EtherType.IPV4, new byte[] {1, 2});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new EthernetFrame(Mac.BROADCAST, Mac.ZERO, EtherType.IPV4, new byte[] {1, 3}));
    }
}
