package org.nettwin.protocols.gre;

import java.util.Arrays;
import java.util.Objects;
import org.nettwin.protocols.codec.Checksum;
import org.nettwin.protocols.codec.MalformedPacketException;

/**
 * A GRE header with its payload (RFC 2784 §2, key and sequence number from RFC 2890 §2):
 * {@code C|R|K|S| reserved0(9) | Ver(3)=0 | Protocol Type(16)}, then the optional checksum + reserved1
 * (C), key (K) and sequence number (S), 4 bytes each, in that order. The checksum covers the GRE header
 * and payload, as the IP checksum does (RFC 2784 §2.5).
 *
 * @param checksum whether the C bit is set (the value is computed on encode, verified on decode)
 * @param key the K field, or null without one (unsigned 32 bits in a long)
 * @param sequence the S field, or null without one
 */
public record GreHeader(boolean checksum, Long key, Long sequence, int protocolType, byte[] payload) {
    /** IPv4 payload (ip_gre, "mode gre"). */
    public static final int PROTO_IPV4 = 0x0800;
    /** Transparent Ethernet bridging (gretap, Vyatta's gre-bridge). */
    public static final int PROTO_TEB = 0x6558;
    /** The 4 bytes every GRE header has: flags, version, protocol type. */
    public static final int BASE_LENGTH = 4;

    private static final int FLAG_C = 0x80, FLAG_R = 0x40, FLAG_K = 0x20, FLAG_S = 0x10;

    public GreHeader {
        Objects.requireNonNull(payload);
        if (protocolType < 0 || protocolType > 0xffff) throw new IllegalArgumentException("protocol type " + protocolType);
        if (key != null && (key < 0 || key > 0xffffffffL)) throw new IllegalArgumentException("key " + key);
        if (sequence != null && (sequence < 0 || sequence > 0xffffffffL)) throw new IllegalArgumentException("sequence " + sequence);
    }

    /** Plain IP-in-GRE, with an optional key: what `ip tunnel add ... mode gre [key K]` sends. */
    public static GreHeader ipv4(Long key, byte[] ipPacket) {
        return new GreHeader(false, key, null, PROTO_IPV4, ipPacket);
    }

    /** Header length for these options: 4 + 4 per optional field (gre_calc_hlen in the kernel). */
    public static int headerLength(boolean checksum, boolean key, boolean sequence) {
        return BASE_LENGTH + (checksum ? 4 : 0) + (key ? 4 : 0) + (sequence ? 4 : 0);
    }

    public int headerLength() { return headerLength(checksum, key != null, sequence != null); }

    public byte[] encode() {
        int h = headerLength();
        byte[] b = new byte[h + payload.length];
        b[0] = (byte) ((checksum ? FLAG_C : 0) | (key != null ? FLAG_K : 0) | (sequence != null ? FLAG_S : 0));
        b[1] = 0; // reserved0 low bits and Ver = 0
        b[2] = (byte) (protocolType >>> 8);
        b[3] = (byte) protocolType;
        int off = BASE_LENGTH;
        if (checksum) off += 4; // filled in below, over the finished packet
        if (key != null) off = putInt(b, off, key);
        if (sequence != null) putInt(b, off, sequence);
        System.arraycopy(payload, 0, b, h, payload.length);
        if (checksum) {
            int c = Checksum.internet(b, 0, b.length);
            b[4] = (byte) (c >>> 8);
            b[5] = (byte) c;
        }
        return b;
    }

    /**
     * Decodes a GRE packet (the payload of IP protocol 47). Rejects version != 0 and the RFC 1701 routing
     * bit (RFC 2784 §2.3: a receiver MUST discard those), truncation and a wrong checksum.
     */
    public static GreHeader decode(byte[] b, int off, int len) {
        if (len < BASE_LENGTH) throw new MalformedPacketException("GRE header truncated: " + len + " bytes");
        int flags = b[off] & 0xff;
        int version = b[off + 1] & 0x07;
        if (version != 0) throw new MalformedPacketException("GRE version " + version + " (only 0 is RFC 2784 GRE)");
        if ((flags & FLAG_R) != 0) throw new MalformedPacketException("GRE routing present (RFC 1701), discarded per RFC 2784 §2.3");
        boolean c = (flags & FLAG_C) != 0, k = (flags & FLAG_K) != 0, s = (flags & FLAG_S) != 0;
        int h = headerLength(c, k, s);
        if (len < h) throw new MalformedPacketException("GRE header truncated: " + len + " < " + h + " bytes");
        int protocolType = (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        if (c && Checksum.internet(b, off, len) != 0) throw new MalformedPacketException("GRE checksum mismatch");
        int p = off + BASE_LENGTH + (c ? 4 : 0);
        Long key = null, seq = null;
        if (k) {
            key = getInt(b, p);
            p += 4;
        }
        if (s) seq = getInt(b, p);
        return new GreHeader(c, key, seq, protocolType, Arrays.copyOfRange(b, off + h, off + len));
    }

    private static int putInt(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
        return off + 4;
    }

    private static long getInt(byte[] b, int off) {
        return (b[off] & 0xffL) << 24 | (b[off + 1] & 0xffL) << 16 | (b[off + 2] & 0xffL) << 8 | (b[off + 3] & 0xffL);
    }

    @Override public boolean equals(Object o) {
        return o instanceof GreHeader g && g.checksum == checksum && Objects.equals(g.key, key) && Objects.equals(g.sequence, sequence)
                && g.protocolType == protocolType && Arrays.equals(g.payload, payload);
    }

    @Override public int hashCode() {
        return Objects.hash(checksum, key, sequence, protocolType) * 31 + Arrays.hashCode(payload);
    }

    @Override public String toString() {
        return "GRE[proto=0x" + Integer.toHexString(protocolType) + (checksum ? " csum" : "") + (key != null ? " key=" + key : "")
                + (sequence != null ? " seq=" + sequence : "") + " len=" + payload.length + "]";
    }
}
