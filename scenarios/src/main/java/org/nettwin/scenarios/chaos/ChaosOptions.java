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
 *                         long VRRP or Heartbeat may take to reconverge after a partition (two masters allowed
 *                         meanwhile); {@link #DERIVED}: the network's own, {@link NetworkSurvey#recoveryBoundNs()}
 * @param warmupNs         earliest start of a fault
 * @param maxFaults        faults per schedule are drawn from 1 .. maxFaults
 * @param minFaultNs       shortest fault (also the resolution of shrinking)
 * @param maxFaultNs       longest fault; {@link #DERIVED}: {@link #DEFAULT_MAX_FAULT_NS}, or longer when the network's
 *                         slowest failure detector needs it ({@link #resolve})
 */
public record ChaosOptions(int runs, long seed, long durationNs, long recoveryBoundNs, long warmupNs, int maxFaults,
                           long minFaultNs, long maxFaultNs) {
    /** A recovery bound or longest fault of 0: take it from the network ({@link #resolve}). */
    public static final long DERIVED = 0;
    /** Longest fault unless the network detects failures more slowly (then: its slowest detector + {@link #OUTLAST_NS}). */
    public static final long DEFAULT_MAX_FAULT_NS = 15 * Time.S;
    /** How much longer than the slowest failure detector the longest fault may be, so that every detector can fire. */
    public static final long OUTLAST_NS = 5 * Time.S;
    /** Checked time after the recovery bound: long enough for several probes and VRRP adverts. */
    public static final long TAIL_CHECK_NS = 5 * Time.S;
    /**
     * Two masters for less than this are the normal hand-over (a preempting master's first advert takes a
     * link delay to reach the old one), not a split brain.
     */
    public static final long SPLIT_BRAIN_TOLERANCE_NS = Time.S;

    public ChaosOptions {
        if (runs < 1) throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        if (durationNs < 0 || recoveryBoundNs < 0 || warmupNs < 0) throw new IllegalArgumentException("durations must be positive");
        if (maxFaults < 1) throw new IllegalArgumentException("at least one fault per run");
        if (minFaultNs <= 0 || maxFaultNs != DERIVED && maxFaultNs < minFaultNs) throw new IllegalArgumentException("fault durations: need 0 < min <= max");
    }

    public static ChaosOptions defaults(int runs, long seed) {
        return new ChaosOptions(runs, seed, 0, DERIVED, 5 * Time.S, 4, 500 * Time.MS, DERIVED);
    }

    public ChaosOptions withDuration(long ns) {
        return new ChaosOptions(runs, seed, ns, recoveryBoundNs, warmupNs, maxFaults, minFaultNs, maxFaultNs);
    }

    public ChaosOptions withRecoveryBound(long ns) {
        return new ChaosOptions(runs, seed, durationNs, ns, warmupNs, maxFaults, minFaultNs, maxFaultNs);
    }

    /**
     * These options with every {@link #DERIVED} value taken from the network: the recovery bound is its slowest
     * recovery; the longest fault is {@link #DEFAULT_MAX_FAULT_NS}, or its slowest failure detector +
     * {@link #OUTLAST_NS} when that is longer (so that a 60 s DPD can see a dead peer).
     */
    public ChaosOptions resolve(NetworkSurvey survey) {
        long bound = recoveryBoundNs == DERIVED ? survey.recoveryBoundNs() : recoveryBoundNs;
        long longest = maxFaultNs == DERIVED ? Math.max(DEFAULT_MAX_FAULT_NS, survey.slowestDetectionNs() + OUTLAST_NS) : maxFaultNs;
        return new ChaosOptions(runs, seed, durationNs, bound, warmupNs, maxFaults, minFaultNs, Math.max(minFaultNs, longest));
    }

    /** The fault-free end of every run: the recovery bound plus a stretch in which recovery is checked. */
    public long quietTailNs() {
        if (recoveryBoundNs == DERIVED) throw new IllegalStateException("the recovery bound is not resolved yet");
        return recoveryBoundNs + TAIL_CHECK_NS;
    }
}
