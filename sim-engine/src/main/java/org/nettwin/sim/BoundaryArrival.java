package org.nettwin.sim;

import java.util.Objects;
import org.nettwin.sim.link.Direction;

/**
 * A frame crossing a boundary link from one partition to another: the sending partition ran the link model
 * (delay, jitter, loss, rate, MTU, capture of its direction) and hands over the arrival instead of delivering it.
 * The receiving partition {@link SimKernel#inject injects} it; (pushTime, senderRank, senderSeq) is the key that
 * places it among the receiver's other events exactly where the single kernel would.
 *
 * @param time            arrival time, ns (at least the link's delay after pushTime)
 * @param link            the boundary link's name
 * @param direction       A_TO_B or B_TO_A
 * @param frame           the frame bytes
 * @param crc             CRC-32 of the frame as traced by FrameSent
 * @param disruptionStamp the link's down/cut epochs when it was sent (in-flight checks on arrival)
 * @param pushTime        when it was sent, ns
 * @param senderRank      index of the sending node in the whole network
 * @param senderSeq       the sender's event-creation counter at the send
 */
public record BoundaryArrival(long time, String link, Direction direction, byte[] frame, int crc, long disruptionStamp,
                              long pushTime, int senderRank, long senderSeq) {
    public BoundaryArrival {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(frame, "frame");
        if (direction == Direction.BOTH) throw new IllegalArgumentException("an arrival has a single direction");
        if (time < pushTime) throw new IllegalArgumentException("arrival at " + time + " before it was sent at " + pushTime);
    }
}
