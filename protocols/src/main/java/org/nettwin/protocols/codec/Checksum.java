package org.nettwin.protocols.codec;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of 16-bit
 * big-endian words. Split into {@link #sum} and {@link #fold} so a pseudo-header and a body can be summed
 * into one accumulator without copying them together.
 */
public final class Checksum {
    private Checksum() {}

    /**
     * Adds the 16-bit big-endian words of {@code b[off, off+len)} to {@code acc} without folding (a long cannot
     * overflow for any array Java can hold). An odd trailing byte counts as the high byte of a zero-padded
     * word, so only the last range summed into one accumulator may have an odd length.
     */
    public static long sum(byte[] b, int off, int len, long acc) {
        int end = off + len;
        int i = off;
        for (; i + 1 < end; i += 2) acc += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        if (i < end) acc += (b[i] & 0xff) << 8;
        return acc;
    }

    /** Folds the carries of an unfolded sum back into 16 bits and complements it: the checksum field value. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) ~sum & 0xffff;
    }

    /**
     * RFC 1071 checksum of a range. Computed over a range whose checksum field is filled in, a correct
     * packet yields 0.
     */
    public static int internet(byte[] b, int off, int len) {
        return fold(sum(b, off, len, 0));
    }
}
