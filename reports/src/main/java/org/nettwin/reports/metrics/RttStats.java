package org.nettwin.reports.metrics;

import java.util.Collection;

/**
 * Round-trip times of the answered probes of one stream, in ns. {@code mdevNs} is ping's mdev (the population
 * standard deviation); percentiles are nearest-rank. Null (see {@link #of}) when no probe was answered.
 */
public record RttStats(int count, long minNs, long avgNs, long maxNs, long mdevNs, long p50Ns, long p95Ns) {

    public static RttStats of(Collection<Long> rtts) {
        if (rtts.isEmpty()) return null;
        long[] v = rtts.stream().mapToLong(Long::longValue).sorted().toArray();
        double sum = 0, sumSq = 0;
        for (long x : v) {
            sum += x;
            sumSq += (double) x * x;
        }
        double avg = sum / v.length;
        double mdev = Math.sqrt(Math.max(0, sumSq / v.length - avg * avg));
        return new RttStats(v.length, v[0], Math.round(avg), v[v.length - 1], Math.round(mdev), nearestRank(v, 50), nearestRank(v, 95));
    }

    /** The smallest value with at least {@code pct}% of the values at or below it. */
    static long nearestRank(long[] sorted, int pct) {
        int rank = (int) Math.ceil(pct / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
