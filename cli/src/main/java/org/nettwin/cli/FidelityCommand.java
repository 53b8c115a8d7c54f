package org.nettwin.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.realadapter.Fidelity;
import org.nettwin.realadapter.FidelityCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nettwin fidelity}: real keepalived pairs in network namespaces against the same confs in the twin,
 * takeover times side by side. See docs/fidelity.md.
 */
@Command(name = "fidelity", mixinStandardHelpOptions = true,
        description = {"Measure keepalived failover on a real pair (network namespaces, Debian's keepalived, tcpdump on the bridge) and in the twin"
                + " with the same keepalived.conf files and failure, and print the takeover times side by side; exit 0 when every case is"
                + " within tolerance (10 %% or 100 ms), 1 when one is not, 2 for a bad option or a host without root, keepalived or tcpdump.",
                "Needs root; see docs/fidelity.md."})
final class FidelityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cases", split = ",", paramLabel = "NAME",
            description = "Cases to run (default: all): stop-150-100, stop-200-50, stop-150-100-adv2, kill-150-100, kill-200-50,"
                    + " kill-150-100-adv2, linkcut-150-100, track-150-100.")
    List<String> caseNames = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N", description = "Real runs per case (default 3).")
    int repeat = 3;

    @Option(names = "--keep", paramLabel = "DIR", description = "Keep the confs, keepalived logs and captures in DIR instead of a temporary directory.")
    Path keep;

    @ParentCommand Main main;

    @Override public Integer call() throws ConfigError, IOException, InterruptedException {
        if (repeat < 1) throw new ParameterException(spec.commandLine(), "--repeat " + repeat + ": at least 1");
        List<FidelityCase> cases = new ArrayList<>();
        for (String name : caseNames) {
            try {
                cases.add(FidelityCase.named(name));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--cases: " + e.getMessage());
            }
        }
        if (cases.isEmpty()) cases = FidelityCase.ALL;
        Path dir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("nettwin-fidelity");
        List<Fidelity.Row> rows = Fidelity.compare(cases, repeat, dir, main.console);
        PrintWriter out = spec.commandLine().getOut();
        out.print(Fidelity.table(rows));
        long outside = rows.stream().filter(r -> !r.withinTolerance()).count();
        out.println(outside == 0 ? "every case within tolerance" : outside + " case(s) outside tolerance");
        if (keep == null) out.println("(files of the runs: " + dir + ")");
        out.flush();
        return outside == 0 ? Main.EXIT_OK : Main.EXIT_FAILED;
    }
}
