package org.nettwin.protocols.shell;

/** Where a command's stdout or stderr goes (the script's log, a file, /dev/null, a capture for `$(...)`). */
@FunctionalInterface
public interface OutputSink {
    void write(String text);

    default void println(String line) { write(line + "\n"); }
}
