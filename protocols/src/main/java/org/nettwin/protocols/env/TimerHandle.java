package org.nettwin.protocols.env;

/** A timer armed through {@link NodeEnv#schedule}. Cancelling is O(1) and idempotent. */
public interface TimerHandle {
    void cancel();
    boolean isActive();
    /** Virtual time the timer fires at, in ns. */
    long deadline();
}
