package org.nettwin.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.nettwin.protocols.config.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code nettwin} command. Exit codes: 0 success, 1 a failed expectation or an internal error, 2 a
 * mistake in the command line or in a user's file (printed as {@code file:line:col: problem (hint)}, never
 * with a stack trace).
 */
@Command(name = "nettwin", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A digital twin of redundant networks: real protocol code on simulated links in virtual time.",
        subcommands = {RunCommand.class, HilCommand.class, FidelityCommand.class, ChaosCommand.class, ReportCommand.class, CompareCommand.class, TopoCommand.class, BenchCommand.class, ClusterCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USER_ERROR = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of internal errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where {@code run} streams the simulation's console output: the same stream as the command's stdout. */
    final PrintStream console;

    Main(PrintStream console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out, System.err).execute(args));
    }

    /** The whole command wired to {@code out} and {@code err}; tests execute it in-process. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        Main main = new Main(out);
        CommandLine cmd = new CommandLine(main);
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setExecutionExceptionHandler(new ErrorReporter(main));
        return cmd;
    }

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** Turns exceptions into exit codes: the user's mistakes as their message, ours as one line. */
    private record ErrorReporter(Main main) implements IExecutionExceptionHandler {
        @Override public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
            // The top-level stream: a subcommand added after setErr would still write to System.err.
            PrintWriter err = main.spec.commandLine().getErr();
            if (ex instanceof ConfigError e) {
                err.println(e.getMessage());
                err.flush();
                return EXIT_USER_ERROR;
            }
            if (main.debug) ex.printStackTrace(err);
            err.println("nettwin: internal error: " + ex + (main.debug ? "" : " (rerun with --debug for the stack trace)"));
            err.flush();
            return EXIT_FAILED;
        }
    }
}
