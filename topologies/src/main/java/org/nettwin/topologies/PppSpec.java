package org.nettwin.topologies;

/**
 * A PPPoE interface (`ppp: {...}` on an interface). {@code provider} is the pppd peer name that `pon` and
 * `poff` take; {@code defaultRoute} is pppd's `defaultroute`; {@code connectNs} models how long discovery,
 * LCP and IPCP take after `pon`. Both ends of a PPPoE link must use the same {@code session}.
 */
public record PppSpec(String provider, int session, boolean defaultRoute, long connectNs) {
    public static final String DEFAULT_PROVIDER = "provider";
    public static final int DEFAULT_SESSION = 1;
    public static final long DEFAULT_CONNECT_NS = 2_000_000_000L;
}
