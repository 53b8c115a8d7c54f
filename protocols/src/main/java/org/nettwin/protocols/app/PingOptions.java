package org.nettwin.protocols.app;

import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;

/**
 * What `ping` was asked to do. {@code count} 0 means until stopped; {@code timeoutNs} is how long a probe
 * may stay unanswered before it counts as lost; {@code sourceInterface} is `-I dev` (null for routed).
 */
public record PingOptions(Ip4 destination, int count, long intervalNs, int size, long timeoutNs,
                          String sourceInterface, PingStyle style) {
    public PingOptions {
        if (intervalNs <= 0) throw new IllegalArgumentException("ping interval must be positive");
        if (size < 0 || size > 65507) throw new IllegalArgumentException("ping size out of range: " + size);
    }

    public static PingOptions defaults(Ip4 dst) {
        return new PingOptions(dst, 0, Time.S, 56, 2 * Time.S, null, PingStyle.IPUTILS);
    }
}
