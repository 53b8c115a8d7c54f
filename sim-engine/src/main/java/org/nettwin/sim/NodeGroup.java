package org.nettwin.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Nodes that must run together: those joined by zero-delay links (a frame sent at t can arrive at t, so they
 * cannot run ahead of each other). Any other pair is at least the kernel's lookahead apart, so within a window
 * a group depends on nobody: one thread runs the whole group's window, taking its events off one queue in key
 * order. What the group produces for outside (emissions, arrivals for other groups) waits for the barrier.
 */
final class NodeGroup {
    final List<NodeHost> members;
    /** Position in the kernel's group list; orders groups with equal earliest times in the {@link GroupCalendar}. */
    final int ordinal;
    final EventQueue queue = new EventQueue();
    final ArrayList<Emission> emissions = new ArrayList<>();
    /** Arrivals for nodes of other groups (or other partitions), handed over after the window. */
    final ArrayList<NodeEvent.Arrival> outbound = new ArrayList<>();
    long eventsProcessed;
    long noSuchPortDrops;
    Throwable failure;
    NodeEvent failedEvent;
    /** The {@link GroupCalendar}'s slot and the head time it filed the group under; -1 when not filed. */
    int calendarIndex = -1;
    long calendarTime;

    NodeGroup(List<NodeHost> members, int ordinal) {
        this.members = List.copyOf(members);
        this.ordinal = ordinal;
        for (NodeHost m : this.members) m.group = this;
    }

    /** Node context: runs every event before {@code windowEnd} in key order. Never throws; a failure is kept. */
    void run(long windowEnd) {
        Thread current = Thread.currentThread();
        for (int i = 0, n = members.size(); i < n; i++) members.get(i).activeThread = current;
        NodeEvent event = null;
        try {
            while (!queue.isEmpty() && queue.peekTime() < windowEnd) {
                event = (NodeEvent) queue.pop();
                if (event.isCancelled()) continue;
                NodeHost host = event.target;
                host.localNow = event.time;
                eventsProcessed++;
                if (event.admit()) event.run(host);
            }
        } catch (Throwable t) {
            failure = t;
            failedEvent = event;
        } finally {
            for (int i = 0, n = members.size(); i < n; i++) members.get(i).activeThread = null;
        }
    }
}
