package org.nettwin.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nettwin.reports.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** `nettwin report <run-dir>`: rebuilds a run directory's report from its trace.log and run.json. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Rebuild the report of a run directory from its trace.")
final class ReportCommand implements Callable<Integer> {
    @ParentCommand Main main;

    @Parameters(paramLabel = "<run-dir>", description = "A directory written by `nettwin run --out`.")
    Path runDir;

    @Override public Integer call() throws Exception {
        ReportWriter.rebuild(runDir);
        main.console.println("report: " + runDir.resolve("report.html"));
        return Main.EXIT_OK;
    }
}
