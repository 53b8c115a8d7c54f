package org.nettwin.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * Measures report generation for a long run (docs/performance.md "Reports"): runs
 * src/test/resources/bench/report-10min.scenario.yml (or the scenario given as first argument), then times
 * ReportWriter.write into a fresh directory and ReportWriter.rebuild from it, each {@code ROUNDS} times so the
 * first (cold JIT) and the steady figure are both visible. A main, not a test: wall-clock figures are
 * measurements, never assertions.
 */
public final class ReportBench {
    private static final int ROUNDS = 3;

    private ReportBench() {}

    public static void main(String[] args) throws Exception {
        Path scenario = Path.of(args.length > 0 ? args[0] : "reports/src/test/resources/bench/report-10min.scenario.yml");
        var spec = ScenarioLoader.load(scenario);
        long t0 = System.nanoTime();
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, RunOptions.quiet());
        long runNs = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "%s: %.0f simulated s, %d trace records, %d probes; run %.2f s wall%n", spec.name(),
                spec.durationNs() / 1e9, run.trace().size(), run.trace().stream().filter(r -> r.event() instanceof org.nettwin.protocols.trace.TraceEvent.ProbeResult).count(),
                runNs / 1e9);
        for (int round = 1; round <= ROUNDS; round++) {
            Path dir = Files.createTempDirectory("report-bench");
            long w0 = System.nanoTime();
            RunMetrics m = ReportWriter.write(run, dir);
            long writeNs = System.nanoTime() - w0;
            long r0 = System.nanoTime();
            ReportWriter.rebuild(dir);
            long rebuildNs = System.nanoTime() - r0;
            System.out.printf(Locale.ROOT, "round %d: ReportWriter.write %.2f s, rebuild from trace.log %.2f s; trace.log %d MB, report.html %d kB, %d predictions%n",
                    round, writeNs / 1e9, rebuildNs / 1e9, Files.size(dir.resolve("trace.log")) >> 20, Files.size(dir.resolve("report.html")) >> 10,
                    m.info().predictions().size());
        }
        System.out.printf(Locale.ROOT, "peak heap %d MB%n", Runtime.getRuntime().totalMemory() >> 20);
    }
}
