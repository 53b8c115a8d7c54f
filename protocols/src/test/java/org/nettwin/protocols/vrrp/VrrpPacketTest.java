package org.nettwin.protocols.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.testkit.Hex;
import org.nettwin.protocols.value.Ip4;

/**
 * Golden bytes for VRRP adverts (RFC 3768 §5.1, RFC 5798 §5.2; protocol-facts §1.2, §1.3). The hex was
 * written out field by field; each checksum is also recomputed here by a plain RFC 1071 loop that shares
 * no code with the codec.
 */
class VrrpPacketTest {
    private static final Ip4 VIP = Ip4.parse("172.16.0.150");
    private static final Ip4 P1 = Ip4.parse("172.16.0.100");
    private static final Ip4 P2 = Ip4.parse("172.16.0.101");
    private static final byte[] NO_AUTH = new byte[8];
    private static final byte[] PASS_1234 = {'1', '2', '3', '4', 0, 0, 0, 0};

    /** RFC 1071 over 16-bit words, with an optional pseudo-header, written independently of the codec. */
    private static int rfc1071(byte[] pseudo, byte[] msg) {
        byte[] all = new byte[pseudo.length + msg.length];
        System.arraycopy(pseudo, 0, all, 0, pseudo.length);
        System.arraycopy(msg, 0, all, pseudo.length, msg.length);
        long sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            int hi = all[i] & 0xff;
            int lo = i + 1 < all.length ? all[i + 1] & 0xff : 0;
            sum += hi * 256 + lo;
        }
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    private static byte[] withZeroChecksum(byte[] b) {
        byte[] c = b.clone();
        c[6] = 0;
        c[7] = 0;
        return c;
    }

    private static int checksumField(byte[] b) { return (b[6] & 0xff) << 8 | (b[7] & 0xff); }

    /** {src, dst, 0, 112, length} (RFC 5798 §5.2.8 with keepalived's IPv4 form, vrrp.c:984-1000). */
    private static byte[] pseudo(Ip4 src, Ip4 dst, int length) {
        byte[] p = new byte[12];
        src.write(p, 0);
        dst.write(p, 4);
        p[9] = 112;
        p[10] = (byte) (length >> 8);
        p[11] = (byte) length;
        return p;
    }

    @Test
    @DisplayName("v2, one VIP, no auth: 8 zero auth bytes are still sent (protocol-facts §1.2, vrrp.c:1048)")
    void v2OneVipNoAuth() {
        // 0x21 = version 2 / type 1; VRID 51; prio 150; 1 address; auth 0; adver int 1 s; checksum; 172.16.0.150; 8 x 00
        byte[] golden = Hex.bytes("21 33 96 01 00 01 9c 23 ac 10 00 96 00 00 00 00 00 00 00 00");
        byte[] enc = VrrpPacket.v2(51, 150, 1, VrrpPacket.AUTH_NONE, NO_AUTH, List.of(VIP)).encode(P1, VrrpPacket.MULTICAST_GROUP, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(new byte[0], withZeroChecksum(golden)), checksumField(golden));
        assertEquals(20, enc.length, "20 B VRRP, so 40 B IPv4 (protocol-facts §1.2)");
    }

    @Test
    @DisplayName("v2, one VIP, auth PASS '1234' NUL-padded to 8 bytes (protocol-facts §2 auth PASS)")
    void v2OneVipPass() {
        byte[] golden = Hex.bytes("21 33 96 01 01 01 36 bd ac 10 00 96 31 32 33 34 00 00 00 00");
        byte[] enc = VrrpPacket.v2(51, 150, 1, VrrpPacket.AUTH_PASS, PASS_1234, List.of(VIP)).encode(P1, P2, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(new byte[0], withZeroChecksum(golden)), checksumField(golden));
    }

    @Test
    @DisplayName("v2, three VIPs in configured order, auth PASS 'xxxxxxxx'")
    void v2SeveralVips() {
        byte[] golden = Hex.bytes("21 33 64 03 01 01 08 96 c0 a8 00 fe c0 a8 00 fd 0a 01 02 03 78 78 78 78 78 78 78 78");
        List<Ip4> vips = List.of(Ip4.parse("192.168.0.254"), Ip4.parse("192.168.0.253"), Ip4.parse("10.1.2.3"));
        byte[] enc = VrrpPacket.v2(51, 100, 1, VrrpPacket.AUTH_PASS, "xxxxxxxx".getBytes(), vips).encode(null, null, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(new byte[0], withZeroChecksum(golden)), checksumField(golden));
    }

    @Test
    @DisplayName("v2 priority 0 (master giving up, RFC 3768 §5.3.4)")
    void v2PriorityZero() {
        byte[] golden = Hex.bytes("21 33 00 01 01 01 cc bd ac 10 00 96 31 32 33 34 00 00 00 00");
        assertArrayEquals(golden, VrrpPacket.v2(51, 0, 1, VrrpPacket.AUTH_PASS, PASS_1234, List.of(VIP)).encode(P1, P2, false));
    }

    @Test
    @DisplayName("v3, one VIP, multicast: 100 cs, checksum over the IPv4 pseudo-header {src, 224.0.0.18, 0, 112, 12}")
    void v3Multicast() {
        // 0x31 = version 3 / type 1; VRID 51; prio 150; 1 address; rsvd 0 + max adver int 0x064 = 100 cs; checksum; VIP
        byte[] golden = Hex.bytes("31 33 96 01 00 64 fe bc ac 10 00 96");
        byte[] enc = VrrpPacket.v3(51, 150, 100, List.of(VIP)).encode(P1, VrrpPacket.MULTICAST_GROUP, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(pseudo(P1, VrrpPacket.MULTICAST_GROUP, 12), withZeroChecksum(golden)), checksumField(golden));
        assertEquals(12, enc.length, "12 B VRRP, so 32 B IPv4 (protocol-facts §1.3)");
    }

    @Test
    @DisplayName("v3 unicast: the pseudo-header uses the actual destination, so each peer gets its own checksum")
    void v3UnicastUsesActualDestination() {
        byte[] golden = Hex.bytes("31 33 96 01 00 64 32 5a ac 10 00 96");
        byte[] enc = VrrpPacket.v3(51, 150, 100, List.of(VIP)).encode(P1, P2, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(pseudo(P1, P2, 12), withZeroChecksum(golden)), checksumField(golden));
    }

    @Test
    @DisplayName("v3 with v3_checksum_as_v2: no pseudo-header (Cisco interop, keepalived.conf(5))")
    void v3ChecksumAsV2() {
        byte[] golden = Hex.bytes("31 33 96 01 00 64 8b c0 ac 10 00 96");
        byte[] enc = VrrpPacket.v3(51, 150, 100, List.of(VIP)).encode(P1, VrrpPacket.MULTICAST_GROUP, true);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(new byte[0], withZeroChecksum(golden)), checksumField(golden));
    }

    @Test
    @DisplayName("v3, two VIPs, 350 cs interval uses the 12-bit field across bytes 4-5")
    void v3SeveralVips() {
        byte[] golden = Hex.bytes("31 07 c8 02 01 5e 06 f7 0a 00 00 01 0a 00 00 02");
        Ip4 src = Ip4.parse("10.0.0.11");
        byte[] enc = VrrpPacket.v3(7, 200, 350, List.of(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"))).encode(src, VrrpPacket.MULTICAST_GROUP, false);
        assertArrayEquals(golden, enc, Hex.of(enc));
        assertEquals(rfc1071(pseudo(src, VrrpPacket.MULTICAST_GROUP, 16), withZeroChecksum(golden)), checksumField(golden));
    }

    @Test
    @DisplayName("decode reads the golden v2 and v3 bytes back")
    void decodeGolden() {
        byte[] v2 = Hex.bytes("21 33 96 01 01 01 36 bd ac 10 00 96 31 32 33 34 00 00 00 00");
        VrrpPacket p = VrrpPacket.decode(v2, 0, v2.length, 2, P1, P2, false);
        assertEquals(VrrpPacket.v2(51, 150, 1, VrrpPacket.AUTH_PASS, PASS_1234, List.of(VIP)), p);
        byte[] v3 = Hex.bytes("31 33 96 01 00 64 fe bc ac 10 00 96");
        assertEquals(VrrpPacket.v3(51, 150, 100, List.of(VIP)), VrrpPacket.decode(v3, 0, v3.length, 3, P1, VrrpPacket.MULTICAST_GROUP, false));
    }

    @Test
    @DisplayName("decode rejects a bad checksum, a wrong version and a length that disagrees with the count")
    void decodeRejects() {
        byte[] good = Hex.bytes("21 33 96 01 00 01 9c 23 ac 10 00 96 00 00 00 00 00 00 00 00");
        byte[] badSum = good.clone();
        badSum[7] ^= 1;
        assertEquals(VrrpFormatException.Problem.BAD_CHECKSUM,
                assertThrows(VrrpFormatException.class, () -> VrrpPacket.decode(badSum, 0, badSum.length, 2, P1, P2, false)).problem());
        assertEquals(VrrpFormatException.Problem.WRONG_VERSION,
                assertThrows(VrrpFormatException.class, () -> VrrpPacket.decode(good, 0, good.length, 3, P1, P2, false)).problem());
        byte[] longer = new byte[good.length + 4];
        System.arraycopy(good, 0, longer, 0, good.length);
        assertEquals(VrrpFormatException.Problem.LENGTH_MISMATCH,
                assertThrows(VrrpFormatException.class, () -> VrrpPacket.decode(longer, 0, longer.length, 2, P1, P2, false)).problem());
        // A v3 checksum computed for one destination does not verify for another (pseudo-header).
        byte[] v3 = VrrpPacket.v3(51, 150, 100, List.of(VIP)).encode(P1, P2, false);
        assertEquals(VrrpFormatException.Problem.BAD_CHECKSUM,
                assertThrows(VrrpFormatException.class, () -> VrrpPacket.decode(v3, 0, v3.length, 3, P1, VrrpPacket.MULTICAST_GROUP, false)).problem());
        // keepalived does not verify at all under v3_checksum_as_v2.
        assertEquals(51, VrrpPacket.decode(v3, 0, v3.length, 3, P1, VrrpPacket.MULTICAST_GROUP, true).vrid());
    }

    @Test
    @DisplayName("property: encode/decode round trip for random v2 and v3 adverts")
    void roundTrip() {
        long seed = 0x5eed_1e57L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int n = 0; n < 500; n++) {
            int version = rnd.nextBoolean() ? 2 : 3;
            List<Ip4> vips = new ArrayList<>();
            for (int k = rnd.nextInt(0, 20); k > 0; k--) vips.add(new Ip4(rnd.nextInt()));
            Ip4 src = new Ip4(rnd.nextInt());
            Ip4 dst = rnd.nextBoolean() ? VrrpPacket.MULTICAST_GROUP : new Ip4(rnd.nextInt());
            VrrpPacket p;
            if (version == 2) {
                byte[] auth = new byte[8];
                rnd.nextBytes(auth);
                p = VrrpPacket.v2(rnd.nextInt(1, 256), rnd.nextInt(0, 256), rnd.nextInt(1, 256), rnd.nextInt(0, 2), auth, vips);
            } else {
                p = VrrpPacket.v3(rnd.nextInt(1, 256), rnd.nextInt(0, 256), rnd.nextInt(1, 4096), vips);
            }
            byte[] enc = p.encode(src, dst, false);
            String msg = "seed=" + seed + " case=" + n + " " + p;
            assertEquals(p, VrrpPacket.decode(enc, 0, enc.length, version, src, dst, false), msg);
            byte[] pseudo = version == 3 ? pseudo(src, dst, enc.length) : new byte[0];
            assertEquals(rfc1071(pseudo, withZeroChecksum(enc)), checksumField(enc), msg);
            // One flipped bit past version, VRID, priority and count always changes a one's complement sum.
            byte[] corrupt = enc.clone();
            corrupt[rnd.nextInt(4, corrupt.length)] ^= (byte) (1 << rnd.nextInt(8));
            assertNotEquals(Hex.of(enc), Hex.of(corrupt));
            assertEquals(VrrpFormatException.Problem.BAD_CHECKSUM,
                    assertThrows(VrrpFormatException.class, () -> VrrpPacket.decode(corrupt, 0, corrupt.length, version, src, dst, false), msg).problem(), msg);
        }
    }
}
