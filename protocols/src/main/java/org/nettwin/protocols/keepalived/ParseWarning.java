package org.nettwin.protocols.keepalived;

import java.util.Objects;

/** A line keepalived would log while reading its configuration (or a note of what the twin skipped), with its place. */
public record ParseWarning(String file, int line, String text) {
    public ParseWarning {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
    }

    @Override public String toString() { return file + ":" + line + ": " + text; }
}
