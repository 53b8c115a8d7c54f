package org.nettwin.protocols.codec;

import java.util.Arrays;
import java.util.Objects;
import org.nettwin.protocols.value.Mac;

/**
 * An Ethernet II frame as a port hands it over: destination, source, EtherType, payload; no FCS. The
 * payload keeps any padding the sender added (IPv4 decoding ignores it by honouring its total length).
 * An 802.1Q tag is not parsed: its frame decodes with etherType {@link EtherType#VLAN}.
 */
public record EthernetFrame(Mac dst, Mac src, int etherType, byte[] payload) {
    public static final int HEADER_LENGTH = 14;

    public EthernetFrame {
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(payload, "payload");
        Bytes.requireU16(etherType, "etherType");
    }

    /** Decodes a whole frame; the payload is a copy of everything after the 14-byte header. */
    public static EthernetFrame decode(byte[] frame) {
        Bytes.requireLength(frame.length, HEADER_LENGTH, "Ethernet frame");
        return new EthernetFrame(peekDst(frame), peekSrc(frame), peekEtherType(frame),
                Arrays.copyOfRange(frame, HEADER_LENGTH, frame.length));
    }

    /** The 14-byte header followed by the payload: no padding to the 60-byte minimum and no FCS. */
    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + payload.length];
        dst.write(out, 0);
        src.write(out, 6);
        Bytes.put16(out, 12, etherType);
        System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
        return out;
    }

    // The peeks let a switch forward on the header without copying the payload.

    public static Mac peekDst(byte[] frame) {
        Bytes.requireLength(frame.length, HEADER_LENGTH, "Ethernet frame");
        return Mac.fromBytes(frame, 0);
    }

    public static Mac peekSrc(byte[] frame) {
        Bytes.requireLength(frame.length, HEADER_LENGTH, "Ethernet frame");
        return Mac.fromBytes(frame, 6);
    }

    public static int peekEtherType(byte[] frame) {
        Bytes.requireLength(frame.length, HEADER_LENGTH, "Ethernet frame");
        return Bytes.u16(frame, 12);
    }

    @Override public boolean equals(Object o) {
        return o instanceof EthernetFrame f && dst.equals(f.dst) && src.equals(f.src) && etherType == f.etherType
                && Arrays.equals(payload, f.payload);
    }

    @Override public int hashCode() {
        return Objects.hash(dst, src, etherType) * 31 + Arrays.hashCode(payload);
    }

    @Override public String toString() {
        return "EthernetFrame[" + src + " > " + dst + " type=0x" + Integer.toHexString(etherType) + " payload="
                + Bytes.hex(payload) + "]";
    }
}
