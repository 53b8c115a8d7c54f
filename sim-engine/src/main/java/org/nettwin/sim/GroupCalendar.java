package org.nettwin.sim;

import java.util.Arrays;
import java.util.List;

/**
 * The node groups that have events, in a binary min-heap ordered by the time of each group's earliest event
 * (ties by {@link NodeGroup#ordinal}), so that finding the next event time and a window's busy groups costs
 * O(busy groups × log groups) instead of a scan of every group. With 100,000 single-node groups (gate-scale)
 * and a few busy ones per window, the scan was most of the run.
 *
 * <p>Kernel thread only. The calendar holds each group's head time as it was when the group was last
 * {@link #update updated}: the kernel updates a group after every push it makes into the group's queue and
 * after the group has run. While a group runs (and only its own node code pushes into its queue) it is out of
 * the calendar ({@link #pollBefore}).
 */
final class GroupCalendar {
    private NodeGroup[] heap = new NodeGroup[64];
    private int size;

    boolean isEmpty() { return size == 0; }

    /** Earliest event time of any group in the calendar; Long.MAX_VALUE when none has events. */
    long peekTime() {
        return size == 0 ? Long.MAX_VALUE : heap[0].calendarTime;
    }

    /** Re-reads {@code g}'s earliest event time: adds, moves or removes it. */
    void update(NodeGroup g) {
        if (g.queue.isEmpty()) {
            if (g.calendarIndex >= 0) removeAt(g.calendarIndex);
            return;
        }
        long time = g.queue.peekTime();
        if (g.calendarIndex < 0) {
            if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
            g.calendarTime = time;
            g.calendarIndex = size++;
            siftUp(g, g.calendarIndex);
        } else if (time != g.calendarTime) {
            boolean earlier = time < g.calendarTime;
            g.calendarTime = time;
            if (earlier) siftUp(g, g.calendarIndex); else siftDown(g, g.calendarIndex);
        }
    }

    /** Takes every group whose earliest event lies before {@code end} out of the calendar, into {@code sink}. */
    void pollBefore(long end, List<NodeGroup> sink) {
        while (size > 0 && heap[0].calendarTime < end) sink.add(removeAt(0));
    }

    /** Empties the calendar (regrouping builds new groups). */
    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].calendarIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private NodeGroup removeAt(int i) {
        NodeGroup removed = heap[i];
        removed.calendarIndex = -1;
        NodeGroup last = heap[--size];
        heap[size] = null;
        if (i < size) {
            siftDown(last, i);
            if (last.calendarIndex == i) siftUp(last, i);
        }
        return removed;
    }

    private static boolean before(NodeGroup a, NodeGroup b) {
        return a.calendarTime < b.calendarTime || a.calendarTime == b.calendarTime && a.ordinal < b.ordinal;
    }

    private void siftUp(NodeGroup g, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            NodeGroup p = heap[parent];
            if (!before(g, p)) break;
            heap[i] = p;
            p.calendarIndex = i;
            i = parent;
        }
        heap[i] = g;
        g.calendarIndex = i;
    }

    private void siftDown(NodeGroup g, int i) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            NodeGroup c = heap[child];
            int right = child + 1;
            if (right < size && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, g)) break;
            heap[i] = c;
            c.calendarIndex = i;
            i = child;
        }
        heap[i] = g;
        g.calendarIndex = i;
    }
}
