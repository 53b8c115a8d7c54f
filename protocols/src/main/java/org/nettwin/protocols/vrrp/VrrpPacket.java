package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nettwin.protocols.codec.Checksum;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.value.Ip4;

/**
 * A VRRP advertisement for IPv4, version 2 (RFC 3768 §5.1) or 3 (RFC 5798 §5.2), encoded the way keepalived
 * puts it on the wire.
 *
 * <p>{@code advertInterval} is in the unit the version's wire field uses: whole seconds (v2 "Adver Int") or
 * centiseconds (v3 "Max Adver Int", 12 bits). v2 messages always carry the 8 authentication bytes, also
 * with auth type 0, because keepalived always sends them (vrrp.c:1048; RFC 3768 §5.3.10 keeps them for RFC
 * 2338 compatibility); v3 messages have no authentication fields and {@code authData} is empty.
 *
 * <p>Checksums (protocol-facts §1.2, §1.3): v2 covers the VRRP message only; v3 also covers the IPv4
 * pseudo-header {src, actual dst, 0, 112, length} as keepalived computes it (vrrp.c:984-1000), unless
 * {@code v3_checksum_as_v2} is configured, in which case no pseudo-header is summed.
 */
public record VrrpPacket(int version, int type, int vrid, int priority, int authType, int advertInterval,
                         List<Ip4> addresses, byte[] authData) {
    public static final int ADVERTISEMENT = 1;
    public static final int AUTH_NONE = 0;
    /** "Simple text password" of RFC 2338, reserved in RFC 3768, still used by keepalived's auth_type PASS. */
    public static final int AUTH_PASS = 1;
    public static final int HEADER_LENGTH = 8;
    public static final int AUTH_DATA_LENGTH = 8;
    /** RFC 3768 §5.2.2 / RFC 5798 §5.1.1.2: the VRRP IPv4 multicast group. */
    public static final Ip4 MULTICAST_GROUP = Ip4.of(224, 0, 0, 18);
    /** RFC 3768 §5.2.3: adverts are sent with TTL 255 and a multicast receiver discards anything else. */
    public static final int TTL = 255;
    /** keepalived sets TOS "internet network control" on adverts (vrrp.c:1180). */
    public static final int TOS = 0xc0;

    public VrrpPacket {
        if (version != 2 && version != 3) throw new IllegalArgumentException("VRRP version must be 2 or 3: " + version);
        requireU8(type, "type");
        requireU8(vrid, "vrid");
        requireU8(priority, "priority");
        Objects.requireNonNull(addresses, "addresses");
        Objects.requireNonNull(authData, "authData");
        if (addresses.size() > 255) throw new IllegalArgumentException("more than 255 addresses: " + addresses.size());
        addresses = List.copyOf(addresses);
        if (version == 2) {
            requireU8(authType, "authType");
            requireU8(advertInterval, "advertInterval (s)");
            if (authData.length != AUTH_DATA_LENGTH) throw new IllegalArgumentException("v2 auth data must be 8 bytes: " + authData.length);
        } else {
            if (authType != AUTH_NONE || authData.length != 0) throw new IllegalArgumentException("VRRPv3 has no authentication");
            if (advertInterval < 0 || advertInterval > 0xfff) throw new IllegalArgumentException("v3 max advert interval out of 0..4095 cs: " + advertInterval);
        }
        authData = authData.clone();
    }

    /** A v2 advertisement; {@code authData8} is the 8 bytes to carry (zeros when there is no authentication). */
    public static VrrpPacket v2(int vrid, int priority, int advertSeconds, int authType, byte[] authData8, List<Ip4> addresses) {
        return new VrrpPacket(2, ADVERTISEMENT, vrid, priority, authType, advertSeconds, addresses, authData8);
    }

    /** A v3 advertisement with its max advert interval in centiseconds. */
    public static VrrpPacket v3(int vrid, int priority, int maxAdvertCentis, List<Ip4> addresses) {
        return new VrrpPacket(3, ADVERTISEMENT, vrid, priority, AUTH_NONE, maxAdvertCentis, addresses, new byte[0]);
    }

    /** Length of the VRRP message (without IP header) of a version with {@code count} IPv4 addresses. */
    public static int lengthOf(int version, int count) {
        return HEADER_LENGTH + 4 * count + (version == 2 ? AUTH_DATA_LENGTH : 0);
    }

    public int length() { return lengthOf(version, addresses.size()); }

    @Override public byte[] authData() { return authData.clone(); }

    /**
     * The wire bytes with the checksum filled in. {@code src} and {@code dst} are the IPv4 addresses the
     * packet travels between: only a v3 checksum depends on them (one encoding per unicast peer).
     */
    public byte[] encode(Ip4 src, Ip4 dst, boolean v3ChecksumAsV2) {
        byte[] out = new byte[length()];
        out[0] = (byte) (version << 4 | (type & 0x0f));
        out[1] = (byte) vrid;
        out[2] = (byte) priority;
        out[3] = (byte) addresses.size();
        if (version == 2) {
            out[4] = (byte) authType;
            out[5] = (byte) advertInterval;
        } else {
            out[4] = (byte) (advertInterval >>> 8 & 0x0f);
            out[5] = (byte) advertInterval;
        }
        int p = HEADER_LENGTH;
        for (Ip4 a : addresses) {
            a.write(out, p);
            p += 4;
        }
        if (version == 2) System.arraycopy(authData, 0, out, p, AUTH_DATA_LENGTH);
        int c = Checksum.fold(sum(out, 0, out.length, version, src, dst, v3ChecksumAsV2));
        out[6] = (byte) (c >>> 8);
        out[7] = (byte) c;
        return out;
    }

    /**
     * Reads the fields of {@code b[off, off+len)} without judging them: no type, length or checksum check
     * beyond what is needed to read the addresses and (v2) authentication bytes. Only a version other than 2
     * and 3 is refused, since it fixes the layout. A receive path that must check in keepalived's order (and
     * log keepalived's line for the first failure) reads the raw header with {@link #versionNibble} and
     * {@link #addressCount} first and parses last.
     */
    public static VrrpPacket parse(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) throw new IllegalArgumentException("range outside the array");
        if (len < HEADER_LENGTH) throw new VrrpFormatException(VrrpFormatException.Problem.TRUNCATED, "VRRP message of " + len + " bytes is shorter than its 8-byte header");
        int version = versionNibble(b, off);
        if (version != 2 && version != 3) throw new VrrpFormatException(VrrpFormatException.Problem.WRONG_VERSION, "VRRP version " + version + " is neither 2 nor 3");
        int count = addressCount(b, off);
        int need = lengthOf(version, count);
        if (len < need) throw new VrrpFormatException(VrrpFormatException.Problem.TRUNCATED, "VRRP message of " + len + " bytes cannot hold " + count + " addresses (needs " + need + ")");
        List<Ip4> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) addresses.add(Ip4.fromBytes(b, off + HEADER_LENGTH + 4 * i));
        int type = b[off] & 0x0f;
        int vrid = b[off + 1] & 0xff;
        int priority = b[off + 2] & 0xff;
        if (version == 3) {
            return new VrrpPacket(3, type, vrid, priority, AUTH_NONE, ((b[off + 4] & 0x0f) << 8) | (b[off + 5] & 0xff), addresses, new byte[0]);
        }
        int authOff = off + HEADER_LENGTH + 4 * count;
        return new VrrpPacket(2, type, vrid, priority, b[off + 4] & 0xff, b[off + 5] & 0xff, addresses,
                Arrays.copyOfRange(b, authOff, authOff + AUTH_DATA_LENGTH));
    }

    /** The version nibble as sent (first byte, high half). */
    public static int versionNibble(byte[] b, int off) { return (b[off] & 0xff) >>> 4; }

    /** The "Count IP Addrs" byte as sent. */
    public static int addressCount(byte[] b, int off) { return b[off + 3] & 0xff; }

    /** The VRID byte as sent: what a receiver demultiplexes instances on before checking anything. */
    public static int vridOf(byte[] b, int off) { return b[off + 1] & 0xff; }

    /** True when the checksum field of the message in {@code b[off, off+len)} verifies for this version. */
    public static boolean checksumValid(byte[] b, int off, int len, int version, Ip4 src, Ip4 dst, boolean v3ChecksumAsV2) {
        return Checksum.fold(sum(b, off, len, version, src, dst, v3ChecksumAsV2)) == 0;
    }

    /**
     * Strict decode: the message must be exactly as long as its address count says, carry {@code
     * expectedVersion}, and its checksum must verify. As keepalived does on receive, a v3 instance configured
     * with {@code v3_checksum_as_v2} does not verify the checksum at all (vrrp.c: the error branch is skipped
     * under that flag). The TTL rule is a property of the IP header and lives in the receive path.
     */
    public static VrrpPacket decode(byte[] b, int off, int len, int expectedVersion, Ip4 src, Ip4 dst, boolean v3ChecksumAsV2) {
        if (len >= 1 && versionNibble(b, off) != expectedVersion) {
            throw new VrrpFormatException(VrrpFormatException.Problem.WRONG_VERSION, "VRRP version " + versionNibble(b, off) + ", expected " + expectedVersion);
        }
        VrrpPacket p = parse(b, off, len);
        if (len != p.length()) {
            throw new VrrpFormatException(VrrpFormatException.Problem.LENGTH_MISMATCH, "VRRP message of " + len + " bytes, its header says " + p.length());
        }
        boolean skip = expectedVersion == 3 && v3ChecksumAsV2;
        if (!skip && !checksumValid(b, off, len, expectedVersion, src, dst, false)) {
            throw new VrrpFormatException(VrrpFormatException.Problem.BAD_CHECKSUM, "VRRPv" + expectedVersion + " checksum does not verify");
        }
        return p;
    }

    /** Unfolded one's complement sum of the message, plus the IPv4 pseudo-header when v3 calls for it. */
    private static long sum(byte[] b, int off, int len, int version, Ip4 src, Ip4 dst, boolean v3ChecksumAsV2) {
        long acc = 0;
        if (version == 3 && !v3ChecksumAsV2) {
            Objects.requireNonNull(src, "src (v3 pseudo-header)");
            Objects.requireNonNull(dst, "dst (v3 pseudo-header)");
            acc += (src.bits() >>> 16) + (src.bits() & 0xffff) + (dst.bits() >>> 16) + (dst.bits() & 0xffff)
                    + IpProto.VRRP + len;
        }
        return Checksum.sum(b, off, len, acc);
    }

    private static void requireU8(int v, String field) {
        if (v < 0 || v > 255) throw new IllegalArgumentException(field + " out of 0..255: " + v);
    }

    @Override public boolean equals(Object o) {
        return o instanceof VrrpPacket p && version == p.version && type == p.type && vrid == p.vrid
                && priority == p.priority && authType == p.authType && advertInterval == p.advertInterval
                && addresses.equals(p.addresses) && Arrays.equals(authData, p.authData);
    }

    @Override public int hashCode() {
        return Objects.hash(version, type, vrid, priority, authType, advertInterval, addresses) * 31 + Arrays.hashCode(authData);
    }

    @Override public String toString() {
        return "VRRPv" + version + "[type=" + type + " vrid=" + vrid + " prio=" + priority + " int=" + advertInterval
                + (version == 2 ? " auth=" + authType : "") + " addrs=" + addresses + "]";
    }
}
