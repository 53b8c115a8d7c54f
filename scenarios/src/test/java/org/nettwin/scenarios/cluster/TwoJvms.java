package org.nettwin.scenarios.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A real two-member Pekko cluster on 127.0.0.1: this JVM is the seed, the coordinator and partition 0; a
 * child JVM (started with this JVM's class path) is partition 1 of every run. {@link #close} ends both, and
 * the child also ends by itself when this JVM dies (its stdin closes).
 */
final class TwoJvms implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final WorkerProcess child;
    private final Path log;

    TwoJvms() throws Exception {
        system = ClusterMembers.start("127.0.0.1", 0, false);
        WorkerProcess spawned = null;
        try {
            ClusterMembers.join(system, ClusterMembers.selfAddress(system));
            log = Files.createDirectories(Path.of("target", "cluster-logs")).resolve("member-" + ProcessHandle.current().pid() + ".log");
            spawned = WorkerProcess.spawn(ClusterMembers.selfAddress(system), log);
        } catch (Exception | Error e) {
            terminate();
            throw e;
        }
        child = spawned;
    }

    PartitionedResult run(PartitionPlan plan, Duration timeout, String name) throws Exception {
        if (plan.partitions() != 2) throw new IllegalArgumentException("two JVMs host two partitions");
        long started = System.nanoTime();
        try {
            PartitionedResult result = ClusterMembers.coordinate(system, plan, Duration.ofSeconds(20), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Figures for docs/distributed.md, never asserted: wall time depends on the machine.
            System.out.printf(Locale.ROOT, "%s: %d windows, %d records, %d frames crossed JVMs, %.1f s to the result%n",
                    name, result.windows(), result.records(), result.crossFrames(), (System.nanoTime() - started) / 1e9);
            return result;
        } catch (ExecutionException | TimeoutException e) {
            String childLog = Files.exists(log) ? Files.readString(log) : "(no log)";
            throw new AssertionError("two-JVM run " + name + " failed: " + (e.getCause() != null ? e.getCause() : e)
                    + "\nchild JVM (alive: " + child.isAlive() + ") log " + log + ":\n" + childLog, e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            child.close();
        } finally {
            terminate();
        }
    }

    private void terminate() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
