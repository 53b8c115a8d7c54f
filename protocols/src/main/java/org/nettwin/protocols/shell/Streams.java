package org.nettwin.protocols.shell;

import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.trace.TraceEvent;

/** The kinds of open output a shell process can hold on fd 1 and 2. */
final class Streams {
    private Streams() {}

    /** An open output. */
    interface Stream extends OutputSink {
        /** Ends writing (end of the redirected command); returns why the data could not be stored, or null. */
        default String close() { return null; }

        /** What a child script writing here gets: the script log becomes the child's own log, anything else is shared. */
        default Stream forScript(String scriptName) { return this; }

        /** Emits a last unterminated line, if the stream keeps lines. */
        default void flush() { }
    }

    /** /dev/null. */
    static final Stream DISCARD = text -> { };

    /**
     * The script's own output as the trace shows it: one Log(scriptName, line) per complete line, so
     * `echo -n a; echo b` gives one line "ab" as on a terminal.
     */
    static final class ScriptLog implements Stream {
        private final NodeEnv env;
        private final String program;
        private final StringBuilder partial = new StringBuilder();

        ScriptLog(NodeEnv env, String program) {
            this.env = env;
            this.program = program;
        }

        @Override public void write(String text) {
            partial.append(text);
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
                env.trace(new TraceEvent.Log(program, partial.substring(0, nl)));
                partial.delete(0, nl + 1);
            }
        }

        @Override public void flush() {
            if (partial.length() > 0) env.trace(new TraceEvent.Log(program, partial.toString()));
            partial.setLength(0);
        }

        @Override public Stream forScript(String scriptName) { return new ScriptLog(env, scriptName); }
    }

    /** The stdout of a command substitution. */
    static final class Capture implements Stream {
        private final StringBuilder text = new StringBuilder();

        @Override public void write(String s) { text.append(s); }

        /** The output with trailing newlines removed (XCU 2.6.3). */
        String substituted() {
            int end = text.length();
            while (end > 0 && text.charAt(end - 1) == '\n') end--;
            return text.substring(0, end);
        }
    }
}
