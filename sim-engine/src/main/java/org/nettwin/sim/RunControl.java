package org.nettwin.sim;

import java.util.function.Consumer;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * What a scenario timeline needs from the runtime that hosts the nodes: the one scheduler contract with a
 * virtual-time implementation ({@link SimKernel}) and a wall-clock one (the real adapter), as in ns-3.
 */
public interface RunControl {
    /** Runs {@code action} outside every node (faults on links) at time {@code timeNs}. */
    void at(long timeNs, String label, Runnable action);

    /** Runs {@code action} in node {@code node}'s own context, with its env, at time {@code timeNs}. */
    void onNode(String node, long timeNs, String label, Consumer<NodeEnv> action);

    /** Records an event that belongs to no node (a scenario's fault) under the name {@code where}. */
    void trace(String where, TraceEvent event);
}
