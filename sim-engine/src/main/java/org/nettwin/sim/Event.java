package org.nettwin.sim;

/**
 * An entry of an event queue. Events are ordered by (time, pushTime, origin, originSeq): when they are due,
 * then when and by whom they were created. The key is fixed at creation from facts of the simulation only
 * (never from a global counter that thread scheduling, window cuts or a partition split could reorder), so
 * every node sees its events in the same order however the kernel runs. Origin is the creating node's index,
 * or {@link #KERNEL_ORIGIN} for the kernel thread (kernel actions run first in their instant).
 */
abstract class Event {
    static final int KERNEL_ORIGIN = -1;

    long time;
    long pushTime;
    int origin;
    long originSeq;

    /** Sets the ordering key; called once, before the event is queued. */
    final void key(long time, long pushTime, int origin, long originSeq) {
        this.time = time;
        this.pushTime = pushTime;
        this.origin = origin;
        this.originSeq = originSeq;
    }

    /** Cancelled timers stay in the heap and are skipped when popped (O(1) cancel). */
    boolean isCancelled() { return false; }

    /** Short text for error messages. */
    abstract String describe();

    static boolean before(Event x, Event y) {
        if (x.time != y.time) return x.time < y.time;
        if (x.pushTime != y.pushTime) return x.pushTime < y.pushTime;
        if (x.origin != y.origin) return x.origin < y.origin;
        return x.originSeq < y.originSeq;
    }
}
