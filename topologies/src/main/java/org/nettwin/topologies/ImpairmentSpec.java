package org.nettwin.topologies;

/**
 * What one direction of a link does to frames, netem-style. {@code burst} is null for none;
 * {@code rateBps} 0 is unlimited; {@code queuePackets} bounds the frames waiting behind the one being sent;
 * {@code mtu} is the largest IP packet the link carries.
 */
public record ImpairmentSpec(long delayNs, long jitterNs, double loss, BurstLossSpec burst, long rateBps,
                             int queuePackets, int mtu) {
    public static final int DEFAULT_QUEUE_PACKETS = 1000;
    public static final int DEFAULT_MTU = 1500;

    /** A perfect link: no delay, no loss, unlimited rate. */
    public static final ImpairmentSpec NONE = new ImpairmentSpec(0, 0, 0, null, 0, DEFAULT_QUEUE_PACKETS, DEFAULT_MTU);

    public ImpairmentSpec {
        if (delayNs < 0 || jitterNs < 0 || rateBps < 0) throw new IllegalArgumentException("negative impairment");
        if (!(loss >= 0 && loss <= 1)) throw new IllegalArgumentException("loss out of [0, 1]: " + loss);
        if (queuePackets < 0) throw new IllegalArgumentException("negative queue");
        if (mtu < 1) throw new IllegalArgumentException("mtu must be positive");
    }
}
