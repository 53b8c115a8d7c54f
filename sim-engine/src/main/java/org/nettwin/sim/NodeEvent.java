package org.nettwin.sim;

import java.util.function.Consumer;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.sim.link.Direction;

/** An event that runs inside one node's processing (its actor, or the kernel thread in INLINE mode). */
abstract class NodeEvent extends Event {
    final NodeHost target;

    NodeEvent(NodeHost target) { this.target = target; }

    /**
     * Node context, when the event is taken off the queue: whether it still goes to the node. Arrivals use
     * it to apply the link's in-flight checks (link state only changes in kernel actions, between windows).
     */
    boolean admit() { return true; }

    /** Node context: does the work. */
    abstract void run(NodeHost host);

    static final class Boot extends NodeEvent {
        Boot(NodeHost target) { super(target); }

        @Override void run(NodeHost host) { host.node.boot(host.env); }

        @Override String describe() { return "boot"; }
    }

    static final class Carrier extends NodeEvent {
        final int port;
        final boolean up;

        Carrier(NodeHost target, int port, boolean up) {
            super(target);
            this.port = port;
            this.up = up;
        }

        @Override void run(NodeHost host) { host.node.carrier(port, up); }

        @Override String describe() { return "carrier port " + port + (up ? " up" : " down"); }
    }

    static final class Action extends NodeEvent {
        final String label;
        final Consumer<NodeEnv> action;

        Action(NodeHost target, String label, Consumer<NodeEnv> action) {
            super(target);
            this.label = label;
            this.action = action;
        }

        @Override void run(NodeHost host) { action.accept(host.env); }

        @Override String describe() { return "node action '" + label + "'"; }
    }

    static final class Arrival extends NodeEvent {
        final WiredLink link;
        final Direction direction;
        final int port;
        final byte[] frame;
        final int crc;
        final long disruptionStamp;

        Arrival(NodeHost target, int port, WiredLink link, Direction direction, byte[] frame, int crc, long disruptionStamp) {
            super(target);
            this.port = port;
            this.link = link;
            this.direction = direction;
            this.frame = frame;
            this.crc = crc;
            this.disruptionStamp = disruptionStamp;
        }

        @Override boolean admit() { return link.driver().arrive(direction, frame.length, crc, disruptionStamp); }

        @Override void run(NodeHost host) { host.node.receive(port, frame); }

        @Override String describe() { return "frame arrival on port " + port + " from link " + link.name(); }
    }
}
