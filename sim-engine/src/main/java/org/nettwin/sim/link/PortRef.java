package org.nettwin.sim.link;

import java.util.Objects;

/** One physical port of a node: the end of a link. Printed as "node:port", the form traces use. */
public record PortRef(String node, int port) {
    public PortRef {
        Objects.requireNonNull(node, "node");
        if (node.isBlank()) throw new IllegalArgumentException("node name is blank");
        if (port < 0) throw new IllegalArgumentException("port must be >= 0, got " + port + " for node " + node);
    }

    @Override
    public String toString() { return node + ":" + port; }
}
