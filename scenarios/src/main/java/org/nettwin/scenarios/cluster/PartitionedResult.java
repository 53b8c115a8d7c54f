package org.nettwin.scenarios.cluster;

import java.util.List;

/**
 * The merged outcome of a partitioned run: the fingerprint over the merged trace (the same SHA-256 over
 * {@code line + "\n"} as {@code SimKernel.fingerprint()}), how many records and windows it took, how many
 * frames crossed partitions, and the merged lines themselves when the caller asked to keep them.
 */
public record PartitionedResult(String fingerprint, long records, long windows, long crossFrames, List<String> lines) {
    public PartitionedResult {
        lines = lines == null ? null : List.copyOf(lines);
    }
}
