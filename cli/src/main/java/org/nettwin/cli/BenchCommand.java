package org.nettwin.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.nettwin.scenarios.bench.Bench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** `nettwin bench`: measures the simulator on named workloads or scenario files (figures for docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure simulated seconds per wall second, kernel events/s, frames/s and peak heap.")
final class BenchCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Option(names = {"-w", "--workload"}, description = "Workload name (${COMPLETION-CANDIDATES}) or a scenario .yml; repeatable. Default: all named workloads.",
            completionCandidates = WorkloadNames.class)
    List<String> workloads;

    @Option(names = "--inline", description = "Run nodes on the kernel thread instead of Pekko actors.")
    boolean inline;

    @Option(names = "--threads", defaultValue = "1", description = "Actor threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured runs of each workload first, to warm the JIT (default ${DEFAULT-VALUE}).")
    int warmup;

    static final class WorkloadNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return Bench.WORKLOADS.iterator(); }
    }

    @Override public Integer call() throws Exception {
        PrintStream out = main.console;
        List<String> names = workloads == null || workloads.isEmpty() ? Bench.WORKLOADS : workloads;
        out.println("host mode: " + (inline ? "inline" : "actors, " + threads + " thread(s)") + "; " + Runtime.getRuntime().availableProcessors()
                + " cores; " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        out.println(Bench.HEADER);
        for (String w : names) {
            for (int i = 0; i < warmup; i++) Bench.run(w, inline, threads);
            out.println(Bench.run(w, inline, threads).row());
        }
        return Main.EXIT_OK;
    }
}
