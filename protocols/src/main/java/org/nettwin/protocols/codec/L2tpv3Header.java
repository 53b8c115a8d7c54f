package org.nettwin.protocols.codec;

import java.util.Arrays;

/**
 * An L2TPv3 data message (RFC 3931 §4.1) carrying an Ethernet pseudowire: the whole inner Ethernet frame
 * (without FCS) follows the header.
 *
 * <pre>
 * over IP (protocol 115, §4.1.1.1):   | Session ID (32) | Cookie (0, 32 or 64) | [L2-Specific Sublayer (32)] | payload
 * over UDP (§4.1.2.1):                 |T|x..x|Ver=3| Reserved (16) | Session ID (32) | Cookie | [Sublayer] | payload
 * </pre>
 * The L2-Specific Sublayer is RFC 3931 §4.6's default one (S bit and a 24-bit sequence number), which
 * iproute2 asks for unless told `l2spec_type none` (ip/ipl2tp.c parse_args: "Defaults: l2spec_type =
 * L2TP_L2SPECTYPE_DEFAULT, l2spec_len = 4"); without `seq` Linux fills it with zeros
 * (l2tp_core.c l2tp_build_l2tpv3_header).
 * Over IP a Session ID of 0 marks a control message; over UDP the T bit does (and the session ID follows the
 * 4-byte flags word). The cookie's length is not on the wire: the receiving session is configured with it
 * (`peer_cookie`), so decoding needs it.
 */
public record L2tpv3Header(Encap encap, long sessionId, byte[] cookie, Sublayer sublayer, byte[] payload) {
    /** IANA's IP protocol number for L2TPv3 over IP. */
    public static final int IP_PROTOCOL = IpProto.L2TP;
    /** IANA's UDP port for L2TP (tshark decodes it as l2tp). */
    public static final int UDP_PORT = 1701;
    static final int VERSION = 3;
    private static final int FLAG_T = 0x8000;

    /** How the tunnel carries its messages (`ip l2tp add tunnel ... encap ip|udp`). */
    public enum Encap {
        IP(4), UDP(8);

        /** Header bytes before the cookie: the session ID, and over UDP the flags/version word before it. */
        private final int fixedLength;

        Encap(int fixedLength) { this.fixedLength = fixedLength; }

        /** L2TPv3 header length for a cookie of {@code cookieLength} bytes and a sublayer (Linux: session->hdr_len). */
        public int headerLength(int cookieLength, Sublayer sublayer) { return fixedLength + cookieLength + sublayer.length; }
    }

    /** The L2-Specific Sublayer (`l2spec_type none|default`). */
    public enum Sublayer {
        NONE(0), DEFAULT(4);

        final int length;

        Sublayer(int length) { this.length = length; }
    }

    public L2tpv3Header {
        if (sessionId <= 0 || sessionId > 0xffffffffL) throw new IllegalArgumentException("session id out of 1..4294967295: " + sessionId);
        if (cookie.length != 0 && cookie.length != 4 && cookie.length != 8) throw new IllegalArgumentException("cookie must be 0, 4 or 8 bytes: " + cookie.length);
    }

    /** A control message: Session ID 0 over IP, the T bit over UDP. Tunnels created by `ip l2tp` have no control connection. */
    public static boolean isControl(byte[] b, int off, int len, Encap encap) {
        Bytes.checkRange(b, off, len, "L2TPv3");
        if (len < 4) throw new MalformedPacketException("L2TPv3 message too short: " + len);
        return encap == Encap.IP ? Bytes.i32(b, off) == 0 : (Bytes.u16(b, off) & FLAG_T) != 0;
    }

    /** The Session ID of a data message, which tells the receiver the cookie length to decode with. */
    public static long peekSessionId(byte[] b, int off, int len, Encap encap) {
        if (len < encap.fixedLength) throw new MalformedPacketException("L2TPv3 " + encap + " message too short: " + len);
        if (encap == Encap.UDP) {
            int version = Bytes.u16(b, off) & 0x0f;
            if (version != VERSION) throw new MalformedPacketException("L2TP version " + version + ", not 3");
        }
        return Bytes.i32(b, off + encap.fixedLength - 4) & 0xffffffffL;
    }

    /**
     * Decodes a data message whose session expects a cookie of {@code cookieLength} bytes and {@code sublayer}.
     * A sequence number in the default sublayer is not checked: sessions here do not ask for sequencing.
     */
    public static L2tpv3Header decode(byte[] b, int off, int len, Encap encap, int cookieLength, Sublayer sublayer) {
        if (isControl(b, off, len, encap)) throw new MalformedPacketException("L2TPv3 control message, not data");
        long session = peekSessionId(b, off, len, encap);
        int header = encap.headerLength(cookieLength, sublayer);
        if (len < header) throw new MalformedPacketException("L2TPv3 message shorter than its header: " + len + " < " + header);
        int cookieAt = off + encap.fixedLength;
        return new L2tpv3Header(encap, session, Arrays.copyOfRange(b, cookieAt, cookieAt + cookieLength), sublayer,
                Arrays.copyOfRange(b, off + header, off + len));
    }

    public int headerLength() { return encap.headerLength(cookie.length, sublayer); }

    public byte[] encode() {
        byte[] out = new byte[headerLength() + payload.length];
        if (encap == Encap.UDP) Bytes.put16(out, 0, VERSION); // T = 0 (data), L = S = 0, reserved 0
        Bytes.put32(out, encap.fixedLength - 4, (int) sessionId);
        System.arraycopy(cookie, 0, out, encap.fixedLength, cookie.length); // a default sublayer stays 0: S = 0, no sequence
        System.arraycopy(payload, 0, out, headerLength(), payload.length);
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof L2tpv3Header h && h.encap == encap && h.sessionId == sessionId && Arrays.equals(h.cookie, cookie)
                && h.sublayer == sublayer && Arrays.equals(h.payload, payload);
    }

    @Override public int hashCode() { return (encap.hashCode() * 31 + Long.hashCode(sessionId)) * 31 + Arrays.hashCode(cookie) * 17 + Arrays.hashCode(payload); }

    @Override public String toString() {
        return "L2tpv3Header[" + encap + " session=" + sessionId + " cookie=" + Bytes.hex(cookie) + " sublayer=" + sublayer + " payload=" + payload.length + " bytes]";
    }
}
