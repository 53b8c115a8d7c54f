package org.nettwin.sim.link;

/**
 * The kernel's handle on a link's frame path, kept apart from {@link Link} so scenario code holding a Link
 * can change faults and parameters but cannot inject frames.
 */
public interface LinkDriver {
    Link link();

    /**
     * A node transmitted {@code frame} into {@code direction} at the runtime's current time: applies admin
     * state, cut, MTU, loss, queueing and delay, then traces and schedules the arrival (or the drop).
     */
    void send(Direction direction, byte[] frame);

    /**
     * The frame scheduled with {@code disruptionStamp} reached the far end. Returns true if it is delivered
     * (traced FrameDelivered); false if the link went down or the direction was cut while it was in flight
     * (traced Dropped).
     */
    boolean arrive(Direction direction, int length, int crc, long disruptionStamp);
}
