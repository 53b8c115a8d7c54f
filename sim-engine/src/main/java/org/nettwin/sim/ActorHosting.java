package org.nettwin.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The Pekko side of ACTORS mode: {@code threads} worker actors that share one window's busy node groups.
 * The kernel posts the window's groups, tells the workers, and works through the groups itself too; each
 * runner claims the next group with one atomic increment, so a group runs exactly once, on whichever thread
 * claims it, and the kernel returns when all are done. Measured cost of the old one-message-per-node rounds
 * was the wake-up hand-off (50–70 µs per round); claiming lets the kernel thread finish small windows before a
 * worker has even woken, while big windows spread over all threads. Which thread runs a group never changes a
 * result: groups are independent within a window and everything they produce is keyed and sorted afterwards.
 */
final class ActorHosting implements AutoCloseable {
    private static final String NODE_DISPATCHER = "nettwin.node-dispatcher";

    private final ActorSystem<Void> system;
    private final List<ActorRef<Window>> workers = new ArrayList<>();
    private volatile Thread waiter;

    /**
     * One window's work, immutable but for its counters. Workers get the window itself in their message, so a
     * worker that wakes after its window is over finds that window's groups all claimed and does nothing.
     */
    private static final class Window {
        final NodeGroup[] jobs;
        final long end;
        final AtomicInteger nextJob = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();

        Window(NodeGroup[] jobs, long end) {
            this.jobs = jobs;
            this.end = end;
        }
    }

    ActorHosting(int threads) {
        system = ActorSystem.create(Behaviors.empty(), "nettwin-sim", config(threads));
        for (int i = 0; i < threads; i++) {
            Behavior<Window> worker = Behaviors.receiveMessage(window -> {
                claimAndRun(window);
                return Behaviors.same();
            });
            workers.add(system.systemActorOf(worker, "node-worker-" + i, DispatcherSelector.fromConfig(NODE_DISPATCHER)));
        }
    }

    /** Programmatic config, so no application.conf is needed and a user's file cannot change the results. */
    static Config config(int threads) {
        String text = String.format(Locale.ROOT, """
                pekko {
                  loglevel = "WARNING"
                  stdout-loglevel = "WARNING"
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  jvm-shutdown-hooks = off
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  actor.default-dispatcher.fork-join-executor {
                    parallelism-min = %1$d
                    parallelism-max = %1$d
                    parallelism-factor = 1.0
                  }
                }
                nettwin.node-dispatcher {
                  type = Dispatcher
                  executor = "fork-join-executor"
                  fork-join-executor {
                    parallelism-min = %1$d
                    parallelism-max = %1$d
                    parallelism-factor = 1.0
                  }
                  throughput = 1
                }
                """, threads);
        return ConfigFactory.parseString(text);
    }

    /** Runs every group's window (in parallel) and returns when all are done. */
    void runAll(List<NodeGroup> groups, long end) {
        Window window = new Window(groups.toArray(new NodeGroup[0]), end);
        int n = window.jobs.length;
        waiter = Thread.currentThread();
        // One group fewer than the workers is enough helpers: the kernel thread takes a share as well.
        for (int i = 0, helpers = Math.min(workers.size(), n - 1); i < helpers; i++) workers.get(i).tell(window);
        claimAndRun(window);
        int spins = 0;
        while (window.done.get() != n) {
            // A short spin catches groups just finishing elsewhere without a park/unpark round trip.
            if (++spins < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                if (system.whenTerminated().isCompleted()) {
                    throw new IllegalStateException("the node ActorSystem terminated during a window");
                }
            }
        }
    }

    /** Any thread: claims and runs groups of {@code window} until none is left. */
    private void claimAndRun(Window window) {
        NodeGroup[] jobs = window.jobs;
        for (int i = window.nextJob.getAndIncrement(); i < jobs.length; i = window.nextJob.getAndIncrement()) {
            jobs[i].run(window.end);
            if (window.done.incrementAndGet() == jobs.length) LockSupport.unpark(waiter);
        }
    }

    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the node ActorSystem did not terminate", e);
        }
    }
}
