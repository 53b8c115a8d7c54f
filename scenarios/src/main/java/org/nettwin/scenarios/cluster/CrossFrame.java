package org.nettwin.scenarios.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * A frame that left one partition on a boundary link and arrives in another. The transport only routes it
 * (by {@code toNode}) and checks the conservative-window rule with {@code arrivalNs}; {@code payload} is the
 * engine's own encoding of the arrival (link, direction, frame bytes, ordering key), opaque to the transport.
 */
public record CrossFrame(String toNode, long arrivalNs, byte[] payload) implements ClusterMessage {
    public CrossFrame {
        Objects.requireNonNull(toNode, "toNode");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrossFrame f && f.arrivalNs == arrivalNs && f.toNode.equals(toNode) && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(toNode, arrivalNs, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "CrossFrame[" + toNode + " at " + arrivalNs + "ns, " + payload.length + " bytes]";
    }
}
