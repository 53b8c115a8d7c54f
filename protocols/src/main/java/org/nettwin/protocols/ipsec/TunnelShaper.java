package org.nettwin.protocols.ipsec;

import java.util.ArrayDeque;

/**
 * The tunnel's transmit side under a {@link TunnelCap}: packets leave one after another, each taking
 * {@link TunnelCap#serviceTimeNs} of the tunnel (a token bucket one packet deep, i.e. a serialiser), and wait in
 * a FIFO of {@link TunnelCap#queuePackets} places; a packet that finds the queue full is dropped (tail drop).
 * A packet counts as queued from its admission until it has left. Pure arithmetic on the times given, so it can
 * be tested without a clock.
 */
final class TunnelShaper {
    /** What {@link #admit} answers for a packet that found the queue full. */
    static final long DROP = -1;

    private final TunnelCap cap;
    /** Departure times of the packets admitted and not yet gone, oldest first. */
    private final ArrayDeque<Long> departures = new ArrayDeque<>();
    private long busyUntilNs = Long.MIN_VALUE;

    TunnelShaper(TunnelCap cap) {
        this.cap = cap;
    }

    TunnelCap cap() { return cap; }

    /**
     * Admits a packet of {@code bytes} offered at {@code nowNs} (times never decrease): returns when it has been
     * sent in full (at or after now), or {@link #DROP}.
     */
    long admit(long nowNs, int bytes) {
        while (!departures.isEmpty() && departures.peekFirst() <= nowNs) departures.pollFirst();
        if (departures.size() >= cap.queuePackets()) return DROP;
        long departure = Math.max(nowNs, busyUntilNs) + cap.serviceTimeNs(bytes);
        busyUntilNs = departure;
        departures.addLast(departure);
        return departure;
    }

    /** Packets waiting or being sent at {@code nowNs}. */
    int queued(long nowNs) {
        int n = 0;
        for (long d : departures) if (d > nowNs) n++;
        return n;
    }
}
