package org.nettwin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.RunResult;
import org.nettwin.reports.ReportWriter;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario in virtual time; exit 0 when every expectation holds, 1 when one fails.")
final class RunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<scenario.yml>", description = "The scenario file.")
    Path file;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for this run, instead of the scenario's.")
    Long seed;

    @Option(names = "--pcap", paramLabel = "DIR", description = "Write a pcap per captured link into DIR.")
    Path pcapDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the run directory into DIR: report.html, report.json, summary.md, junit.xml, charts, trace.log, pcaps.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Threads hosting nodes (results do not depend on it). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--inline", description = "Run node stacks on the kernel's thread, without actors.")
    boolean inline;

    @ParentCommand Main main;

    @Override public Integer call() throws ConfigError, java.io.IOException {
        if (threads < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        ScenarioSpec scenario = ScenarioLoader.load(file);
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(scenario, new RunOptions(seed, pcapDir, outDir, threads, inline, main.console));
        RunResult result = run.result();
        if (outDir != null) {
            ReportWriter.write(run, outDir);
            main.console.println("report: " + outDir.resolve("report.html"));
        }
        // The runner has printed the details (probe output, fingerprint, each failure); this is the verdict.
        PrintWriter out = spec.commandLine().getOut();
        if (result.passed()) {
            out.println("scenario " + scenario.name() + " passed");
        } else {
            int n = result.failures().size();
            out.println("scenario " + scenario.name() + " FAILED: " + n + " expectation" + (n == 1 ? "" : "s") + " not met");
        }
        out.flush();
        return result.passed() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
