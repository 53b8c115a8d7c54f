package org.nettwin.sim;

import java.util.Comparator;
import java.util.Objects;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * A trace record with its canonical order key: (time, rank, seq). Rank is the index of the node whose
 * processing produced the record (frames it sent, frames that reached it, its own trace events), or -1 for
 * the kernel thread (kernel actions, which run first in their instant); seq counts the records of that rank.
 * A kernel's trace is its records sorted by this key, which is why partitions' traces merge into exactly the
 * single kernel's ({@link TraceMerge}).
 */
public record OrderedRecord(long time, int rank, long seq, TraceRecord record) implements Comparable<OrderedRecord> {
    public static final Comparator<OrderedRecord> ORDER = Comparator.comparingLong(OrderedRecord::time)
            .thenComparingInt(OrderedRecord::rank).thenComparingLong(OrderedRecord::seq);

    public OrderedRecord {
        Objects.requireNonNull(record, "record");
    }

    @Override
    public int compareTo(OrderedRecord other) { return ORDER.compare(this, other); }
}
