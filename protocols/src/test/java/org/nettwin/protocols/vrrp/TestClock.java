package org.nettwin.protocols.vrrp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * One virtual clock shared by several test nodes, so two keepalived instances on a test wire see the same
 * time: events fire in (time, arm order) like the simulator's kernel. Every trace event is kept with its
 * time and node.
 */
public final class TestClock {
    private final PriorityQueue<Timer> queue =
            new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.deadline).thenComparingLong(t -> t.order));
    private final List<TraceRecord> traces = new ArrayList<>();
    private final long seed;
    private long now;
    private long armed;

    public TestClock(long seed) { this.seed = seed; }

    public long now() { return now; }

    public NodeEnv env(String node) { return new Env(node); }

    /** Runs {@code action} at {@code time} (a test-driven event, e.g. a fault or a frame arriving). */
    public void at(long time, String name, Runnable action) { schedule(time, name, action); }

    /** Fires everything due up to {@code time}, then sets the clock to it. */
    public void runUntil(long time) {
        while (!queue.isEmpty() && queue.peek().deadline <= time) {
            Timer t = queue.poll();
            if (!t.active) continue;
            now = t.deadline;
            t.active = false;
            t.action.run();
        }
        now = Math.max(now, time);
    }

    public List<TraceRecord> traces() { return Collections.unmodifiableList(traces); }

    /** The first trace record at or after {@code from} matching {@code p}, or null. */
    public TraceRecord first(long from, Predicate<TraceRecord> p) {
        for (TraceRecord r : traces) if (r.time() >= from && p.test(r)) return r;
        return null;
    }

    public List<TraceRecord> all(Predicate<TraceRecord> p) { return traces.stream().filter(p).toList(); }

    /** Predicate: a state change of {@code machine} on {@code node} to {@code to}. */
    public static Predicate<TraceRecord> stateTo(String node, String machine, String to) {
        return r -> r.node().equals(node) && r.event() instanceof TraceEvent.StateChanged s && s.machine().equals(machine) && s.to().equals(to);
    }

    /** Predicate: a log line of {@code node} equal to {@code text}. */
    public static Predicate<TraceRecord> log(String node, String text) {
        return r -> r.node().equals(node) && r.event() instanceof TraceEvent.Log l && l.text().equals(text);
    }

    /** Predicate: a log line of {@code node} starting with {@code prefix}. */
    public static Predicate<TraceRecord> logStarting(String node, String prefix) {
        return r -> r.node().equals(node) && r.event() instanceof TraceEvent.Log l && l.text().startsWith(prefix);
    }

    private Timer schedule(long deadline, String name, Runnable action) {
        Timer t = new Timer(Math.max(deadline, now), armed++, action);
        queue.add(t);
        return t;
    }

    private static final class Timer implements TimerHandle {
        final long deadline;
        final long order;
        final Runnable action;
        boolean active = true;

        Timer(long deadline, long order, Runnable action) {
            this.deadline = deadline;
            this.order = order;
            this.action = action;
        }

        @Override public void cancel() { active = false; }
        @Override public boolean isActive() { return active; }
        @Override public long deadline() { return deadline; }
    }

    private final class Env implements NodeEnv {
        private final String node;

        Env(String node) { this.node = node; }

        @Override public long now() { return now; }
        @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) { return TestClock.this.schedule(deadlineNs, name, action); }
        @Override public void transmit(int port, byte[] frame) { throw new UnsupportedOperationException("VRRP tests send through the VrrpHost"); }
        @Override public RandomGenerator random(String path) {
            long h = 0xcbf29ce484222325L;
            for (byte b : (node + "/" + path).getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
            return new SplittableRandom(seed ^ h);
        }
        @Override public void trace(TraceEvent event) { traces.add(new TraceRecord(now, node, event)); }
        @Override public String nodeName() { return node; }
    }
}
