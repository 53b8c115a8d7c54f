package org.nettwin.protocols.config;

/**
 * A mistake in a file the user wrote (topology, scenario, keepalived.conf, script). Carries the place and
 * what to do about it; the CLI prints {@link #getMessage()} and exits 2, never a stack trace.
 */
public class ConfigError extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;
    private final String hint;

    /** {@code line} and {@code column} are 1-based; 0 means unknown. {@code hint} may be empty. */
    public ConfigError(String file, int line, int column, String problem, String hint) {
        super(format(file, line, column, problem, hint), null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.hint = hint == null ? "" : hint;
    }

    public ConfigError(String file, int line, String problem, String hint) {
        this(file, line, 0, problem, hint);
    }

    private static String format(String file, int line, int column, String problem, String hint) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) sb.append(':').append(line);
        if (line > 0 && column > 0) sb.append(':').append(column);
        sb.append(": ").append(problem);
        if (hint != null && !hint.isEmpty()) sb.append(" (").append(hint).append(')');
        return sb.toString();
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    public String problem() { return problem; }
    public String hint() { return hint; }
}
