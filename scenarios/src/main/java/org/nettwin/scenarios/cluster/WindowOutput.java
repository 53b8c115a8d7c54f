package org.nettwin.scenarios.cluster;

import java.util.List;

/**
 * What one partition produced in one window: frames for other partitions, its trace records in merge-key
 * order, and the time of its earliest pending event afterwards ({@link Long#MAX_VALUE} if none), which lets
 * the coordinator skip idle stretches of virtual time instead of stepping through them one lookahead at a time.
 */
public record WindowOutput(List<CrossFrame> outbox, List<TraceLine> trace, long nextEventNs) implements ClusterMessage {
    public WindowOutput {
        outbox = List.copyOf(outbox);
        trace = List.copyOf(trace);
    }
}
