package org.nettwin.protocols.codec;

import java.util.Arrays;
import java.util.Objects;
import org.nettwin.protocols.value.Ip4;

/** A UDP datagram (RFC 768) carried over IPv4. */
public record UdpDatagram(int srcPort, int dstPort, byte[] payload) {
    public static final int HEADER_LENGTH = 8;

    public UdpDatagram {
        Bytes.requireU16(srcPort, "srcPort");
        Bytes.requireU16(dstPort, "dstPort");
        Objects.requireNonNull(payload, "payload");
        if (HEADER_LENGTH + payload.length > 0xffff) throw new IllegalArgumentException("UDP datagram longer than 65535 bytes");
    }

    /**
     * Header and payload with the checksum over the IPv4 pseudo-header (RFC 768). A computed checksum of 0
     * is sent as 0xFFFF, because 0 on the wire means "no checksum".
     */
    public byte[] encode(Ip4 src, Ip4 dst) {
        byte[] out = encodeWithoutChecksum();
        int checksum = Checksum.fold(Checksum.sum(out, 0, out.length, pseudoHeaderSum(src, dst, out.length)));
        Bytes.put16(out, 6, checksum == 0 ? 0xffff : checksum);
        return out;
    }

    /** Header and payload with checksum 0, "not computed" (VXLAN over IPv4 sends this, RFC 7348 §5). */
    public byte[] encodeWithoutChecksum() {
        byte[] out = new byte[HEADER_LENGTH + payload.length];
        Bytes.put16(out, 0, srcPort);
        Bytes.put16(out, 2, dstPort);
        Bytes.put16(out, 4, out.length);
        System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
        return out;
    }

    /**
     * Decodes the datagram in {@code b[off, off+len)} (the IPv4 payload). The UDP length field must fit in
     * {@code len}; bytes past it are ignored. A non-zero checksum must verify against the pseudo-header of
     * {@code src}/{@code dst}, else Malformed.
     */
    public static UdpDatagram decode(byte[] b, int off, int len, Ip4 src, Ip4 dst) {
        Bytes.checkRange(b, off, len, "UDP");
        Bytes.requireLength(len, HEADER_LENGTH, "UDP datagram");
        int udpLength = Bytes.u16(b, off + 4);
        if (udpLength < HEADER_LENGTH || udpLength > len) {
            throw new MalformedPacketException("UDP length " + udpLength + " invalid for " + len + " bytes");
        }
        if (Bytes.u16(b, off + 6) != 0
                && Checksum.fold(Checksum.sum(b, off, udpLength, pseudoHeaderSum(src, dst, udpLength))) != 0) {
            throw new MalformedPacketException("bad UDP checksum 0x" + Integer.toHexString(Bytes.u16(b, off + 6)));
        }
        return new UdpDatagram(Bytes.u16(b, off), Bytes.u16(b, off + 2),
                Arrays.copyOfRange(b, off + HEADER_LENGTH, off + udpLength));
    }

    /** Sum of the IPv4 pseudo-header: source, destination, zero + protocol 17, UDP length. */
    private static long pseudoHeaderSum(Ip4 src, Ip4 dst, int udpLength) {
        return (src.bits() >>> 16) + (src.bits() & 0xffff) + (dst.bits() >>> 16) + (dst.bits() & 0xffff)
                + IpProto.UDP + udpLength;
    }

    @Override public boolean equals(Object o) {
        return o instanceof UdpDatagram d && srcPort == d.srcPort && dstPort == d.dstPort && Arrays.equals(payload, d.payload);
    }

    @Override public int hashCode() {
        return (srcPort * 65536 + dstPort) * 31 + Arrays.hashCode(payload);
    }

    @Override public String toString() {
        return "UdpDatagram[" + srcPort + " > " + dstPort + " payload=" + Bytes.hex(payload) + "]";
    }
}
