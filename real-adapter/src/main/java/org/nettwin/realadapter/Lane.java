package org.nettwin.realadapter;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.nettwin.protocols.env.Time;

/**
 * One thread of control on the wall clock: a Pekko typed actor owning a queue of work due at given times,
 * run in (due time, submission order) as each falls due. A node is a lane, so its calls never overlap;
 * the scenario's link faults run on a lane of their own.
 *
 * <p>Pekko's scheduler only wakes the lane: one single timer, always for the head of the queue. Keeping the
 * queue here rather than one Pekko timer per protocol timer gives the NodeEnv contract's order for timers of
 * one instant, and makes cancel exact: a cancelled item is skipped when it reaches the head, even if the
 * wake-up for it is already in the mailbox.
 *
 * <p>Before the runtime starts, work is queued directly (no actor exists yet); afterwards only through
 * {@link #submit}, which is what makes the queue single-threaded.
 */
class Lane {
    /** Something to do on a lane at {@code dueNs} (run time). */
    abstract static class Work {
        final long dueNs;
        long seq;

        Work(long dueNs) {
            this.dueNs = dueNs;
        }

        /** What the lag report and failure messages call it: "timer 'arp/probe'". */
        abstract String label();

        /** Runs on the lane's thread of control. */
        abstract void run();

        boolean cancelled() { return false; }
    }

    private sealed interface Msg permits Submit, Wake {}

    private record Submit(Work work) implements Msg {}

    private enum Wake implements Msg { INSTANCE }

    private static final Comparator<Work> ORDER = Comparator.<Work>comparingLong(w -> w.dueNs).thenComparingLong(w -> w.seq);
    private static final String WAKE_TIMER = "wake";
    private static final long NO_WAKE = Long.MIN_VALUE;
    /** The lane whose work the current thread is running, so links can stamp what a node sends with its time. */
    private static final ThreadLocal<Lane> CURRENT = new ThreadLocal<>();

    final WallClockRuntime runtime;
    final String name;
    private final PriorityQueue<Work> queue = new PriorityQueue<>(ORDER);
    private long nextSeq;
    private volatile ActorRef<Msg> actor;
    private TimerScheduler<Msg> timers;
    private long wakeArmedFor = NO_WAKE;
    /** Start time of the work running now: what the lane's code sees as "now", fixed for the whole item. */
    long currentNs;
    private Thread activeThread;

    Lane(WallClockRuntime runtime, String name) {
        this.runtime = runtime;
        this.name = name;
    }

    /** The lane running on this thread, or null on any other thread. */
    static Lane current() {
        return CURRENT.get();
    }

    /** Starts the actor; what was queued before runs as it falls due. Synchronized with {@link #submit}'s direct path. */
    synchronized void spawn(ActorSystem<Void> system, String actorName) {
        Behavior<Msg> behavior = Behaviors.withTimers(t -> {
            timers = t;
            return Behaviors.receiveMessage(this::onMessage);
        });
        ActorRef<Msg> ref = system.systemActorOf(behavior, actorName, Props.empty());
        actor = ref;
        ref.tell(Wake.INSTANCE);
    }

    /** Queues {@code work}; any thread. Work already due runs as soon as the lane gets to it. */
    void submit(Work work) {
        ActorRef<Msg> ref = actor;
        if (ref == null) {
            synchronized (this) {
                if (actor == null) {
                    enqueue(work);
                    return;
                }
            }
            ref = actor;
        }
        ref.tell(new Submit(work));
    }

    /** Queues work from inside this lane's own processing (a node arming a timer). */
    void enqueueFromInside(Work work) {
        checkContext();
        enqueue(work);
    }

    private void enqueue(Work work) {
        work.seq = nextSeq++;
        queue.add(work);
    }

    boolean inContext() {
        return Thread.currentThread() == activeThread;
    }

    void checkContext() {
        if (!inContext()) {
            throw new IllegalStateException("lane " + name + " used outside its own processing (thread " + Thread.currentThread().getName()
                    + "); use WallClockRuntime.onNode to act on a node");
        }
    }

    private Behavior<Msg> onMessage(Msg msg) {
        if (msg instanceof Submit submit) {
            enqueue(submit.work());
        } else {
            wakeArmedFor = NO_WAKE;
        }
        drain();
        return Behaviors.same();
    }

    /** Runs everything due, then arms one wake-up for the next item. */
    private void drain() {
        while (!runtime.failed()) {
            Work head = queue.peek();
            if (head == null) return;
            if (head.cancelled()) {
                queue.poll();
                continue;
            }
            long now = runtime.now();
            if (head.dueNs > now) {
                armWake(head.dueNs, now);
                return;
            }
            queue.poll();
            if (!runtime.admit(this, head, now)) return;
            execute(head, now);
        }
    }

    private void execute(Work work, long startNs) {
        currentNs = startNs;
        activeThread = Thread.currentThread();
        CURRENT.set(this);
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            runtime.fail(new IllegalStateException(name + " failed in " + work.label() + " at " + Time.format(startNs) + ": " + e, e));
        } finally {
            activeThread = null;
            CURRENT.remove();
        }
    }

    private void armWake(long dueNs, long now) {
        if (wakeArmedFor == dueNs) return;
        wakeArmedFor = dueNs;
        // Restarting the one keyed timer replaces the earlier wake-up; Pekko drops its message even if queued.
        timers.startSingleTimer(WAKE_TIMER, Wake.INSTANCE, Duration.ofNanos(dueNs - now));
    }
}
