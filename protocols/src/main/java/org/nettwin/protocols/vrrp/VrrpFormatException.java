package org.nettwin.protocols.vrrp;

import org.nettwin.protocols.codec.MalformedPacketException;

/** VRRP bytes that a receiver must discard, with the reason a receive path needs to choose its log line. */
public class VrrpFormatException extends MalformedPacketException {
    private static final long serialVersionUID = 1L;

    /** Why the message was rejected. */
    public enum Problem { TRUNCATED, LENGTH_MISMATCH, WRONG_VERSION, BAD_CHECKSUM }

    private final Problem problem;

    public VrrpFormatException(Problem problem, String msg) {
        super(msg);
        this.problem = problem;
    }

    public Problem problem() { return problem; }
}
