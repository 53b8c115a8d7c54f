package org.nettwin.sim;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Timer cancellation by flag-and-skip: {@link TimerEvent#cancel()} only sets a flag, the dead entry stays in
 * the {@link EventQueue} until it reaches the top, and the group's loop pops and skips it ({@code NodeGroup.run}).
 * One node holds {@code pending} live timers (real {@link TimerEvent}s of a {@link NodeHost} outside a kernel),
 * timed as in {@link EventQueueBench}. Each timer is a new object, as {@code NodeEnv.schedule} makes them.
 *
 * <ul>
 *   <li>{@code fire}: the baseline without cancellation: pop the earliest timer and schedule its successor
 *       (a periodic timer re-arming itself);</li>
 *   <li>{@code rearm}: a protocol resets a pending timer (keepalived's master-down timer on every advert):
 *       cancel a random live timer and schedule its replacement, then the same step as {@code fire}, which
 *       now also pops and skips whatever dead entries reached the top. In steady state the queue carries about
 *       as many dead entries as live ones, so {@code rearm - fire} is the whole price of a cancel: the flag,
 *       the extra push, the skip pop and the heap twice as big.</li>
 * </ul>
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
public class TimerCancelBench {
    @Param({"10", "1000", "100000"})
    public int pending;

    private NodeHost host;
    private EventQueue queue;
    /** The live timer of each slot; a timer's action is its slot, so a popped timer finds its own. */
    private TimerEvent[] live;
    private Slot[] slotActions;
    private long[] increments;
    private int[] victims;
    private int next;
    private long now;

    private record Slot(int index) implements Runnable {
        @Override public void run() { }
    }

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0x71AEL);
        long mean = pending * EventQueueBench.SPACING_NS;
        increments = EventQueueBench.exponentialIncrements(random, mean);
        victims = new int[EventQueueBench.INCREMENTS];
        for (int i = 0; i < victims.length; i++) victims[i] = random.nextInt(pending);
        host = new NodeHost(null, "bench", 0, null, true);
        queue = new EventQueue();
        live = new TimerEvent[pending];
        slotActions = new Slot[pending];
        for (int j = 0; j < pending; j++) {
            slotActions[j] = new Slot(j);
            arm(j, EventQueueBench.exponential(random, mean));
        }
    }

    /** TimerEvent.cancel checks that it runs in the node's own processing, as it would in NodeGroup.run. */
    @Setup(Level.Iteration)
    public void enterNode() {
        host.activeThread = Thread.currentThread();
    }

    /** What NodeEnv.schedule does for slot {@code j}'s timer, minus the argument checks. */
    private void arm(int j, long time) {
        TimerEvent t = new TimerEvent(host, "bench", slotActions[j]);
        host.keyCreated(t, time);
        queue.push(t);
        live[j] = t;
    }

    private long increment() {
        int i = next;
        next = (i + 1) & (EventQueueBench.INCREMENTS - 1);
        return increments[i];
    }

    /** Pops the earliest live timer (skipping cancelled ones, as NodeGroup.run does) and arms its successor. */
    @Benchmark
    public long fire() {
        TimerEvent t;
        do {
            t = (TimerEvent) queue.pop();
        } while (t.isCancelled());
        now = host.localNow = t.time;
        arm(((Slot) t.action).index(), now + increment());
        return now;
    }

    @Benchmark
    public long rearm() {
        int j = victims[next];
        live[j].cancel();
        arm(j, now + increment());
        return fire();
    }
}
