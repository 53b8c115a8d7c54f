package org.nettwin.realadapter;

import org.nettwin.protocols.env.Time;

/** A {@link OverrunPolicy.Mode#HARD_LIMIT} run fell further behind the wall clock than its limit allows. */
public final class OverrunException extends RuntimeException {
    private final long lagNs;

    OverrunException(String label, long dueNs, long lagNs, OverrunPolicy policy) {
        super(label + " was due at " + Time.format(dueNs) + " but started " + Time.format(lagNs) + " late, over the "
                + policy + " (the host is too slow or too busy for this network in real time)");
        this.lagNs = lagNs;
    }

    public long lagNs() { return lagNs; }
}
