package org.nettwin.scenarios.chaos;

import org.nettwin.protocols.env.Time;

/** One broken invariant: which, when it was first seen broken, and what was seen. */
public record Violation(Invariant invariant, long atNs, String detail) {
    @Override public String toString() {
        return invariant + " at " + Time.format(atNs) + ": " + detail;
    }
}
