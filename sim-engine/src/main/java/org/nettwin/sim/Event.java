package org.nettwin.sim;

/**
 * An entry of the kernel's event queue, ordered by (time, seq). The fields are plain longs so the heap
 * compares them without boxing or comparator objects; seq is assigned when the event is queued.
 */
abstract class Event {
    long time;
    long seq;

    /** Cancelled timers stay in the heap and are skipped when popped (O(1) cancel). */
    boolean isCancelled() { return false; }

    /** Short text for error messages. */
    abstract String describe();
}
