package org.nettwin.protocols.ipsec;

import org.nettwin.protocols.env.Time;

/**
 * Dead-peer detection settings (RFC 3706 leaves the retry policy to the implementation, protocol-facts §5.2).
 * Every {@code interval} the tunnel takes stock: a probe still unanswered counts a miss, an answer (or, in
 * {@link Mode#IDLE}, any packet from the peer) clears the count, and {@code count} misses in a row declare
 * the peer dead. {@link Mode#PERIODIC} sends R-U-THERE every interval whatever the traffic (YAMAHA RTX
 * `ipsec ike keepalive use N on dpd INTERVAL COUNT`); {@link Mode#IDLE} only after an interval in which
 * nothing came from the peer (AWS: "R-U-THERE after 10 s without traffic, dead after 3 misses").
 */
public record DeadPeerDetection(Mode mode, long intervalNs, int count) {
    public enum Mode { PERIODIC, IDLE }

    public DeadPeerDetection {
        if (intervalNs <= 0) throw new IllegalArgumentException("DPD interval must be positive");
        if (count < 1) throw new IllegalArgumentException("DPD count must be at least 1");
    }

    /** RTX defaults (command reference §15.20, protocol-facts §5.1): 10 s, 6 probes: dead in about 60 s. */
    public static DeadPeerDetection rtx(int intervalSeconds, int count) {
        return new DeadPeerDetection(Mode.PERIODIC, Time.s(intervalSeconds), count);
    }

    public static final DeadPeerDetection RTX_DEFAULT = rtx(10, 6);

    /** AWS Site-to-Site VPN (protocol-facts §5.3): idle 10 s, 3 misses, action clear. */
    public static final DeadPeerDetection AWS = new DeadPeerDetection(Mode.IDLE, Time.s(10), 3);

    /**
     * Earliest time after the peer falls silent at which it can be declared dead: {@code count} probes, each
     * given one interval. (In IDLE mode that needs a tunnel that was already quiet, so probes were running.)
     */
    public long earliestDetectionNs() {
        return intervalNs * count;
    }

    /**
     * Latest such time: the silence can begin just after a tick, which adds up to one interval; an IDLE
     * tunnel that was busy first spends one more silent interval before its first probe.
     */
    public long latestDetectionNs() {
        return intervalNs * (mode == Mode.PERIODIC ? count + 1 : count + 2);
    }
}
