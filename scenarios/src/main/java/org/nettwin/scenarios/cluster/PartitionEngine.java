package org.nettwin.scenarios.cluster;

import java.util.List;

/**
 * One partition of a run, as the window protocol drives it: the nodes of the partition in a kernel whose
 * links to other partitions' nodes are boundary links (the sending side runs the link model and hands the
 * arrival over instead of delivering it). Called from one thread at a time.
 */
public interface PartitionEngine extends AutoCloseable {
    /** The smallest delay of a boundary link leaving this partition; {@link Long#MAX_VALUE} if it has none. */
    long lookaheadNs();

    /** The time of the earliest pending event, {@link Long#MAX_VALUE} if none. */
    long nextEventNs();

    /** Schedules arrivals sent by other partitions; each arrives no earlier than the end of the window that sent it. */
    void inject(List<CrossFrame> arrivals);

    /** Runs every event with time &lt; {@code endExclusiveNs} and returns what the window produced. */
    WindowOutput runWindow(long endExclusiveNs);

    @Override
    void close();
}
