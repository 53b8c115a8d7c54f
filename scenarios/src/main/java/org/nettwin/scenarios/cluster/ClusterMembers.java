package org.nettwin.scenarios.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * Starting cluster members for partitioned runs. Every member runs one {@link PartitionWorker}; the member
 * that coordinates joins itself (it is the seed node) and the others join its address, so no port has to be
 * fixed in advance: each member binds port 0 and reports the port it got.
 */
public final class ClusterMembers {
    /** The ActorSystem name: members only join members of the same name. */
    public static final String SYSTEM_NAME = "nettwin";
    private static final AtomicLong RUNS = new AtomicLong();

    private ClusterMembers() {}

    /**
     * Cluster config on {@code host}:{@code port} (0 = any free port). Programmatic, like the kernel's, so an
     * application.conf on the classpath cannot change a run. Frames can be large in a busy window, hence the
     * frame size; there is no downing provider: a member lost in the middle of a run fails the run anyway
     * (docs/distributed.md, failure handling).
     */
    public static Config config(String host, int port) {
        String text = String.format(Locale.ROOT, """
                pekko {
                  loglevel = "WARNING"
                  stdout-loglevel = "WARNING"
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  jvm-shutdown-hooks = off
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  actor {
                    provider = cluster
                    serialization-bindings { "org.nettwin.scenarios.cluster.ClusterMessage" = jackson-cbor }
                  }
                  remote.artery {
                    transport = tcp
                    canonical.hostname = "%s"
                    canonical.port = %d
                    # One window's output is one message (default limit 256 KiB); beyond this, windows must be chunked.
                    advanced.maximum-frame-size = 8MiB
                  }
                  cluster {
                    jmx.enabled = off
                    log-info = off
                    # The receptionist spreads worker registrations by gossip; a short interval makes a
                    # two-member cluster ready in well under a second instead of seconds.
                    typed.receptionist.distributed-data.gossip-interval = 100ms
                  }
                }
                """, host, port);
        return ConfigFactory.parseString(text);
    }

    /** Starts a member on {@code host} with a partition worker; {@code serveOneRun}: terminate after the run it joins. */
    public static ActorSystem<Void> start(String host, int port, boolean serveOneRun) {
        return ActorSystem.create(Behaviors.setup(context -> {
            context.spawn(PartitionWorker.create(serveOneRun), "partition-worker", DispatcherSelector.blocking());
            return Behaviors.<Void>empty();
        }), SYSTEM_NAME, config(host, port));
    }

    /** This member's address as others join it, e.g. {@code pekko://nettwin@127.0.0.1:40123}. */
    public static Address selfAddress(ActorSystem<?> system) {
        return Cluster.get(system).selfMember().address();
    }

    /** Joins the cluster whose seed is {@code seed} (the member's own address to form a new cluster). */
    public static void join(ActorSystem<?> system, Address seed) {
        Cluster.get(system).manager().tell(Join.create(seed));
    }

    public static Address parseAddress(String uri) {
        return AddressFromURIString.parse(uri);
    }

    /**
     * Coordinates one run of {@code plan} from {@code system} (a started member that has joined the cluster):
     * the future completes with the merged result, or exceptionally with the reason the run failed.
     */
    public static CompletableFuture<PartitionedResult> coordinate(ActorSystem<?> system, PartitionPlan plan, Duration stepTimeout, boolean keepLines) {
        CompletableFuture<PartitionedResult> result = new CompletableFuture<>();
        system.systemActorOf(RunCoordinator.create(plan, stepTimeout, keepLines, result), "run-coordinator-" + RUNS.incrementAndGet(), Props.empty());
        return result;
    }
}
