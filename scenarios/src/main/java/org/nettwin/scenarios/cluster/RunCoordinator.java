package org.nettwin.scenarios.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.nettwin.scenarios.cluster.ClusterProtocol.CoordinatorCommand;
import org.nettwin.scenarios.cluster.ClusterProtocol.MemberUnreachable;
import org.nettwin.scenarios.cluster.ClusterProtocol.RunWindow;
import org.nettwin.scenarios.cluster.ClusterProtocol.Start;
import org.nettwin.scenarios.cluster.ClusterProtocol.Started;
import org.nettwin.scenarios.cluster.ClusterProtocol.StepTimedOut;
import org.nettwin.scenarios.cluster.ClusterProtocol.Stop;
import org.nettwin.scenarios.cluster.ClusterProtocol.Stopped;
import org.nettwin.scenarios.cluster.ClusterProtocol.WindowDone;
import org.nettwin.scenarios.cluster.ClusterProtocol.WorkerCommand;
import org.nettwin.scenarios.cluster.ClusterProtocol.WorkerFailed;
import org.nettwin.scenarios.cluster.ClusterProtocol.WorkersListed;

/**
 * Drives one partitioned run over the cluster: waits until {@code plan.partitions()} workers are registered,
 * gives worker i partition i (its own member's worker first, then by actor path, so the assignment is
 * deterministic), then runs the {@link WindowConductor} barrier: one RunWindow to every worker, wait for every
 * WindowDone, route the frames, next window. The result (or the first failure: a worker's exception, an
 * unreachable member, a step that took longer than {@code stepTimeout}) completes {@code result}.
 */
public final class RunCoordinator extends AbstractBehavior<CoordinatorCommand> {
    private static final Object STEP_TIMER = "step";

    private final PartitionPlan plan;
    private final Duration stepTimeout;
    private final boolean keepLines;
    private final CompletableFuture<PartitionedResult> result;
    private final TimerScheduler<CoordinatorCommand> timers;
    private final List<ActorRef<WorkerCommand>> workers = new ArrayList<>();
    private final long[] lookaheads;
    private final long[] firstEvents;
    private int startedCount;
    private int stoppedCount;
    private WindowConductor conductor;
    private WindowConductor.Window window;
    private PartitionedResult finished;

    private RunCoordinator(ActorContext<CoordinatorCommand> context, TimerScheduler<CoordinatorCommand> timers, PartitionPlan plan,
                           Duration stepTimeout, boolean keepLines, CompletableFuture<PartitionedResult> result) {
        super(context);
        this.plan = plan;
        this.stepTimeout = stepTimeout;
        this.keepLines = keepLines;
        this.result = result;
        this.timers = timers;
        this.lookaheads = new long[plan.partitions()];
        this.firstEvents = new long[plan.partitions()];
        ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
                listing -> new WorkersListed(listing.getServiceInstances(ClusterProtocol.WORKERS)));
        context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterProtocol.WORKERS, listings));
        ActorRef<ClusterEvent.UnreachableMember> unreachable = context.messageAdapter(ClusterEvent.UnreachableMember.class,
                event -> new MemberUnreachable(event.member().address().toString()));
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(unreachable, ClusterEvent.UnreachableMember.class));
        armTimer("registration of " + plan.partitions() + " partition workers");
    }

    public static Behavior<CoordinatorCommand> create(PartitionPlan plan, Duration stepTimeout, boolean keepLines,
                                                      CompletableFuture<PartitionedResult> result) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new RunCoordinator(context, timers, plan, stepTimeout, keepLines, result)));
    }

    @Override
    public Receive<CoordinatorCommand> createReceive() {
        return newReceiveBuilder()
                .onMessage(WorkersListed.class, this::workersListed)
                .onMessage(Started.class, this::started)
                .onMessage(WindowDone.class, this::windowDone)
                .onMessage(Stopped.class, this::stopped)
                .onMessage(WorkerFailed.class, m -> fail("partition " + m.partition() + " failed: " + m.error()))
                .onMessage(MemberUnreachable.class, m -> fail("cluster member " + m.member() + " became unreachable"))
                .onMessage(StepTimedOut.class, m -> fail("timed out after " + stepTimeout + " waiting for " + m.waitingFor()))
                .build();
    }

    private Behavior<CoordinatorCommand> workersListed(WorkersListed listed) {
        if (!workers.isEmpty() || listed.workers().size() < plan.partitions()) return this;
        List<ActorRef<WorkerCommand>> sorted = new ArrayList<>(listed.workers());
        sorted.sort(Comparator.<ActorRef<WorkerCommand>, Boolean>comparing(w -> !w.path().address().hasLocalScope())
                .thenComparing(w -> w.path().toString()));
        workers.addAll(sorted.subList(0, plan.partitions()));
        for (int p = 0; p < workers.size(); p++) workers.get(p).tell(new Start(plan, p, getContext().getSelf()));
        armTimer("every partition to start");
        return this;
    }

    private Behavior<CoordinatorCommand> started(Started started) {
        lookaheads[started.partition()] = started.lookaheadNs();
        firstEvents[started.partition()] = started.nextEventNs();
        if (++startedCount < plan.partitions()) return this;
        try {
            conductor = new WindowConductor(plan, lookaheads, firstEvents, keepLines);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        return nextWindow();
    }

    private Behavior<CoordinatorCommand> nextWindow() {
        window = conductor.nextWindow();
        if (window == null) {
            finished = conductor.result();
            for (ActorRef<WorkerCommand> w : workers) w.tell(new Stop(null, getContext().getSelf()));
            armTimer("every partition to stop");
            return this;
        }
        for (int p = 0; p < workers.size(); p++) {
            workers.get(p).tell(new RunWindow(window.index(), window.endExclusiveNs(), window.inbound().get(p)));
        }
        armTimer("window " + window.index());
        return this;
    }

    private Behavior<CoordinatorCommand> windowDone(WindowDone done) {
        if (window == null || done.index() != window.index()) return fail("partition " + done.partition() + " answered window " + done.index() + " out of turn");
        try {
            if (!conductor.complete(done.partition(), done.output())) return this;
        } catch (IllegalStateException e) {
            return fail(e.getMessage());
        }
        return nextWindow();
    }

    private Behavior<CoordinatorCommand> stopped(Stopped stopped) {
        if (finished == null || ++stoppedCount < workers.size()) return this;
        timers.cancel(STEP_TIMER);
        result.complete(finished);
        return Behaviors.stopped();
    }

    private Behavior<CoordinatorCommand> fail(String reason) {
        for (ActorRef<WorkerCommand> w : workers) w.tell(new Stop(reason, getContext().getSelf()));
        result.completeExceptionally(new IllegalStateException("partitioned run failed: " + reason));
        return Behaviors.stopped();
    }

    private void armTimer(String waitingFor) {
        timers.startSingleTimer(STEP_TIMER, new StepTimedOut(waitingFor), stepTimeout);
    }
}
