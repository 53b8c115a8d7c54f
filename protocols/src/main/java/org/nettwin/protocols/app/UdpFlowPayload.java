package org.nettwin.protocols.app;

import java.nio.ByteBuffer;

/**
 * What a flow's datagram carries: its sequence number (4 bytes, from 0) and the virtual time it was sent
 * (8 bytes, ns), big-endian, then zero padding to the flow's size. The receiver measures loss and reordering
 * from the first and the one-way delay from the second: both ends share one clock in a run, so the delay is
 * exact, which a real flow measured across two hosts' clocks could not claim.
 */
public record UdpFlowPayload(int seq, long sentNs) {
    /** The bytes the header needs: the smallest size a flow may have. */
    public static final int MIN_SIZE = 12;

    public byte[] encode(int size) {
        if (size < MIN_SIZE) throw new IllegalArgumentException("a flow datagram carries at least " + MIN_SIZE + " bytes, not " + size);
        return ByteBuffer.allocate(size).putInt(seq).putLong(sentNs).array();
    }

    /** The header of {@code payload}, or null when it is too short to be a flow datagram. */
    public static UdpFlowPayload decode(byte[] payload) {
        if (payload.length < MIN_SIZE) return null;
        ByteBuffer b = ByteBuffer.wrap(payload);
        return new UdpFlowPayload(b.getInt(), b.getLong());
    }
}
