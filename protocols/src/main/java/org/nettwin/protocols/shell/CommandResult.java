package org.nettwin.protocols.shell;

/**
 * What a modelled command did when it finished: its exit status and the output it printed at the end (a
 * cloud API answer, an error message). Output produced while running goes through
 * {@link CommandContext#out()} and {@link CommandContext#err()} instead.
 */
public record CommandResult(int status, String stdout, String stderr) {
    public CommandResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    public static CommandResult ok() { return new CommandResult(0, "", ""); }

    public static CommandResult ok(String stdout) { return new CommandResult(0, stdout, ""); }

    /** A failure with a message on stderr (a newline is added if missing). */
    public static CommandResult fail(int status, String stderr) {
        return new CommandResult(status, "", stderr.isEmpty() || stderr.endsWith("\n") ? stderr : stderr + "\n");
    }
}
