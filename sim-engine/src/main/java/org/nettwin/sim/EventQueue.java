package org.nettwin.sim;

import java.util.Arrays;

/**
 * Binary min-heap of events ordered by their key ({@link Event#before}), compared through primitive fields
 * (no comparator object, no boxing). The key is set before pushing, so the order of pushes never matters.
 * There is no remove: cancelled timers are flagged and the kernel skips them when they reach the top.
 */
final class EventQueue {
    // Small at first: every node group has a queue, and most hold a handful of timers (100,000 groups at 1,024
    // slots each were 400 MB of empty arrays).
    private Event[] heap = new Event[16];
    private int size;

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    /** Time of the earliest event; only valid when not empty. */
    long peekTime() { return heap[0].time; }

    void push(Event event) {
        if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!Event.before(event, p)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = event;
    }

    Event pop() {
        Event top = heap[0];
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) siftDown(last);
        return top;
    }

    private void siftDown(Event event) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Event c = heap[child];
            int right = child + 1;
            if (right < size && Event.before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!Event.before(c, event)) break;
            heap[i] = c;
            i = child;
        }
        heap[i] = event;
    }

    /** Removes every event into {@code sink} (any order) and leaves the queue empty. */
    void drainTo(java.util.List<Event> sink) {
        for (int i = 0; i < size; i++) {
            sink.add(heap[i]);
            heap[i] = null;
        }
        size = 0;
    }
}
