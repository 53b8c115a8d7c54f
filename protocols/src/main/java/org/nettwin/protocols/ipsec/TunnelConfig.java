package org.nettwin.protocols.ipsec;

import java.util.Objects;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;

/**
 * One IPsec tunnel as configured on a gateway: the interface name routes use, the outer addresses, the
 * pre-shared key, and the SA lifecycle settings.
 *
 * @param lowerDevice interface the outer packets leave by (null: routed)
 * @param initiate    whether this side opens the exchange and re-opens it after a failure (RTX `ipsec auto
 *                    refresh on`); a responder waits for the peer (AWS's default startup action)
 * @param dpd         dead-peer detection, or null for none
 * @param lifetimeNs  IPsec SA lifetime (RTX `ipsec ike duration ipsec-sa`, default 28800 s on RTX, 3600 s
 *                    in the seed): the initiator rekeys at 90 % of it, a responder at 95 %
 * @param retryNs     how long an unanswered exchange waits before a fresh attempt (model choice, UNVERIFIED)
 * @param cap         the gateway's throughput limit for this tunnel, or null for none
 * @param statsIntervalNs period of the tunnel's counters line in the trace (docs/report-format.md), 0 for none
 */
public record TunnelConfig(String name, Ip4 local, Ip4 remote, String preSharedKey, String lowerDevice, boolean initiate,
                           DeadPeerDetection dpd, long lifetimeNs, long retryNs, int mtu, TunnelCap cap,
                           long statsIntervalNs) {
    public static final long DEFAULT_LIFETIME_NS = Time.s(3600);
    public static final long DEFAULT_RETRY_NS = Time.s(10);
    /** 1500 minus the outer IPv4 header and the largest ESP overhead, rounded down to a multiple of 4. */
    public static final int DEFAULT_MTU = (1500 - 20 - Esp.MAX_OVERHEAD) & ~3;

    public TunnelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        if (lifetimeNs <= 0 || retryNs <= 0) throw new IllegalArgumentException("lifetime and retry must be positive");
        if (mtu < 68) throw new IllegalArgumentException("tunnel MTU below 68: " + mtu);
        if (statsIntervalNs < 0) throw new IllegalArgumentException("stats interval must not be negative");
    }

    public static TunnelConfig of(String name, Ip4 local, Ip4 remote, String psk) {
        return new TunnelConfig(name, local, remote, psk, null, true, null, DEFAULT_LIFETIME_NS, DEFAULT_RETRY_NS, DEFAULT_MTU, null, 0);
    }

    public TunnelConfig withInitiate(boolean on) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, on, dpd, lifetimeNs, retryNs, mtu, cap, statsIntervalNs); }
    public TunnelConfig withDpd(DeadPeerDetection d) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, d, lifetimeNs, retryNs, mtu, cap, statsIntervalNs); }
    public TunnelConfig withLifetime(long ns) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, dpd, ns, retryNs, mtu, cap, statsIntervalNs); }
    public TunnelConfig withRetry(long ns) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, dpd, lifetimeNs, ns, mtu, cap, statsIntervalNs); }
    public TunnelConfig withLowerDevice(String dev) { return new TunnelConfig(name, local, remote, preSharedKey, dev, initiate, dpd, lifetimeNs, retryNs, mtu, cap, statsIntervalNs); }
    public TunnelConfig withMtu(int m) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, dpd, lifetimeNs, retryNs, m, cap, statsIntervalNs); }
    public TunnelConfig withCap(TunnelCap c) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, dpd, lifetimeNs, retryNs, mtu, c, statsIntervalNs); }
    public TunnelConfig withStatsInterval(long ns) { return new TunnelConfig(name, local, remote, preSharedKey, lowerDevice, initiate, dpd, lifetimeNs, retryNs, mtu, cap, ns); }
}
