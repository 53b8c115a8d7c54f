package org.nettwin.reports.metrics;

/** Bin widths for counts over time (drops per bin): the smallest round width giving at most {@link #MAX_BINS} bins. */
public final class TimeBins {
    private static final long[] WIDTHS_MS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 3_600_000};
    public static final int MAX_BINS = 120;

    private TimeBins() {}

    /** The bin width in ns for a time axis from 0 to {@code endNs}. */
    public static long widthNs(long endNs) {
        for (long ms : WIDTHS_MS) if (Math.max(endNs, 1) <= ms * 1_000_000L * MAX_BINS) return ms * 1_000_000L;
        return WIDTHS_MS[WIDTHS_MS.length - 1] * 1_000_000L;
    }
}
