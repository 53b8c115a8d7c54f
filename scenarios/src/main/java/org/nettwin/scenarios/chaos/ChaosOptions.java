package org.nettwin.scenarios.chaos;

import org.nettwin.protocols.env.Time;

/**
 * How chaos runs are drawn and judged. Faults start no earlier than {@code warmupNs} (the network has
 * converged once) and are all cleared {@link #quietTailNs()} before the end, so that every run ends with a
 * stretch in which recovery can be checked.
 *
 * @param runs             how many schedules to draw and run
 * @param seed             the master seed; run i uses {@link ChaosRunner#runSeed(long, int)}
 * @param durationNs       length of each run; 0 = the base scenario's duration
 * @param recoveryBoundNs  how soon after the last fault cleared every probe must be answered again, and how
 *                         long VRRP may take to reconverge after a partition (two masters allowed meanwhile)
 * @param warmupNs         earliest start of a fault
 * @param maxFaults        faults per schedule are drawn from 1 .. maxFaults
 * @param minFaultNs       shortest fault (also the resolution of shrinking)
 * @param maxFaultNs       longest fault
 */
public record ChaosOptions(int runs, long seed, long durationNs, long recoveryBoundNs, long warmupNs, int maxFaults,
                           long minFaultNs, long maxFaultNs) {
    public static final long DEFAULT_RECOVERY_BOUND_NS = 10 * Time.S;
    /** Checked time after the recovery bound: long enough for several probes and VRRP adverts. */
    public static final long TAIL_CHECK_NS = 5 * Time.S;
    /**
     * Two masters for less than this are the normal hand-over (a preempting master's first advert takes a
     * link delay to reach the old one), not a split brain.
     */
    public static final long SPLIT_BRAIN_TOLERANCE_NS = Time.S;

    public ChaosOptions {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        if (durationNs < 0 || recoveryBoundNs <= 0 || warmupNs < 0) throw new IllegalArgumentException("durations must be positive");
        if (maxFaults < 1) throw new IllegalArgumentException("at least one fault per run");
        if (minFaultNs <= 0 || maxFaultNs < minFaultNs) throw new IllegalArgumentException("fault durations: need 0 < min <= max");
    }

    public static ChaosOptions defaults(int runs, long seed) {
        return new ChaosOptions(runs, seed, 0, DEFAULT_RECOVERY_BOUND_NS, 5 * Time.S, 4, 500 * Time.MS, 15 * Time.S);
    }

    public ChaosOptions withDuration(long ns) {
        return new ChaosOptions(runs, seed, ns, recoveryBoundNs, warmupNs, maxFaults, minFaultNs, maxFaultNs);
    }

    /** The fault-free end of every run: the recovery bound plus a stretch in which recovery is checked. */
    public long quietTailNs() {
        return recoveryBoundNs + TAIL_CHECK_NS;
    }
}
