package org.nettwin.protocols.stack;

import java.util.HashMap;
import java.util.Map;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;

/**
 * Linux's per-remote-host rate state (net/ipv4/inetpeer.c) behind ICMP error and redirect limits.
 *
 * <p>One token bucket per peer is shared by {@code ip_error} (cost 1 s, burst 5 s) and
 * {@code icmpv4_xrlim_allow} (icmp_ratelimit 1 s, burst 6×): a Net Unreachable raised at input is charged
 * twice, so a sender pinging at 1 pps gets 4 of them and then silence. The seed 002 trace (4 unreachables,
 * then a plain timeout) shows exactly that. Redirects have their own back-off (ip_rt_send_redirect).
 */
final class InetPeers {
    static final long HZ = Time.S;
    /** ip_rt_error_cost / ip_rt_error_burst (net/ipv4/route.c). */
    static final long ERROR_COST = HZ, ERROR_BURST = 5 * HZ;
    /** sysctl icmp_ratelimit (1000 ms) and XRLIM_BURST_FACTOR (6). */
    static final long ICMP_RATELIMIT = HZ, XRLIM_BURST = 6 * ICMP_RATELIMIT;
    /** ip_rt_redirect_number / _load / _silence (net/ipv4/route.c). */
    static final int REDIRECT_NUMBER = 9;
    static final long REDIRECT_LOAD = HZ / 50, REDIRECT_SILENCE = (HZ / 50) << 10;

    private static final class Peer {
        long rateTokens;
        long rateLast;
        int redirects;
    }

    private final Map<Ip4, Peer> peers = new HashMap<>();

    private Peer peer(Ip4 addr, long now) {
        return peers.computeIfAbsent(addr, a -> {
            Peer p = new Peer();
            // inet_getpeer: "60*HZ is arbitrary, but chosen enough high so that the first calculation of tokens is at its maximum"
            p.rateLast = now - 60 * HZ;
            return p;
        });
    }

    /** ip_error's limiter for errors raised at input route lookup (Net/Host Unreachable). */
    boolean allowInputError(Ip4 source, long now) {
        Peer p = peer(source, now);
        p.rateTokens = Math.min(p.rateTokens + (now - p.rateLast), ERROR_BURST);
        p.rateLast = now;
        if (p.rateTokens >= ERROR_COST) {
            p.rateTokens -= ERROR_COST;
            return true;
        }
        return false;
    }

    /** inet_peer_xrlim_allow, applied by icmp_send to types in icmp_ratemask (3, 4, 11, 12) except Frag Needed. */
    boolean allowIcmp(Ip4 dest, long now) {
        Peer p = peer(dest, now);
        long token = Math.min(p.rateTokens + (now - p.rateLast), XRLIM_BURST);
        p.rateLast = now;
        boolean ok = token >= ICMP_RATELIMIT;
        if (ok) token -= ICMP_RATELIMIT;
        p.rateTokens = token;
        return ok;
    }

    /** ip_rt_send_redirect's back-off: at most 9 redirects, spaced load << n, reset after the silence. */
    boolean allowRedirect(Ip4 source, long now) {
        Peer p = peer(source, now);
        if (now > p.rateLast + REDIRECT_SILENCE) {
            p.rateTokens = 0;
            p.redirects = 0;
        }
        if (p.redirects >= REDIRECT_NUMBER) {
            p.rateLast = now;
            return false;
        }
        if (p.redirects == 0 || now > p.rateLast + (REDIRECT_LOAD << p.redirects)) {
            p.rateLast = now;
            p.redirects++;
            return true;
        }
        return false;
    }
}
