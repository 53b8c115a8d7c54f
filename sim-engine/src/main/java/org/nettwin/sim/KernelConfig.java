package org.nettwin.sim;

import java.util.Objects;

/**
 * How to run a simulation.
 *
 * @param seed     the run seed every random stream is split from
 * @param hostMode ACTORS (default) or INLINE
 * @param threads  parallelism of the node dispatcher in ACTORS mode (ignored by INLINE); results never depend on it
 */
public record KernelConfig(long seed, HostMode hostMode, int threads) {
    public KernelConfig {
        Objects.requireNonNull(hostMode, "hostMode");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** Actors, one thread per available processor. */
    public static KernelConfig defaults(long seed) {
        return new KernelConfig(seed, HostMode.ACTORS, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public KernelConfig withHostMode(HostMode mode) { return new KernelConfig(seed, mode, threads); }

    public KernelConfig withThreads(int n) { return new KernelConfig(seed, hostMode, n); }
}
