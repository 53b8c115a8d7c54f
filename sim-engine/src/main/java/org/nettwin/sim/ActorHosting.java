package org.nettwin.sim;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
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
 * The Pekko side of ACTORS mode: one typed actor per node, each receiving ONE message per round that tells
 * it to run its batch. The kernel thread blocks on a countdown until every node of the round has finished.
 */
final class ActorHosting implements AutoCloseable {
    enum Command { RUN_BATCH }

    private static final String NODE_DISPATCHER = "nettwin.node-dispatcher";

    private final ActorSystem<Void> system;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread waiter;

    ActorHosting(int threads) {
        system = ActorSystem.create(Behaviors.empty(), "nettwin-sim", config(threads));
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

    ActorRef<Command> spawn(NodeHost host) {
        Behavior<Command> behavior = Behaviors.receiveMessage(command -> {
            host.runBatch();
            if (pending.decrementAndGet() == 0) LockSupport.unpark(waiter);
            return Behaviors.same();
        });
        return system.systemActorOf(behavior, "node-" + host.index, DispatcherSelector.fromConfig(NODE_DISPATCHER));
    }

    /** Runs the batches of {@code hosts} in parallel and returns when all are done. */
    void runAll(List<NodeHost> hosts) {
        waiter = Thread.currentThread();
        pending.set(hosts.size());
        for (int i = 0, n = hosts.size(); i < n; i++) hosts.get(i).actor.tell(Command.RUN_BATCH);
        int spins = 0;
        while (pending.get() != 0) {
            // A short spin catches small batches without a park/unpark round trip; then sleep until woken.
            if (++spins < 200) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
                if (system.whenTerminated().isCompleted()) {
                    throw new IllegalStateException("the node ActorSystem terminated during a round");
                }
            }
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
