package org.nettwin.protocols.shell;

import java.util.Optional;
import org.nettwin.protocols.config.ConfigError;

/**
 * A parsed shell script from the user's box (a keepalived notify or check script), ready to run on a node
 * through {@link Shell}. Parsing happens once, at import, so syntax errors surface as ConfigErrors with
 * file:line before any simulation starts.
 */
public final class ShellScript {
    private final String source;
    /** Which /bin/sh behaviour to reproduce where shells differ (here: whether echo interprets backslashes). */
    public enum Dialect {
        /** Debian/Ubuntu/Raspbian /bin/sh: echo interprets \n, \c... (XSI). */
        DASH,
        /** #!/bin/bash: echo prints backslashes as written. */
        BASH
    }

    private final String path;
    private final String interpreter;
    private final Dialect dialect;
    private final ShellNode.Sequence body;

    private ShellScript(String path, String interpreter, Dialect dialect, ShellNode.Sequence body, String source) {
        this.source = source;
        this.path = path;
        this.interpreter = interpreter;
        this.dialect = dialect;
        this.body = body;
    }

    /**
     * Parses {@code text}, the content of the file at {@code path} (used in messages and the trace). A `#!`
     * line must name a POSIX shell; without one the script runs as /bin/sh would run it.
     */
    public static ShellScript parse(String path, String text) throws ConfigError {
        String interpreter = null;
        Dialect dialect = Dialect.DASH;
        if (text.startsWith("#!")) {
            int eol = text.indexOf('\n');
            String shebang = (eol < 0 ? text.substring(2) : text.substring(2, eol)).trim();
            interpreter = shebang;
            dialect = dialectOf(path, shebang);
        }
        return new ShellScript(path, interpreter, dialect, ShellParser.parse(path, text, 1), text);
    }

    /** A one-line command (a scenario's `run:`), parsed the same way; {@code origin} names it in messages. */
    static ShellScript parseLine(String origin, String commandLine) throws ConfigError {
        return new ShellScript(origin, null, Dialect.DASH, ShellParser.parse(origin, commandLine, 1), commandLine);
    }

    private static Dialect dialectOf(String path, String shebang) throws ConfigError {
        String[] words = shebang.split("\\s+");
        String program = words[0];
        if (program.endsWith("/env") && words.length > 1) program = words[1];
        String name = program.substring(program.lastIndexOf('/') + 1);
        return switch (name) {
            case "sh", "dash", "ash" -> Dialect.DASH;
            case "bash" -> Dialect.BASH;
            default -> throw new ConfigError(path, 1, 1, "interpreter " + program + " is not supported by the twin",
                    "the twin interprets POSIX sh scripts (#!/bin/sh or #!/bin/bash)");
        };
    }

    /** The text the script was parsed from: what a program reading the file as data (rtx-config) sees. */
    public String source() { return source; }

    /** The file path the script was read from (or the origin of a command line). */
    public String path() { return path; }

    /** The `#!` interpreter line without `#!`, if the script has one. */
    public Optional<String> interpreter() { return Optional.ofNullable(interpreter); }

    public Dialect dialect() { return dialect; }

    /** The parsed commands. */
    public ShellNode.Sequence body() { return body; }

    /** The last path element: the name script output is logged under. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override public String toString() { return "ShellScript[" + path + "]"; }
}
