package org.nettwin.scenarios.cluster;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The messages between the run coordinator and the partition workers (one per member):
 * Start(plan, partition) → Started(lookahead, first event); per window RunWindow(end, inbound frames) →
 * WindowDone(outbox, trace, next event); Stop → Stopped. Everything that crosses JVMs is a {@link ClusterMessage}.
 */
public final class ClusterProtocol {
    private ClusterProtocol() {}

    /** Workers register under this key with the receptionist; the coordinator finds them through it. */
    public static final ServiceKey<WorkerCommand> WORKERS = ServiceKey.create(WorkerCommand.class, "nettwin-partition-worker");

    /** What a partition worker accepts. */
    public interface WorkerCommand {}

    /** What the coordinator accepts. */
    public interface CoordinatorCommand {}

    /** Build partition {@code partition} of {@code plan} and report to {@code coordinator}. */
    public record Start(PartitionPlan plan, int partition, ActorRef<CoordinatorCommand> coordinator) implements WorkerCommand, ClusterMessage {}

    /** Inject {@code inbound}, then run every event before {@code endExclusiveNs}. */
    public record RunWindow(long index, long endExclusiveNs, List<CrossFrame> inbound) implements WorkerCommand, ClusterMessage {
        public RunWindow {
            inbound = List.copyOf(inbound);
        }
    }

    /**
     * Close the engine; {@code reason} is null after a completed run, the failure otherwise. It names its
     * coordinator because messages of different senders are not ordered: a late Stop of a failed run must not
     * end the next run's partition.
     */
    public record Stop(String reason, ActorRef<CoordinatorCommand> coordinator) implements WorkerCommand, ClusterMessage {}

    public record Started(int partition, long lookaheadNs, long nextEventNs) implements CoordinatorCommand, ClusterMessage {}

    public record WindowDone(int partition, long index, WindowOutput output) implements CoordinatorCommand, ClusterMessage {}

    public record Stopped(int partition) implements CoordinatorCommand, ClusterMessage {}

    /** The worker's engine threw; the run cannot continue. */
    public record WorkerFailed(int partition, String error) implements CoordinatorCommand, ClusterMessage {}

    // Local to the coordinator's JVM, never serialized.
    record WorkersListed(Set<ActorRef<WorkerCommand>> workers) implements CoordinatorCommand {}

    record MemberUnreachable(String member) implements CoordinatorCommand {}

    record StepTimedOut(String waitingFor) implements CoordinatorCommand {}
}
