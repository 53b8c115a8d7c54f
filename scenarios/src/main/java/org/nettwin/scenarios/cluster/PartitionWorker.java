package org.nettwin.scenarios.cluster;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.nettwin.scenarios.cluster.ClusterProtocol.CoordinatorCommand;
import org.nettwin.scenarios.cluster.ClusterProtocol.RunWindow;
import org.nettwin.scenarios.cluster.ClusterProtocol.Start;
import org.nettwin.scenarios.cluster.ClusterProtocol.Started;
import org.nettwin.scenarios.cluster.ClusterProtocol.Stop;
import org.nettwin.scenarios.cluster.ClusterProtocol.Stopped;
import org.nettwin.scenarios.cluster.ClusterProtocol.WindowDone;
import org.nettwin.scenarios.cluster.ClusterProtocol.WorkerCommand;
import org.nettwin.scenarios.cluster.ClusterProtocol.WorkerFailed;

/**
 * Hosts one partition's engine on its member and runs it window by window as the coordinator says. It runs on
 * a blocking dispatcher: a window is CPU work that may take a while, and must not starve Pekko's cluster
 * heartbeats on the default dispatcher. A worker of a member started only to serve one run
 * ({@code terminateWhenDone}) shuts its ActorSystem down after Stop, and when its coordinator disappears.
 */
public final class PartitionWorker extends AbstractBehavior<WorkerCommand> {
    private final boolean terminateWhenDone;
    private PartitionEngine engine;
    private int partition = -1;
    private ActorRef<CoordinatorCommand> coordinator;

    private PartitionWorker(ActorContext<WorkerCommand> context, boolean terminateWhenDone) {
        super(context);
        this.terminateWhenDone = terminateWhenDone;
        context.getSystem().receptionist().tell(Receptionist.register(ClusterProtocol.WORKERS, context.getSelf()));
    }

    public static Behavior<WorkerCommand> create(boolean terminateWhenDone) {
        return Behaviors.setup(context -> new PartitionWorker(context, terminateWhenDone));
    }

    @Override
    public Receive<WorkerCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::start)
                .onMessage(RunWindow.class, this::runWindow)
                .onMessage(Stop.class, this::stop)
                .onSignal(org.apache.pekko.actor.typed.Terminated.class, signal -> coordinatorGone())
                .build();
    }

    private Behavior<WorkerCommand> start(Start start) {
        if (coordinator != null) {
            // A new coordinator means the previous run was abandoned (its coordinator failed or vanished).
            closeEngine();
            getContext().unwatch(coordinator);
        }
        partition = start.partition();
        coordinator = start.coordinator();
        getContext().watch(coordinator);
        try {
            engine = PartitionEngineFactory.named(start.plan().engineFactory()).open(start.plan(), partition);
            coordinator.tell(new Started(partition, engine.lookaheadNs(), engine.nextEventNs()));
        } catch (Exception | LinkageError e) {
            coordinator.tell(new WorkerFailed(partition, describe(e)));
        }
        return this;
    }

    private Behavior<WorkerCommand> runWindow(RunWindow run) {
        if (engine == null) return this; // failed at start; the coordinator has been told
        try {
            engine.inject(run.inbound());
            coordinator.tell(new WindowDone(partition, run.index(), engine.runWindow(run.endExclusiveNs())));
        } catch (RuntimeException | LinkageError e) {
            coordinator.tell(new WorkerFailed(partition, describe(e)));
        }
        return this;
    }

    private Behavior<WorkerCommand> stop(Stop stop) {
        if (!stop.coordinator().equals(coordinator)) return this; // a late Stop of an earlier run
        closeEngine();
        if (coordinator != null) coordinator.tell(new Stopped(partition));
        return done();
    }

    private Behavior<WorkerCommand> coordinatorGone() {
        closeEngine();
        return done();
    }

    private Behavior<WorkerCommand> done() {
        if (terminateWhenDone) {
            getContext().getSystem().terminate();
            return Behaviors.stopped();
        }
        // Ready for the next run on this member.
        partition = -1;
        if (coordinator != null) getContext().unwatch(coordinator);
        coordinator = null;
        return this;
    }

    private void closeEngine() {
        if (engine == null) return;
        try {
            engine.close();
        } finally {
            engine = null;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }
}
