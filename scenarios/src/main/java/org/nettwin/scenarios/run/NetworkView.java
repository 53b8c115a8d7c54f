package org.nettwin.scenarios.run;

import java.util.function.Consumer;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.LinkSpec;

/** A built network as a scenario timeline sees it, whichever runtime hosts it. */
public interface NetworkView {
    /** The node's stack now (a rebooted node has a new one). */
    NodeStack stack(String node);

    /** The node's Linux box now (a rebooted node has a new one). */
    LinuxHost host(String node);

    Link link(String name);

    LinkSpec linkSpec(String name);

    /** Whether {@code node} can be crashed and rebooted in this network; a runtime that cannot re-create nodes says no. */
    default boolean restarts(String node) {
        return false;
    }

    /** Whether {@code node} is crashed now. */
    default boolean isDown(String node) {
        return false;
    }

    /** Crashes a node that {@link #restarts}; called from the node's own context. */
    default void crash(String node) {
        throw new UnsupportedOperationException("this runtime cannot crash node " + node);
    }

    /** Boots a node that {@link #restarts} afresh from its topology; called from the node's own context. */
    default void reboot(String node) {
        throw new UnsupportedOperationException("this runtime cannot reboot node " + node);
    }

    /**
     * Runs {@code hook} on the node's stack now and on every stack a reboot makes later: how an instrument that
     * outlives the node (a flow's receiver) binds again. A runtime that never re-creates stacks runs it once.
     */
    default void whenBuilt(String node, Consumer<NodeStack> hook) {
        hook.accept(stack(node));
    }
}
