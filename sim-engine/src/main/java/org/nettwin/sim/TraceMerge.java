package org.nettwin.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Merging the traces of a partitioned run. Each partition's records (collected with
 * {@link SimKernel#addOrderedTraceListener}) are a subsequence of the single kernel's; sorted together by their
 * order key they are exactly the single kernel's record sequence, so {@link #fingerprint} of the merge equals
 * {@link SimKernel#fingerprint()} of the run in one kernel.
 */
public final class TraceMerge {
    private TraceMerge() {}

    /** The records of all partitions in canonical (time, rank, seq) order. */
    public static List<OrderedRecord> merge(Collection<? extends Collection<OrderedRecord>> partitions) {
        List<OrderedRecord> all = new ArrayList<>();
        for (Collection<OrderedRecord> p : partitions) all.addAll(p);
        all.sort(OrderedRecord.ORDER);
        return all;
    }

    /** SHA-256 (lowercase hex) over each record's line() + "\n", as {@link SimKernel#fingerprint()} computes it. */
    public static String fingerprint(Iterable<OrderedRecord> records) {
        TraceFingerprint fingerprint = new TraceFingerprint();
        for (OrderedRecord r : records) fingerprint.add(r.record());
        return fingerprint.hex();
    }

    /** The plain records of {@code records}, in their order. */
    public static List<TraceRecord> records(List<OrderedRecord> records) {
        return records.stream().map(OrderedRecord::record).toList();
    }
}
