package org.nettwin.sim;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link EventQueue} (package-private, hence this package) in the classic "hold" model: with {@code pending}
 * events queued, one hold pops the earliest and pushes one due an exponentially distributed time later, keyed as
 * a node keys its events (push time = now, a small origin, a sequence number). The mean delay is {@code pending}
 * µs, so queued events are about 1 µs apart whatever their number (ties on time stay rare, as between the
 * pings of gate-scale's devices), and the queue starts in the model's steady state (every event due one such
 * delay after 0). The queue size stays at {@code pending}. The popped event is re-keyed and pushed again, so the figure is the heap's and not
 * the allocator's. Increments come from a seeded SplittableRandom, drawn before the measurement.
 * JMH, a main and not a test: docs/performance.md "Hot paths (JMH)".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// A fixed, pre-touched heap: on a virtual machine the first touch of a fresh heap page costs microseconds, and
// G1 growing its young generation into untouched memory made allocating benchmarks 10-40x slower for whole
// iterations (docs/performance.md "Hot paths (JMH)").
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class EventQueueBench {
    static final int INCREMENTS = 1 << 16;
    /** Mean spacing of queued events. */
    static final long SPACING_NS = 1_000;

    @Param({"10", "1000", "100000"})
    public int pending;

    private EventQueue queue;
    private long[] increments;
    private int[] origins;
    private int next;
    private long seq;

    /** A queue entry with nothing to run. */
    static final class Tick extends Event {
        @Override String describe() { return "tick"; }
    }

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0xE0E0L);
        increments = exponentialIncrements(random, pending * SPACING_NS);
        origins = new int[INCREMENTS];
        for (int i = 0; i < INCREMENTS; i++) origins[i] = random.nextInt(16);
        queue = new EventQueue();
        for (int i = 0; i < pending; i++) {
            Tick t = new Tick();
            t.key(exponential(random, pending * SPACING_NS), 0, random.nextInt(16), seq++);
            queue.push(t);
        }
    }

    static long exponential(SplittableRandom random, long mean) {
        return 1 + (long) (-Math.log(1 - random.nextDouble()) * mean);
    }

    static long[] exponentialIncrements(SplittableRandom random, long mean) {
        long[] inc = new long[INCREMENTS];
        for (int i = 0; i < INCREMENTS; i++) inc[i] = exponential(random, mean);
        return inc;
    }

    /** One hold: pop the earliest event, push one due later. Returns the new event's time. */
    @Benchmark
    public long hold() {
        Event e = queue.pop();
        long now = e.time;
        int i = next;
        next = (i + 1) & (INCREMENTS - 1);
        e.key(now + increments[i], now, origins[i], seq++);
        queue.push(e);
        return now;
    }
}
