package org.nettwin.scenarios.cloud;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The link rate of each SORACOM Air speed class (protocol-facts §6). Only s1.fast = 2 Mbps is verified
 * (seed 002). The other figures are the usual published ones, UNVERIFIED (protocol-facts §9 item 3).
 * s1.8xfast (plan-US only) has no figure at all, so the twin does not change the link rate for it.
 */
final class SpeedClasses {
    private static final Map<String, Long> RATE_BPS = Map.of(
            "s1.minimum", 32_000L,      // UNVERIFIED
            "s1.slow", 128_000L,        // UNVERIFIED
            "s1.standard", 512_000L,    // UNVERIFIED
            "s1.fast", 2_000_000L,      // seed 002, protocol-facts §6
            "s1.4xfast", 8_000_000L);   // UNVERIFIED

    private SpeedClasses() {}

    /** The modelled rate of {@code speedClass} in bit/s, if the twin has a figure for it. */
    static OptionalLong rateBps(String speedClass) {
        Long bps = RATE_BPS.get(speedClass);
        return bps == null ? OptionalLong.empty() : OptionalLong.of(bps);
    }
}
