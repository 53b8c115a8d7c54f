package org.nettwin.sim.link;

/**
 * Impairments of one direction of a link.
 *
 * @param delayNs           propagation delay added to every frame
 * @param jitterNs          extra delay drawn uniformly from [0, jitterNs] per frame (never reorders, see {@link Link})
 * @param loss              independent per-frame loss probability
 * @param burstLoss         optional Gilbert-Elliott burst loss, applied in addition to {@code loss}; null = none
 * @param rateBitsPerSecond line rate used for serialization delay and queueing; 0 = unlimited
 * @param queuePackets      frames that may wait behind the one being serialized before tail drop
 * @param mtu               largest payload (frame length minus the 14-byte Ethernet header) the link carries
 */
public record LinkParams(long delayNs, long jitterNs, double loss, GilbertElliott burstLoss,
                         long rateBitsPerSecond, int queuePackets, int mtu) {

    /** Ethernet header (two MACs + EtherType) that the MTU does not count. */
    public static final int ETHERNET_HEADER_BYTES = 14;

    /**
     * Per-frame wire overhead beyond the bytes a node hands to transmit() (which exclude the FCS): preamble
     * and SFD 8 + FCS 4 + minimum inter-frame gap 12. Counting it makes a rate-limited link's throughput match
     * what a real Ethernet port achieves for the same line rate. Padding of runt frames to 60 bytes is not added.
     */
    public static final int WIRE_OVERHEAD_BYTES = 8 + 4 + 12;

    /** Linux's default txqueuelen. */
    public static final int DEFAULT_QUEUE_PACKETS = 1000;

    /** Standard Ethernet payload MTU. */
    public static final int DEFAULT_MTU = 1500;

    public LinkParams {
        if (delayNs < 0) throw new IllegalArgumentException("delayNs must be >= 0, got " + delayNs);
        if (jitterNs < 0) throw new IllegalArgumentException("jitterNs must be >= 0, got " + jitterNs);
        GilbertElliott.requireProbability("loss", loss);
        if (rateBitsPerSecond < 0) throw new IllegalArgumentException("rateBitsPerSecond must be >= 0, got " + rateBitsPerSecond);
        if (queuePackets < 0) throw new IllegalArgumentException("queuePackets must be >= 0, got " + queuePackets);
        if (mtu <= 0) throw new IllegalArgumentException("mtu must be > 0, got " + mtu);
    }

    /** No delay, no loss, unlimited rate, standard Ethernet MTU. */
    public static LinkParams ideal() {
        return new LinkParams(0, 0, 0.0, null, 0, DEFAULT_QUEUE_PACKETS, DEFAULT_MTU);
    }

    public LinkParams withDelay(long ns) { return new LinkParams(ns, jitterNs, loss, burstLoss, rateBitsPerSecond, queuePackets, mtu); }
    public LinkParams withJitter(long ns) { return new LinkParams(delayNs, ns, loss, burstLoss, rateBitsPerSecond, queuePackets, mtu); }
    public LinkParams withLoss(double p) { return new LinkParams(delayNs, jitterNs, p, burstLoss, rateBitsPerSecond, queuePackets, mtu); }
    public LinkParams withBurstLoss(GilbertElliott ge) { return new LinkParams(delayNs, jitterNs, loss, ge, rateBitsPerSecond, queuePackets, mtu); }
    public LinkParams withRate(long bitsPerSecond) { return new LinkParams(delayNs, jitterNs, loss, burstLoss, bitsPerSecond, queuePackets, mtu); }
    public LinkParams withQueuePackets(int frames) { return new LinkParams(delayNs, jitterNs, loss, burstLoss, rateBitsPerSecond, frames, mtu); }
    public LinkParams withMtu(int bytes) { return new LinkParams(delayNs, jitterNs, loss, burstLoss, rateBitsPerSecond, queuePackets, bytes); }

    public boolean rateLimited() { return rateBitsPerSecond > 0; }

    /**
     * Time the transmitter is busy with a frame of {@code frameBytes} (as given to transmit, without FCS):
     * ceil((frameBytes + 24) * 8 * 1e9 / rate) ns, or 0 on an unlimited link.
     */
    public long serializationNs(int frameBytes) {
        if (!rateLimited()) return 0;
        long bits = (frameBytes + (long) WIRE_OVERHEAD_BYTES) * 8L;
        long scaled = bits * 1_000_000_000L; // <= (65535 + 24) * 8e9 ≈ 5.3e14: no overflow
        return (scaled + rateBitsPerSecond - 1) / rateBitsPerSecond;
    }
}
