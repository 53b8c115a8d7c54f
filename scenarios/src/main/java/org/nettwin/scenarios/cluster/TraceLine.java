package org.nettwin.scenarios.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * One trace record of a partition: its {@code TraceRecord.line()} and the canonical merge key that places it
 * in the single-kernel order. Keys compare lexicographically; {@code key[0]} is the record's virtual time, so
 * the records of one window never interleave with another window's.
 */
public record TraceLine(long[] key, String line) implements ClusterMessage, Comparable<TraceLine> {
    public TraceLine {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(line, "line");
        if (key.length == 0) throw new IllegalArgumentException("a merge key starts with the record's time");
    }

    public long timeNs() { return key[0]; }

    @Override
    public int compareTo(TraceLine other) {
        return Arrays.compare(key, other.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TraceLine t && Arrays.equals(t.key, key) && t.line.equals(line);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + line.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(key) + " " + line;
    }
}
