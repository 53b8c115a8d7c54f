package org.nettwin.topologies;

import java.util.List;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.topologies.yaml.YamlMap;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * The impairment keys (delay, jitter, loss, burst-loss, rate, queue, mtu) as written in a link, in its
 * a-to-b / b-to-a overrides and in a scenario's {@code impair} event: one reader for all three.
 */
public final class ImpairmentKeys {
    public static final List<String> KEYS = List.of("delay", "jitter", "loss", "burst-loss", "rate", "queue", "mtu");

    private static final List<String> BURST_KEYS = List.of("p-good-bad", "p-bad-good", "loss-good", "loss-bad");

    /** IPv4's minimum MTU (RFC 791: every host must accept 68-octet datagrams) up to the IPv4 maximum. */
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65535;

    private ImpairmentKeys() {}

    /** Reads whichever impairment keys {@code map} has; other keys are the caller's to check. */
    public static ImpairmentPatch read(YamlMap map) throws ConfigError {
        return new ImpairmentPatch(
                map.get("delay", YamlValue::duration, null),
                map.get("jitter", YamlValue::duration, null),
                map.get("loss", YamlValue::fraction, null),
                map.get("burst-loss", ImpairmentKeys::burst, null),
                map.get("rate", YamlValue::rate, null),
                map.get("queue", v -> v.integerIn(0, 1_000_000), null),
                map.get("mtu", ImpairmentKeys::mtu, null));
    }

    public static int mtu(YamlValue v) throws ConfigError {
        return v.integerIn(MIN_MTU, MAX_MTU);
    }

    /** {@code none}, or {p-good-bad, p-bad-good, loss-good (default 0%), loss-bad (default 100%)}. */
    private static BurstLossSpec burst(YamlValue v) throws ConfigError {
        if (v.isScalar() && v.string().equals("none")) return BurstLossSpec.NONE;
        YamlMap m = v.map("burst-loss").allowOnly(BURST_KEYS);
        return new BurstLossSpec(
                m.get("p-good-bad", YamlValue::fraction),
                m.get("p-bad-good", YamlValue::fraction),
                m.get("loss-good", YamlValue::fraction, 0.0),
                m.get("loss-bad", YamlValue::fraction, 1.0));
    }
}
