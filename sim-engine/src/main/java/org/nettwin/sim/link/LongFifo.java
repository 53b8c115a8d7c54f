package org.nettwin.sim.link;

import java.util.Arrays;

/** A growable FIFO of primitive longs (no boxing on the per-frame path). */
final class LongFifo {
    private long[] items = new long[16];
    private int head;
    private int size;

    int size() { return size; }

    boolean isEmpty() { return size == 0; }

    long peekFirst() {
        if (size == 0) throw new IllegalStateException("empty");
        return items[head];
    }

    void addLast(long value) {
        if (size == items.length) grow();
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    long removeFirst() {
        long value = peekFirst();
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        long[] bigger = new long[items.length * 2];
        for (int i = 0; i < size; i++) bigger[i] = items[(head + i) & (items.length - 1)];
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        long[] view = new long[size];
        for (int i = 0; i < size; i++) view[i] = items[(head + i) & (items.length - 1)];
        return Arrays.toString(view);
    }
}
