package org.nettwin.protocols.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nettwin.protocols.value.Ip4;

/**
 * An IPv4 packet (RFC 791). Options are skipped on decode and never encoded (IHL is always 5 on the way
 * out), which is what every sender in the seed networks does. {@code fragmentOffset} is in 8-byte units.
 */
public record Ipv4Packet(int tos, int identification, boolean dontFragment, boolean moreFragments,
                         int fragmentOffset, int ttl, int protocol, Ip4 src, Ip4 dst, byte[] payload) {
    public static final int HEADER_LENGTH = 20;
    public static final int MAX_TOTAL_LENGTH = 0xffff;

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int OFFSET_MASK = 0x1fff;

    public Ipv4Packet {
        Bytes.requireU8(tos, "tos");
        Bytes.requireU16(identification, "identification");
        if (fragmentOffset < 0 || fragmentOffset > OFFSET_MASK) throw new IllegalArgumentException("fragment offset out of 0..8191: " + fragmentOffset);
        Bytes.requireU8(ttl, "ttl");
        Bytes.requireU8(protocol, "protocol");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(payload, "payload");
        if (HEADER_LENGTH + payload.length > MAX_TOTAL_LENGTH) throw new IllegalArgumentException("IPv4 packet longer than 65535 bytes: payload " + payload.length);
    }

    /**
     * Decodes the packet starting at {@code off}. Bytes past the header's total length (Ethernet padding)
     * are ignored; options are skipped. Malformed on a version other than 4, an IHL below 5, a total length
     * shorter than the header or longer than {@code len}, or a header checksum that does not verify
     * (ip_rcv_core drops all of these).
     */
    public static Ipv4Packet decode(byte[] b, int off, int len) {
        return decode(b, off, len, true);
    }

    /**
     * Decodes the offending datagram quoted in an ICMP error (RFC 792): its header and however much of its
     * payload the quoting router kept. The header checksum is not verified (receivers of ICMP errors do
     * not), and the payload is what was quoted, so {@link #totalLength()} of the result may be less than the
     * quoted header said.
     */
    public static Ipv4Packet decodeQuoted(byte[] quoted) {
        return decode(quoted, 0, quoted.length, false);
    }

    private static Ipv4Packet decode(byte[] b, int off, int len, boolean whole) {
        Bytes.checkRange(b, off, len, "IPv4");
        Bytes.requireLength(len, HEADER_LENGTH, "IPv4 packet");
        int version = Bytes.u8(b, off) >>> 4;
        if (version != 4) throw new MalformedPacketException("IP version " + version + ", not 4");
        int headerLength = (Bytes.u8(b, off) & 0xf) * 4;
        if (headerLength < HEADER_LENGTH) throw new MalformedPacketException("IPv4 IHL " + headerLength / 4 + " below 5");
        if (headerLength > len) throw new MalformedPacketException("IPv4 header of " + headerLength + " bytes in " + len + " bytes");
        int totalLength = Bytes.u16(b, off + 2);
        if (totalLength < headerLength) throw new MalformedPacketException("IPv4 total length " + totalLength + " below header length " + headerLength);
        int end;
        if (whole) {
            if (totalLength > len) throw new MalformedPacketException("IPv4 total length " + totalLength + " exceeds the " + len + " bytes received");
            if (Checksum.internet(b, off, headerLength) != 0) {
                throw new MalformedPacketException("bad IPv4 header checksum 0x" + Integer.toHexString(Bytes.u16(b, off + 10)));
            }
            end = off + totalLength;
        } else {
            end = off + Math.min(totalLength, len);
        }
        int flagsAndOffset = Bytes.u16(b, off + 6);
        return new Ipv4Packet(Bytes.u8(b, off + 1), Bytes.u16(b, off + 4),
                (flagsAndOffset & FLAG_DF) != 0, (flagsAndOffset & FLAG_MF) != 0, flagsAndOffset & OFFSET_MASK,
                Bytes.u8(b, off + 8), Bytes.u8(b, off + 9), Ip4.fromBytes(b, off + 12), Ip4.fromBytes(b, off + 16),
                Arrays.copyOfRange(b, off + headerLength, end));
    }

    /** A 20-byte header (IHL 5, checksum computed) followed by the payload. */
    public byte[] encode() {
        byte[] out = new byte[totalLength()];
        out[0] = 0x45;
        out[1] = (byte) tos;
        Bytes.put16(out, 2, out.length);
        Bytes.put16(out, 4, identification);
        Bytes.put16(out, 6, (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0) | fragmentOffset);
        out[8] = (byte) ttl;
        out[9] = (byte) protocol;
        src.write(out, 12);
        dst.write(out, 16);
        Bytes.put16(out, 10, Checksum.internet(out, 0, HEADER_LENGTH));
        System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
        return out;
    }

    /** The same packet with another TTL; the payload array is shared, not copied. */
    public Ipv4Packet withTtl(int ttl) {
        return new Ipv4Packet(tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, src, dst, payload);
    }

    /** Header plus payload length, as {@link #encode()} writes it. */
    public int totalLength() {
        return HEADER_LENGTH + payload.length;
    }

    /**
     * RFC 791 §3.2 fragmentation for a link of {@code mtu} bytes: every piece but the last carries a multiple
     * of 8 payload bytes and MF; offsets continue from this packet's own offset, and the last piece keeps
     * this packet's MF (so a fragment can be fragmented again). A packet that fits is returned alone. DF is
     * copied, not checked: whether to fragment is the caller's decision.
     */
    public List<Ipv4Packet> fragment(int mtu) {
        if (totalLength() <= mtu) return List.of(this);
        int chunk = (mtu - HEADER_LENGTH) & ~7;
        if (chunk < 8) throw new IllegalArgumentException("MTU " + mtu + " leaves no room for an 8-byte fragment");
        List<Ipv4Packet> pieces = new ArrayList<>((payload.length + chunk - 1) / chunk);
        for (int start = 0; start < payload.length; start += chunk) {
            int end = Math.min(start + chunk, payload.length);
            boolean last = end == payload.length;
            pieces.add(new Ipv4Packet(tos, identification, dontFragment, last ? moreFragments : true,
                    fragmentOffset + start / 8, ttl, protocol, src, dst, Arrays.copyOfRange(payload, start, end)));
        }
        return pieces;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Ipv4Packet p && tos == p.tos && identification == p.identification
                && dontFragment == p.dontFragment && moreFragments == p.moreFragments
                && fragmentOffset == p.fragmentOffset && ttl == p.ttl && protocol == p.protocol
                && src.equals(p.src) && dst.equals(p.dst) && Arrays.equals(payload, p.payload);
    }

    @Override public int hashCode() {
        return Objects.hash(tos, identification, dontFragment, moreFragments, fragmentOffset, ttl, protocol, src, dst) * 31
                + Arrays.hashCode(payload);
    }

    @Override public String toString() {
        return "Ipv4Packet[" + src + " > " + dst + " proto=" + protocol + " ttl=" + ttl + " tos=0x" + Integer.toHexString(tos)
                + " id=" + identification + (dontFragment ? " DF" : "") + (moreFragments ? " MF" : "")
                + " off=" + fragmentOffset + " payload=" + Bytes.hex(payload) + "]";
    }
}
