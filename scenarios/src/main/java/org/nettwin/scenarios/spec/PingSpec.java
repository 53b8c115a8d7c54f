package org.nettwin.scenarios.spec;

import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.topologies.SourcePos;

/**
 * An ICMP echo probe, like {@code ping -i interval -c count -s size [-I source] to} started at
 * {@code startNs}. {@code count} 0 pings until the end of the run; {@code sourceInterface} null lets the
 * routing table choose. A request with no reply within {@code timeoutNs} counts as lost.
 */
public record PingSpec(String name, String from, Ip4 to, long startNs, long intervalNs, int count, int size,
                       long timeoutNs, String sourceInterface, PingStyle style, SourcePos pos) implements ProbeSpec {
    public static final long DEFAULT_INTERVAL_NS = Time.S;
    /** ICMP payload bytes, as iputils' default -s 56 (84-byte IP packets). */
    public static final int DEFAULT_SIZE = 56;
    /** The largest payload one IPv4 packet holds: 65535 - 20 (IP) - 8 (ICMP). */
    public static final int MAX_SIZE = 65535 - 20 - 8;

    /**
     * The per-request timeout when none is given: twice the interval, at least 1 s. iputils has no
     * per-request timeout (its -W applies to the last reply only), so a loss needs a rule of our own; twice
     * the interval never counts a reply late by less than one interval as lost.
     */
    public static long defaultTimeoutNs(long intervalNs) {
        return Math.max(2 * intervalNs, Time.S);
    }
}
