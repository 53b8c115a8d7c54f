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

class IcmpMessageTest {
    /** Echo request id 0x1234 seq 1 data "abcdefgh"; checksum 5435 confirmed "Good" by tshark 4.0 (icmp.checksum.status). */
    static final String ECHO_REQUEST = "08 00 54 35 12 34 00 01 61 62 63 64 65 66 67 68";

    private static final byte[] ABCDEFGH = "abcdefgh".getBytes(StandardCharsets.US_ASCII);

    @Test
    @DisplayName("golden: echo request id 0x1234 seq 1 data abcdefgh (RFC 792)")
    void goldenEchoRequest() {
        assertArrayEquals(bytes(ECHO_REQUEST), IcmpMessage.echoRequest(0x1234, 1, ABCDEFGH).encode());
        byte[] golden = bytes(ECHO_REQUEST);
        IcmpMessage m = IcmpMessage.decode(golden, 0, golden.length);
        assertEquals(IcmpMessage.ECHO_REQUEST, m.type());
        assertEquals(0x1234, m.echoId());
        assertEquals(1, m.echoSeq());
        assertArrayEquals(ABCDEFGH, m.data());
    }

    @Test
    @DisplayName("golden: the echo reply differs only in type, so its checksum is 0x0800 higher (RFC 1624)")
    void goldenEchoReply() {
        assertArrayEquals(bytes("00 00 5c 35 12 34 00 01 61 62 63 64 65 66 67 68"), IcmpMessage.echoReply(0x1234, 1, ABCDEFGH).encode());
    }

    @Test
    @DisplayName("bad checksum and messages shorter than 8 bytes are malformed")
    void rejectsMalformed() {
        byte[] golden = bytes(ECHO_REQUEST);
        byte[] corrupted = golden.clone();
        corrupted[15] ^= 0x20;
        assertThrows(MalformedPacketException.class, () -> IcmpMessage.decode(corrupted, 0, corrupted.length));
        assertThrows(MalformedPacketException.class, () -> IcmpMessage.decode(golden, 0, 7));
        assertThrows(MalformedPacketException.class, () -> IcmpMessage.decode(golden, 10, 8));
    }

    @Test
    @DisplayName("rest-of-header layouts: frag-needed MTU in the low 16 bits (RFC 1191 §4), redirect gateway (RFC 792)")
    void restOfHeaderLayouts() {
        byte[] quoted = new byte[28];
        byte[] fragNeeded = IcmpMessage.fragNeeded(1400, quoted).encode();
        assertArrayEquals(bytes("03 04"), Arrays.copyOfRange(fragNeeded, 0, 2));
        assertArrayEquals(bytes("00 00 05 78"), Arrays.copyOfRange(fragNeeded, 4, 8));
        assertEquals(1400, IcmpMessage.decode(fragNeeded, 0, fragNeeded.length).nextHopMtu());

        byte[] redirect = IcmpMessage.redirect(IcmpMessage.REDIRECT_HOST, Ip4.parse("192.168.0.254"), quoted).encode();
        assertArrayEquals(bytes("05 01"), Arrays.copyOfRange(redirect, 0, 2));
        assertArrayEquals(bytes("c0 a8 00 fe"), Arrays.copyOfRange(redirect, 4, 8));
        assertEquals(Ip4.parse("192.168.0.254"), IcmpMessage.decode(redirect, 0, redirect.length).gateway());

        byte[] unreachable = IcmpMessage.destUnreachable(IcmpMessage.NET_UNREACHABLE, quoted).encode();
        assertArrayEquals(bytes("03 00"), Arrays.copyOfRange(unreachable, 0, 2));
        assertArrayEquals(bytes("00 00 00 00"), Arrays.copyOfRange(unreachable, 4, 8));
        byte[] timeExceeded = IcmpMessage.timeExceeded(IcmpMessage.TTL_EXCEEDED_IN_TRANSIT, quoted).encode();
        assertArrayEquals(bytes("0b 00"), Arrays.copyOfRange(timeExceeded, 0, 2));
    }

    @Test
    @DisplayName("quote: IP header + 8 payload bytes; options kept; padding and short payloads respected")
    void quote() {
        Ipv4Packet ping = new Ipv4Packet(0, 5, true, false, 0, 64, IpProto.ICMP, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"),
                IcmpMessage.echoRequest(0x1234, 1, ABCDEFGH).encode());
        byte[] packet = ping.encode();
        assertArrayEquals(Arrays.copyOf(packet, 28), IcmpMessage.quote(packet));

        byte[] withOptions = new byte[40];
        withOptions[0] = 0x46;
        withOptions[3] = 40;
        assertEquals(24 + 8, IcmpMessage.quote(withOptions).length);

        Ipv4Packet tiny = new Ipv4Packet(0, 6, false, false, 0, 64, 253, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), new byte[3]);
        byte[] paddedTiny = Arrays.copyOf(tiny.encode(), 46);
        assertEquals(23, IcmpMessage.quote(paddedTiny).length, "padding after the total length is not quoted");
        assertThrows(MalformedPacketException.class, () -> IcmpMessage.quote(new byte[10]));
    }
}
