package org.nettwin.protocols.codec;

import java.util.Arrays;

/**
 * A PPPoE session-stage frame payload (RFC 2516 §4: VER=1, TYPE=1, CODE=0x00, SESSION_ID, LENGTH) carrying
 * one PPP frame whose 2-byte protocol field comes first (RFC 1661 §2; 0x0021 = IPv4). Discovery (PADI..PADS)
 * and LCP/IPCP are not put on the wire: the twin models their duration, not their bytes.
 */
public record PppoeSession(int sessionId, int pppProtocol, byte[] payload) {
    public static final int HEADER_LENGTH = 8; // 6 PPPoE + 2 PPP protocol
    public static final int PPP_IPV4 = 0x0021;

    public static PppoeSession decode(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH) throw new MalformedPacketException("PPPoE frame shorter than 8 bytes");
        if ((b[off] & 0xff) != 0x11) throw new MalformedPacketException("PPPoE version/type is not 1/1");
        if (b[off + 1] != 0) throw new MalformedPacketException("PPPoE session frame with code " + (b[off + 1] & 0xff));
        int session = (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        int length = (b[off + 4] & 0xff) << 8 | (b[off + 5] & 0xff);
        if (length < 2 || length > len - 6) throw new MalformedPacketException("PPPoE length " + length + " does not fit the frame");
        int proto = (b[off + 6] & 0xff) << 8 | (b[off + 7] & 0xff);
        return new PppoeSession(session, proto, Arrays.copyOfRange(b, off + 8, off + 6 + length));
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + payload.length];
        int length = payload.length + 2;
        out[0] = 0x11;
        out[2] = (byte) (sessionId >>> 8);
        out[3] = (byte) sessionId;
        out[4] = (byte) (length >>> 8);
        out[5] = (byte) length;
        out[6] = (byte) (pppProtocol >>> 8);
        out[7] = (byte) pppProtocol;
        System.arraycopy(payload, 0, out, HEADER_LENGTH, payload.length);
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof PppoeSession p && p.sessionId == sessionId && p.pppProtocol == pppProtocol && Arrays.equals(p.payload, payload);
    }

    @Override public int hashCode() { return 31 * (31 * sessionId + pppProtocol) + Arrays.hashCode(payload); }

    @Override public String toString() { return "PppoeSession[session=" + sessionId + ", proto=0x" + Integer.toHexString(pppProtocol) + ", len=" + payload.length + "]"; }
}
