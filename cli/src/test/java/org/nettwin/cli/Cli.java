package org.nettwin.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the nettwin command in-process with captured stdout and stderr. */
record Cli(int exitCode, String out, String err) {
    static Cli run(String... args) {
        return runWith(cmd -> {}, args);
    }

    /** Like {@link #run(String...)}, after {@code extend} had a chance to add test subcommands. */
    static Cli runWith(Consumer<CommandLine> extend, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cmd = Main.commandLine(o, e);
        extend.accept(cmd);
        int code = cmd.execute(args);
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
