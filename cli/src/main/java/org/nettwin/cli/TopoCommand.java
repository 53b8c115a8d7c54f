package org.nettwin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "topo", mixinStandardHelpOptions = true, description = "Work with topology files.",
        subcommands = {TopoCommand.Check.class})
final class TopoCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Load and validate a topology file; print its nodes, links and warnings.")
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "<topology.yml>", description = "The topology file.")
        Path file;

        @Override public Integer call() throws ConfigError {
            TopologySpec topology = TopologyLoader.load(file);
            PrintWriter out = spec.commandLine().getOut();
            out.print(TopologySummary.of(topology));
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
