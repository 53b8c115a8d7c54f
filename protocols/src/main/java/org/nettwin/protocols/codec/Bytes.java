package org.nettwin.protocols.codec;

/** Big-endian field access and bounds checks shared by the codecs (network byte order throughout). */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Rejects a range that lies outside {@code b}, so decoders fail with Malformed, never an index exception. */
    static void checkRange(byte[] b, int off, int len, String what) {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new MalformedPacketException(what + ": range " + off + "+" + len + " outside " + b.length + " bytes");
        }
    }

    static void requireLength(int len, int min, String what) {
        if (len < min) throw new MalformedPacketException(what + " too short: " + len + " < " + min + " bytes");
    }

    static void requireU8(int v, String field) {
        if (v < 0 || v > 0xff) throw new IllegalArgumentException(field + " out of 0..255: " + v);
    }

    static void requireU16(int v, String field) {
        if (v < 0 || v > 0xffff) throw new IllegalArgumentException(field + " out of 0..65535: " + v);
    }

    /** Short hex text for toString(): long payloads are cut so a trace line stays readable. */
    static String hex(byte[] b) {
        int shown = Math.min(b.length, 64);
        StringBuilder sb = new StringBuilder(shown * 2 + 16);
        for (int i = 0; i < shown; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        if (shown < b.length) sb.append("...(").append(b.length).append(" bytes)");
        return sb.toString();
    }
}
