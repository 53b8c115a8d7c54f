package org.nettwin.topologies;

import org.nettwin.protocols.config.ConfigError;

/**
 * Where something was written in a user's file (1-based line and column; 0 = unknown). Kept on every spec
 * record so that checks made long after parsing can still point at the user's line.
 */
public record SourcePos(String file, int line, int column) {

    /** A {@link ConfigError} located here. {@code hint} may be empty. */
    public ConfigError error(String problem, String hint) {
        return new ConfigError(file, line, column, problem, hint);
    }

    public ConfigError error(String problem) {
        return error(problem, "");
    }

    /** "line 12" for messages that refer back to another place in the same file. */
    public String lineRef() {
        return "line " + line;
    }

    @Override public String toString() {
        return file + ":" + line + ":" + column;
    }
}
