package org.nettwin.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.nettwin.scenarios.cluster.ClusterMember;
import org.nettwin.scenarios.cluster.ClusterMembers;
import org.nettwin.scenarios.cluster.PartitionPlan;
import org.nettwin.scenarios.cluster.PartitionedResult;
import org.nettwin.scenarios.cluster.ScenarioPartitionEngine;
import org.nettwin.scenarios.cluster.WorkerProcess;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.topologies.yaml.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nettwin cluster}: one scenario split into partitions on the members of a Pekko Cluster (docs/distributed.md). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run one scenario split across several JVMs (docs/distributed.md).",
        subcommands = {ClusterCommand.Run.class, ClusterCommand.Member.class})
final class ClusterCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Partition the scenario's topology, run the partitions on this JVM and other members, print the merged fingerprint.")
    static final class Run implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "<scenario.yml>", description = "The scenario file; every member must be able to read it at the same path.")
        Path file;

        @Option(names = "--partitions", defaultValue = "2", description = "Number of partitions, one per member (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--local-members", description = "Members to start as child JVMs on this machine (default: partitions - 1); "
                + "the others must join with `nettwin cluster member --join ADDRESS`.")
        Integer localMembers;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address this member binds and others reach it at (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "0", description = "Port of this member (default: any free port).")
        int port;

        @Option(names = "--seed", description = "Override the scenario's seed.")
        Long seed;

        @Option(names = "--step-timeout", defaultValue = "60s", description = "Longest wait for members to join and for one window (default: ${DEFAULT-VALUE}).")
        String stepTimeout;

        @Option(names = "--check", description = "Also run the scenario on one JVM and exit 1 unless the fingerprints are equal.")
        boolean check;

        @Override public Integer call() throws Exception {
            if (partitions < 1) throw new ParameterException(spec.commandLine(), "--partitions must be at least 1");
            int local = localMembers != null ? localMembers : partitions - 1;
            if (local < 0 || local > partitions - 1) {
                throw new ParameterException(spec.commandLine(), "--local-members must be between 0 and " + (partitions - 1));
            }
            Duration step = Duration.ofNanos(positive(stepTimeout));
            PartitionPlan plan = ScenarioPartitionEngine.plan(file, partitions, seed);
            PrintWriter out = spec.commandLine().getOut();
            Map<Integer, List<String>> byPartition = new TreeMap<>();
            plan.partitionOfNode().forEach((node, p) -> byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(node));
            byPartition.forEach((p, nodes) -> out.println("partition " + p + ": " + String.join(" ", nodes.stream().sorted().toList())));
            ActorSystem<Void> system = ClusterMembers.start(host, port, false);
            List<WorkerProcess> children = new ArrayList<>();
            try {
                ClusterMembers.join(system, ClusterMembers.selfAddress(system));
                String address = ClusterMembers.selfAddress(system).toString();
                out.println("coordinator " + address);
                if (partitions - 1 > local) {
                    out.println("waiting for " + (partitions - 1 - local) + " member(s): nettwin cluster member --join " + address);
                }
                out.flush();
                Path logs = local > 0 ? Files.createTempDirectory("nettwin-cluster-") : null;
                for (int i = 0; i < local; i++) {
                    children.add(WorkerProcess.spawn(ClusterMembers.selfAddress(system), logs.resolve("member-" + (i + 1) + ".log")));
                }
                PartitionedResult result;
                try {
                    result = ClusterMembers.coordinate(system, plan, step, false).get();
                } catch (ExecutionException e) {
                    spec.commandLine().getErr().println("nettwin cluster: " + e.getCause().getMessage() + (logs != null ? " (member logs in " + logs + ")" : ""));
                    spec.commandLine().getErr().flush();
                    return Main.EXIT_FAILED;
                }
                out.println(result.windows() + " windows, " + result.records() + " records, " + result.crossFrames() + " frames crossed partitions");
                out.println("fingerprint " + result.fingerprint());
                out.flush();
                if (!check) return Main.EXIT_OK;
                RunOptions options = new RunOptions(seed, null, null, 1, true, null);
                String single = ScenarioRunner.run(ScenarioLoader.load(file), options).fingerprint();
                boolean same = single.equals(result.fingerprint());
                out.println(same ? "same fingerprint as the single-JVM run" : "DIFFERS from the single-JVM run: " + single);
                out.flush();
                return same ? Main.EXIT_OK : Main.EXIT_FAILED;
            } finally {
                for (WorkerProcess child : children) child.close();
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }

        private long positive(String text) {
            long ns;
            try {
                ns = Units.parseDuration(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--step-timeout: " + e.getMessage() + " (" + Units.DURATION_EXAMPLES + ")");
            }
            if (ns <= 0) throw new ParameterException(spec.commandLine(), "--step-timeout must be longer than 0");
            return ns;
        }
    }

    @Command(name = "member", mixinStandardHelpOptions = true,
            description = "Join a coordinator's cluster and host one partition of its next run; exits when the run ends.")
    static final class Member implements Callable<Integer> {
        @Option(names = "--join", required = true, paramLabel = "ADDRESS", description = "The coordinator's address, as `nettwin cluster run` prints it.")
        String join;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address this member binds and others reach it at (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "0", description = "Port of this member (default: any free port).")
        int port;

        @Override public Integer call() throws InterruptedException {
            // Ends the JVM with the member's own status when its run is over.
            ClusterMember.main(new String[] {"--join", join, "--host", host, "--port", Integer.toString(port)});
            return Main.EXIT_OK;
        }
    }
}
