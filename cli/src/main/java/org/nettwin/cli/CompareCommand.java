package org.nettwin.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nettwin.reports.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `nettwin compare <run-a> <run-b>`: two runs side by side (e.g. keepalived 1.2 vs 2.2). */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Put two runs side by side: outages, failover times, predictions.")
final class CompareCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Parameters(index = "0", paramLabel = "<run-a>") Path a;
    @Parameters(index = "1", paramLabel = "<run-b>") Path b;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write compare.html and compare.md.")
    Path out;

    @Override public Integer call() throws Exception {
        ReportWriter.compare(a, b, out);
        main.console.println("comparison: " + out.resolve("compare.html"));
        return Main.EXIT_OK;
    }
}
