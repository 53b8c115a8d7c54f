package org.nettwin.protocols.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * A NodeEnv for synchronous tests: time moves only when the test says so, timers fire in
 * (deadline, arm order) like the simulator's kernel, and every transmission and trace event is recorded.
 */
public class ManualEnv implements NodeEnv {
    /** One frame the node put on a port's wire, at virtual time {@code time}. */
    public record Sent(long time, int port, byte[] frame) {}

    private final String nodeName;
    private final long seed;
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.deadline).thenComparingLong(t -> t.armOrder));
    private final List<Sent> sent = new ArrayList<>();
    private final List<TraceEvent> traces = new ArrayList<>();
    private long now;
    private long armed;

    public ManualEnv(String nodeName, long seed) {
        this.nodeName = nodeName;
        this.seed = seed;
    }

    private final class Timer implements TimerHandle {
        final long deadline;
        final long armOrder;
        final String name;
        final Runnable action;
        boolean active = true;

        Timer(long deadline, long armOrder, String name, Runnable action) {
            this.deadline = deadline;
            this.armOrder = armOrder;
            this.name = name;
            this.action = action;
        }

        /** O(1): the queue drops cancelled timers lazily when they reach its head. */
        @Override public void cancel() { active = false; }

        @Override public boolean isActive() { return active; }

        @Override public long deadline() { return deadline; }

        @Override public String toString() { return name + "@" + deadline; }
    }

    @Override public long now() { return now; }

    @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) {
        Timer t = new Timer(Math.max(deadlineNs, now), armed++, name, action);
        timers.add(t);
        return t;
    }

    @Override public void transmit(int port, byte[] frame) {
        sent.add(new Sent(now, port, frame.clone()));
    }

    /** Same seed and path, same stream; different paths give unrelated streams (FNV-1a of the path, mixed with the seed). */
    @Override public RandomGenerator random(String path) {
        long h = 0xcbf29ce484222325L;
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        return new SplittableRandom(seed ^ h * 0x9e3779b97f4a7c15L);
    }

    @Override public void trace(TraceEvent event) { traces.add(event); }

    @Override public String nodeName() { return nodeName; }

    /**
     * Moves time to {@code ns}, firing every timer due by then in (deadline, arm order); a timer armed by a
     * firing timer for a time up to {@code ns} fires in the same call. Time never moves backwards.
     */
    public void advanceTo(long ns) {
        if (ns < now) throw new IllegalArgumentException("time moves forward only: " + ns + " < " + now);
        while (!timers.isEmpty() && timers.peek().deadline <= ns) {
            Timer t = timers.poll();
            if (!t.active) continue;
            now = t.deadline;
            t.active = false;
            t.action.run();
        }
        now = ns;
    }

    public void advanceBy(long ns) { advanceTo(now + ns); }

    /** Timers armed and not yet fired or cancelled, in firing order. */
    public List<TimerHandle> pendingTimers() {
        List<Timer> pending = new ArrayList<>(timers);
        pending.removeIf(t -> !t.active);
        pending.sort(timers.comparator());
        return Collections.unmodifiableList(pending);
    }

    public List<Sent> sent() { return Collections.unmodifiableList(sent); }

    public List<TraceEvent> traces() { return Collections.unmodifiableList(traces); }

    public void clearSent() { sent.clear(); }

    public void clearTraces() { traces.clear(); }
}
