package org.nettwin.sim.link;

import java.util.List;

/** Which way across a link a fault or parameter applies: from end a to end b, the reverse, or both. */
public enum Direction {
    A_TO_B, B_TO_A, BOTH;

    private static final List<Direction> BOTH_WAYS = List.of(A_TO_B, B_TO_A);

    /** The single directions this value stands for: BOTH expands to A_TO_B then B_TO_A. */
    public List<Direction> singles() {
        return this == BOTH ? BOTH_WAYS : List.of(this);
    }

    /** The opposite single direction; BOTH has none. */
    public Direction reverse() {
        return switch (this) {
            case A_TO_B -> B_TO_A;
            case B_TO_A -> A_TO_B;
            case BOTH -> throw new IllegalArgumentException("BOTH has no reverse");
        };
    }
}
