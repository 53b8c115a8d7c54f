package org.nettwin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.reports.CompletedRunData;
import org.nettwin.reports.FailoverDistribution;
import org.nettwin.reports.format.ReportFiles;
import org.nettwin.scenarios.chaos.ChaosJUnitXml;
import org.nettwin.scenarios.chaos.ChaosOptions;
import org.nettwin.scenarios.chaos.ChaosRunner;
import org.nettwin.scenarios.chaos.ScenarioWriter;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.yaml.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Run a scenario's network under N random fault schedules drawn from what it runs (links, keepalived, "
                + "Heartbeat, PPPoE, IPsec tunnels) and check its invariants: one VRRP master or active cluster node, "
                + "reachability restored, tunnels up again, no forwarding loop, no interface left down. Failing schedules are "
                + "minimised and written as scenario files that `nettwin run` replays.",
                "Exit 0 when every run keeps the invariants, 1 when one does not, 2 for a mistake in the input."})
final class ChaosCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<scenario.yml>", description = "The base scenario: its topology, probes and duration (its events and expectations are not used).")
    Path file;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "100", description = "Schedules to draw and run. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Master seed; run i's own seed is derived from it and printed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Write junit.xml (one test case per run), the minimised scenario of each failing run, and the failover-time "
            + "distribution across runs (distribution.md, charts/failover-histogram and charts/failover-cdf as PNG and SVG) into DIR.")
    Path outDir;

    @Option(names = "--duration", paramLabel = "TIME", description = "Length of each run, e.g. 60s (default: the scenario's).")
    String duration;

    @Option(names = "--recovery-bound", paramLabel = "TIME",
            description = "How soon after the last fault cleared every probe must be answered again, tunnels be up and VRRP or "
                    + "Heartbeat reconverged. Default: derived from the network's own timers (printed; see docs/chaos.md).")
    String recoveryBound;

    @Option(names = "--max-faults", paramLabel = "N", defaultValue = "4", description = "Faults per schedule are drawn from 1 to N. Default: ${DEFAULT-VALUE}.")
    int maxFaults;

    @Option(names = "--shrink", paramLabel = "N", defaultValue = "3", description = "Minimise at most the first N failing runs (each costs up to "
            + ChaosRunner.SHRINK_BUDGET + " runs). Default: ${DEFAULT-VALUE}.")
    int shrink;

    @Option(names = "--progress", description = "Show the progress bar even when not on a terminal.")
    boolean progress;

    @Override public Integer call() throws ConfigError, IOException {
        ScenarioSpec base = ScenarioLoader.load(file);
        ChaosRunner runner;
        try {
            runner = new ChaosRunner(base, options());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // System.console() is null unless the JVM sits on a terminal: the closest Java gets to isatty(2).
        ProgressBar bar = progress || System.console() != null ? new ProgressBar(err, runs) : null;
        out.println("chaos " + base.name() + ": " + runs + " runs of " + Time.format(runner.durationNs()) + ", master seed " + seed);
        out.println("recovery bound " + Time.format(runner.options().recoveryBoundNs()) + (recoveryBound != null ? " (--recovery-bound)"
                : " from " + runner.survey().slowestRecovery()) + "; faults last up to " + Time.format(runner.options().maxFaultNs()));
        out.flush();

        List<ChaosRunner.ChaosRun> results = new ArrayList<>();
        // Only the failover samples of each run are kept: a thousand traces would not fit in memory.
        FailoverDistribution failovers = outDir == null ? null : new FailoverDistribution(base.name() + ", " + runs + " chaos runs, master seed " + seed);
        int failed = 0;
        for (int i = 0; i < runs; i++) {
            ChaosRunner.ChaosRun run = failovers == null ? runner.run(i) : runner.run(i, completed -> failovers.add(CompletedRunData.of(completed, List.of())));
            results.add(run);
            if (!run.passed()) failed++;
            if (bar != null) bar.show(i + 1, failed);
        }
        if (bar != null) bar.done();

        Map<Integer, Path> minimisedFiles = new LinkedHashMap<>();
        int shrunk = 0;
        for (ChaosRunner.ChaosRun run : results) {
            if (run.passed()) continue;
            out.println("FAILED run " + run.index() + " seed " + run.seed() + " (" + run.schedule().size() + " faults)");
            run.violations().forEach(v -> out.println("  " + v));
            if (shrunk++ >= shrink) continue;
            ChaosRunner.Minimised m = runner.minimise(run);
            out.println("  minimised in " + m.evaluations() + " runs to " + m.schedule().size() + " fault" + (m.schedule().size() == 1 ? "" : "s")
                    + ", still " + m.violation());
            if (outDir != null) {
                Path written = outDir.resolve(base.name() + "-run-" + run.index() + ".scenario.yml");
                runner.write(m, written);
                minimisedFiles.put(run.index(), written);
                out.println("  replay: nettwin run " + written);
            } else {
                out.print(ScenarioWriter.toYaml(m.scenario(), Path.of("").toAbsolutePath(), List.of("minimised run " + run.index() + " (write it with --out DIR)")));
            }
        }
        if (outDir != null) {
            Path junit = outDir.resolve("junit.xml");
            ChaosJUnitXml.write(junit, base.name(), seed, results, minimisedFiles);
            out.println("junit: " + junit);
            failovers.write(outDir);
            out.println("failover distribution: " + outDir.resolve(FailoverDistribution.MARKDOWN) + " (" + failovers.samples().size()
                    + " failovers; charts in " + outDir.resolve(ReportFiles.CHARTS_DIR) + ")");
        }
        out.println("chaos " + base.name() + ": " + runs + " runs, " + (runs - failed) + " passed, " + failed + " failed"
                + (failed == 0 ? "" : "; failing seeds: " + results.stream().filter(r -> !r.passed()).map(r -> Long.toString(r.seed())).toList()));
        out.flush();
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private ChaosOptions options() {
        if (runs < 1) throw new ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        if (maxFaults < 1) throw new ParameterException(spec.commandLine(), "--max-faults must be at least 1, got " + maxFaults);
        if (shrink < 0) throw new ParameterException(spec.commandLine(), "--shrink must not be negative, got " + shrink);
        ChaosOptions d = ChaosOptions.defaults(runs, seed);
        try {
            return new ChaosOptions(runs, seed, duration == null ? 0 : positive("--duration", duration),
                    recoveryBound == null ? ChaosOptions.DERIVED : positive("--recovery-bound", recoveryBound),
                    d.warmupNs(), maxFaults, d.minFaultNs(), d.maxFaultNs());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private long positive(String option, String text) {
        long ns;
        try {
            ns = Units.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage() + " (" + Units.DURATION_EXAMPLES + ")");
        }
        if (ns <= 0) throw new ParameterException(spec.commandLine(), option + " must be longer than 0");
        return ns;
    }

    /** One stderr line, redrawn with \r: a bar, runs done, failures so far. */
    private static final class ProgressBar {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final int total;
        private int lastDrawn = -1;

        ProgressBar(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        void show(int done, int failed) {
            int filled = done * WIDTH / total;
            // Redraw only when something visible changes: thousands of fast runs need not mean thousands of writes.
            int key = filled * 100_000 + failed;
            if (key == lastDrawn && done != total) return;
            lastDrawn = key;
            err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " runs, " + failed + " failed");
            err.flush();
        }

        void done() {
            err.println();
            err.flush();
        }
    }
}
