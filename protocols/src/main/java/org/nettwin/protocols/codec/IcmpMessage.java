package org.nettwin.protocols.codec;

import java.util.Arrays;
import java.util.Objects;
import org.nettwin.protocols.value.Ip4;

/**
 * An ICMP message (RFC 792): type, code, the 32-bit "rest of header" whose meaning depends on the type
 * (echo id/seq, redirect gateway, next-hop MTU), and the data after the 8-byte header.
 */
public record IcmpMessage(int type, int code, int restOfHeader, byte[] data) {
    public static final int HEADER_LENGTH = 8;

    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACHABLE = 3;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;

    // Codes of DEST_UNREACHABLE
    public static final int NET_UNREACHABLE = 0;
    public static final int HOST_UNREACHABLE = 1;
    public static final int PROTOCOL_UNREACHABLE = 2;
    public static final int PORT_UNREACHABLE = 3;
    public static final int FRAG_NEEDED = 4;
    // Codes of REDIRECT
    public static final int REDIRECT_NET = 0;
    public static final int REDIRECT_HOST = 1;
    // Codes of TIME_EXCEEDED
    public static final int TTL_EXCEEDED_IN_TRANSIT = 0;
    public static final int FRAG_REASSEMBLY_TIME_EXCEEDED = 1;

    /** Payload bytes of the offending datagram that RFC 792 requires an error to quote after its header. */
    public static final int QUOTED_PAYLOAD_BYTES = 8;

    public IcmpMessage {
        Bytes.requireU8(type, "type");
        Bytes.requireU8(code, "code");
        Objects.requireNonNull(data, "data");
    }

    /** Decodes {@code b[off, off+len)} (the whole ICMP message); Malformed if short or the checksum fails. */
    public static IcmpMessage decode(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len, "ICMP");
        Bytes.requireLength(len, HEADER_LENGTH, "ICMP message");
        if (Checksum.internet(b, off, len) != 0) {
            throw new MalformedPacketException("bad ICMP checksum 0x" + Integer.toHexString(Bytes.u16(b, off + 2)));
        }
        return new IcmpMessage(Bytes.u8(b, off), Bytes.u8(b, off + 1), Bytes.i32(b, off + 4),
                Arrays.copyOfRange(b, off + HEADER_LENGTH, off + len));
    }

    /** The 8-byte header (checksum over header and data computed) followed by the data. */
    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + data.length];
        out[0] = (byte) type;
        out[1] = (byte) code;
        Bytes.put32(out, 4, restOfHeader);
        System.arraycopy(data, 0, out, HEADER_LENGTH, data.length);
        Bytes.put16(out, 2, Checksum.internet(out, 0, out.length));
        return out;
    }

    public static IcmpMessage echoRequest(int id, int seq, byte[] data) {
        return new IcmpMessage(ECHO_REQUEST, 0, idAndSeq(id, seq), data);
    }

    public static IcmpMessage echoReply(int id, int seq, byte[] data) {
        return new IcmpMessage(ECHO_REPLY, 0, idAndSeq(id, seq), data);
    }

    private static int idAndSeq(int id, int seq) {
        Bytes.requireU16(id, "echo id");
        Bytes.requireU16(seq, "echo seq");
        return id << 16 | seq;
    }

    public int echoId() {
        return restOfHeader >>> 16;
    }

    public int echoSeq() {
        return restOfHeader & 0xffff;
    }

    /** {@code quoted}: the offending IP header and the start of its payload, already cut by the caller. */
    public static IcmpMessage destUnreachable(int code, byte[] quoted) {
        return new IcmpMessage(DEST_UNREACHABLE, code, 0, quoted);
    }

    /** Fragmentation needed and DF set, with the next-hop MTU in the low 16 bits (RFC 1191 §4). */
    public static IcmpMessage fragNeeded(int nextHopMtu, byte[] quoted) {
        Bytes.requireU16(nextHopMtu, "next-hop MTU");
        return new IcmpMessage(DEST_UNREACHABLE, FRAG_NEEDED, nextHopMtu, quoted);
    }

    public int nextHopMtu() {
        return restOfHeader & 0xffff;
    }

    public static IcmpMessage redirect(int code, Ip4 gateway, byte[] quoted) {
        return new IcmpMessage(REDIRECT, code, gateway.bits(), quoted);
    }

    /** The gateway a redirect names (the rest-of-header read as an address). */
    public Ip4 gateway() {
        return new Ip4(restOfHeader);
    }

    public static IcmpMessage timeExceeded(int code, byte[] quoted) {
        return new IcmpMessage(TIME_EXCEEDED, code, 0, quoted);
    }

    /**
     * The RFC 792 minimum quote of an IPv4 packet: its header (IHL*4 bytes, options included) and up to 8
     * bytes of its payload. Linux's icmp_send quotes more (as much as fits in a 576-byte error); a caller
     * modelling that cuts the packet itself. Padding past the total length is never quoted.
     */
    public static byte[] quote(byte[] ipPacketBytes) {
        Bytes.requireLength(ipPacketBytes.length, Ipv4Packet.HEADER_LENGTH, "quoted IPv4 packet");
        int headerLength = (ipPacketBytes[0] & 0xf) * 4;
        if (headerLength < Ipv4Packet.HEADER_LENGTH || headerLength > ipPacketBytes.length) {
            throw new MalformedPacketException("quoted IPv4 header length " + headerLength + " invalid for " + ipPacketBytes.length + " bytes");
        }
        int packetEnd = Math.min(ipPacketBytes.length, Math.max(headerLength, Bytes.u16(ipPacketBytes, 2)));
        return Arrays.copyOf(ipPacketBytes, Math.min(packetEnd, headerLength + QUOTED_PAYLOAD_BYTES));
    }

    @Override public boolean equals(Object o) {
        return o instanceof IcmpMessage m && type == m.type && code == m.code && restOfHeader == m.restOfHeader
                && Arrays.equals(data, m.data);
    }

    @Override public int hashCode() {
        return Objects.hash(type, code, restOfHeader) * 31 + Arrays.hashCode(data);
    }

    @Override public String toString() {
        return "IcmpMessage[type=" + type + " code=" + code + " rest=0x" + Integer.toHexString(restOfHeader)
                + " data=" + Bytes.hex(data) + "]";
    }
}
