package org.nettwin.protocols.ipsec;

/**
 * The receiver's anti-replay window of RFC 4303 §3.4.3 (64 packets, the minimum the RFC asks for, and
 * Linux's default): a sequence number is checked before the ICV is verified and only recorded after,
 * so forged packets cannot move the window.
 */
public final class ReplayWindow {
    public static final int SIZE = 64;

    /** Highest sequence number accepted so far (0: none yet). */
    private long top;
    /** Bit i set: sequence number top - i was received. */
    private long seen;

    /** True if {@code sequence} is new and not left of the window. Sequence number 0 is never valid (§3.3.3). */
    public boolean check(int sequence) {
        long s = sequence & 0xffffffffL;
        if (s == 0) return false;
        if (s > top) return true;
        long behind = top - s;
        return behind < SIZE && (seen & (1L << behind)) == 0;
    }

    /** Records {@code sequence} as received (after the ICV verified), sliding the window right if it is new. */
    public void accept(int sequence) {
        long s = sequence & 0xffffffffL;
        if (s > top) {
            long shift = s - top;
            seen = shift >= SIZE ? 1L : (seen << shift) | 1L;
            top = s;
        } else {
            seen |= 1L << (top - s);
        }
    }

    public long highest() { return top; }
}
