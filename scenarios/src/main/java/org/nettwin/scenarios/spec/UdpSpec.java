package org.nettwin.scenarios.spec;

import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.topologies.SourcePos;

/**
 * A one-way UDP flow: {@code from} sends {@code size}-byte datagrams to {@code to}:{@code port} every
 * {@code intervalNs} (the rate), from source port {@code sourcePort} (one port per flow, so ECMP keeps it on one
 * path), from {@code startNs} until {@code stopNs}. {@code receiver} is the node that counts arrivals; a datagram
 * not there {@code timeoutNs} after it was sent counts as lost.
 */
public record UdpSpec(String name, String from, Ip4 to, String receiver, int port, int sourcePort, long intervalNs,
                      int size, long startNs, long stopNs, long timeoutNs, SourcePos pos) implements ProbeSpec {
    public static final int DEFAULT_PORT = 5001;
    /** Payload bytes by default: a small datagram, as a voice or telemetry flow sends. */
    public static final int DEFAULT_SIZE = 64;
    public static final long DEFAULT_TIMEOUT_NS = Time.S;

    /** Datagrams the sender sends: one at start and every interval after, while before stop. */
    public int count() {
        return (int) ((stopNs - startNs + intervalNs - 1) / intervalNs);
    }
}
