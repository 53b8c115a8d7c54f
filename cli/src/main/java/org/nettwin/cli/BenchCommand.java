package org.nettwin.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nettwin.scenarios.bench.Bench;
import org.nettwin.scenarios.bench.GateScale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `nettwin bench`: measures the simulator on named workloads or scenario files (figures for docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure simulated seconds per wall second, kernel events/s, frames/s and peak heap.")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand Main main;
    @Spec CommandSpec spec;

    @Option(names = {"-w", "--workload"}, description = "Workload name (${COMPLETION-CANDIDATES}) or a scenario .yml; repeatable. "
            + "Default: kernel-trivial, kernel-staggered, router-chain.", completionCandidates = WorkloadNames.class)
    List<String> workloads;

    @Parameters(paramLabel = "WORKLOAD", arity = "0..*", description = "Workloads, as with -w: `nettwin bench gate-scale --devices 10000`.")
    List<String> positionalWorkloads;

    @Option(names = "--devices", defaultValue = "1000",
            description = "gate-scale: devices behind seed 000's VPG, each pinging the VIP once a second; Gate Peer 1's keepalived stops at 30 s (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--carrier", defaultValue = "BEARERS",
            description = "gate-scale: how devices reach the VPG: BEARERS (one bearer per device, as on a mobile network) or SWITCHES "
                    + "(one L2 broadcast domain, ARP flooding grows with the square of the fleet) (default ${DEFAULT-VALUE}).")
    GateScale.Carrier carrier;

    @Option(names = "--routers", defaultValue = "1000", description = "vrrp-mesh: routers, in keepalived pairs along a chain of LANs (default ${DEFAULT-VALUE}).")
    int routers;

    @Option(names = "--seed-dir", defaultValue = "examples/soracom-gate",
            description = "gate-scale: the seed 000 example whose gate_init_vxlan.sh and keepalived.conf files it uses (default ${DEFAULT-VALUE}).")
    Path seedDir;

    @Option(names = "--inline", description = "Run nodes on the kernel thread instead of Pekko actors.")
    boolean inline;

    @Option(names = "--threads", defaultValue = "1", description = "Actor threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs of each workload first, to warm the JIT (default ${DEFAULT-VALUE}).")
    int warmup;

    static final class WorkloadNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Bench.ALL_WORKLOADS.iterator(); }
    }

    @Override public Integer call() throws Exception {
        PrintStream out = main.console;
        List<String> names = new ArrayList<>();
        if (workloads != null) names.addAll(workloads);
        if (positionalWorkloads != null) names.addAll(positionalWorkloads);
        if (names.isEmpty()) names.addAll(Bench.WORKLOADS);
        if (names.contains("gate-scale")) {
            // Checked before anything runs: gate-scale copies the seed 000 example's own files.
            for (String f : GateScale.SEED_FILES) {
                if (!Files.isRegularFile(seedDir.resolve(f))) {
                    throw new ParameterException(spec.commandLine(), "gate-scale needs " + seedDir.resolve(f)
                            + ": run it from the nettwin checkout, or point --seed-dir at the examples/soracom-gate directory");
                }
            }
        }
        Bench.Sizes sizes = new Bench.Sizes(devices, routers, seedDir, carrier);
        out.println("host mode: " + (inline ? "inline" : "actors, " + threads + " thread(s)") + "; " + Runtime.getRuntime().availableProcessors()
                + " cores; " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.println(Bench.HEADER);
        for (String w : names) {
            for (int i = 0; i < warmup; i++) Bench.run(w, inline, threads, sizes);
            out.println(Bench.run(w, inline, threads, sizes).row());
        }
        return Main.EXIT_OK;
    }
}
