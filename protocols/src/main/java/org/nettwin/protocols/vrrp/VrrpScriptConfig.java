package org.nettwin.protocols.vrrp;

import java.util.List;
import java.util.Objects;

/**
 * A vrrp_script block. Durations are in µs like keepalived's; {@code timeoutMicros} 0 means "the interval"
 * (2.x, vrrp_scheduler.c:1204). Defaults (protocol-facts §2.1, identical in 1.2.13): interval 1 s, weight 0,
 * rise 1, fall 1.
 */
public record VrrpScriptConfig(String name, String command, List<String> argv, long intervalMicros, long timeoutMicros,
                               int weight, int rise, int fall, String user) {
    public static final long DEFAULT_INTERVAL_MICROS = VrrpTiming.TIMER_HZ;

    public VrrpScriptConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        argv = List.copyOf(argv);
        if (intervalMicros <= 0) throw new IllegalArgumentException("interval must be positive: " + intervalMicros);
        if (timeoutMicros < 0) throw new IllegalArgumentException("timeout must not be negative: " + timeoutMicros);
        if (rise < 1 || fall < 1) throw new IllegalArgumentException("rise and fall must be at least 1");
        if (weight < -253 || weight > 253) throw new IllegalArgumentException("weight out of -253..253: " + weight);
    }

    /** A script with keepalived's defaults for everything but the command. */
    public static VrrpScriptConfig of(String name, String command) {
        return new VrrpScriptConfig(name, command, CommandLine.split(command), DEFAULT_INTERVAL_MICROS, 0, 0, 1, 1, null);
    }

    public VrrpScriptConfig withInterval(long micros) { return new VrrpScriptConfig(name, command, argv, micros, timeoutMicros, weight, rise, fall, user); }
    public VrrpScriptConfig withTimeout(long micros) { return new VrrpScriptConfig(name, command, argv, intervalMicros, micros, weight, rise, fall, user); }
    public VrrpScriptConfig withWeight(int w) { return new VrrpScriptConfig(name, command, argv, intervalMicros, timeoutMicros, w, rise, fall, user); }
    public VrrpScriptConfig withRise(int r) { return new VrrpScriptConfig(name, command, argv, intervalMicros, timeoutMicros, weight, r, fall, user); }
    public VrrpScriptConfig withFall(int f) { return new VrrpScriptConfig(name, command, argv, intervalMicros, timeoutMicros, weight, rise, f, user); }

    /** The timeout a run gets: the configured one, else the interval. */
    public long effectiveTimeoutMicros() { return timeoutMicros > 0 ? timeoutMicros : intervalMicros; }
}
