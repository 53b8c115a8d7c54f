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
        subcommands = {TopoCommand.Check.class, TopoCommand.Show.class, TopoCommand.Graph.class})
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

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Describe a topology: nodes with kind, region, interfaces, addresses, routes and programs; "
                    + "switches and what hangs on them; links with their impairments; clouds; warnings.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "<topology.yml>", description = "The topology file.")
        Path file;

        @Override public Integer call() throws ConfigError {
            PrintWriter out = spec.commandLine().getOut();
            out.print(TopologyDescription.of(TopologyLoader.load(file)));
            out.flush();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "Draw a topology as a PNG or SVG picture.")
    static final class Graph implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<topology.yml>", description = "The topology file.")
        Path file;

        @Parameters(index = "1", paramLabel = "<picture.png|svg>", description = "Where to write the picture.")
        Path out;

        @Override public Integer call() throws ConfigError, java.io.IOException {
            String n = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (!n.endsWith(".png") && !n.endsWith(".svg")) throw new CommandLine.ParameterException(spec.commandLine(), "the picture must be a .png or .svg file: " + out);
            org.nettwin.reports.topology.TopologyPicture.write(TopologyLoader.load(file), out);
            spec.commandLine().getOut().println("wrote " + out);
            spec.commandLine().getOut().flush();
            return Main.EXIT_OK;
        }
    }
}
