package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.nettwin.protocols.env.Time;

/**
 * Minimises a failing schedule while it keeps failing the same invariant: delta debugging over its faults
 * (Zeller's ddmin, complements only: drop ever smaller groups of faults), then each fault's duration cut by
 * binary search, then each fault moved as early as it can go. Every candidate costs one run, and the total
 * is capped by {@code budget}; the result is the smallest schedule seen that still fails.
 */
public final class Shrinker {
    /** Durations and start times are searched to this resolution. */
    static final long RESOLUTION_NS = 100 * Time.MS;

    /** The outcome: the minimised schedule, how it fails, and how many runs finding it took. */
    public record Result(List<ScheduledFault> schedule, List<Violation> violations, int evaluations) {}

    private final Function<List<ScheduledFault>, List<Violation>> evaluate;
    private final Invariant invariant;
    private final long minFaultNs;
    private final long earliestNs;
    private final int budget;
    private int evaluations;
    private List<Violation> lastFailure;

    /**
     * @param evaluate   runs a schedule and returns its violations
     * @param invariant  the invariant the schedule must keep failing
     * @param minFaultNs the shortest duration a fault may shrink to
     * @param earliestNs the earliest time a fault may move to
     * @param budget     the most runs to spend
     */
    public Shrinker(Function<List<ScheduledFault>, List<Violation>> evaluate, Invariant invariant, long minFaultNs, long earliestNs, int budget) {
        this.evaluate = evaluate;
        this.invariant = invariant;
        this.minFaultNs = minFaultNs;
        this.earliestNs = earliestNs;
        this.budget = budget;
    }

    public Result shrink(List<ScheduledFault> failing, List<Violation> violations) {
        lastFailure = violations;
        List<ScheduledFault> current = dropFaults(List.copyOf(failing));
        for (int i = 0; i < current.size(); i++) {
            current = shorten(current, i);
            current = moveEarlier(current, i);
        }
        // Every failing candidate became the current schedule, so the last failure is the current one's.
        List<ScheduledFault> sorted = new ArrayList<>(current);
        sorted.sort(Comparator.comparingLong(ScheduledFault::atNs));
        return new Result(List.copyOf(sorted), lastFailure, evaluations);
    }

    /** ddmin on complements: remove one of n groups while the rest still fails; refine n when none can go. */
    private List<ScheduledFault> dropFaults(List<ScheduledFault> faults) {
        if (!faults.isEmpty() && fails(List.of())) return List.of();
        int groups = 2;
        while (faults.size() >= 2) {
            groups = Math.min(groups, faults.size());
            boolean reduced = false;
            for (int g = 0; g < groups; g++) {
                List<ScheduledFault> complement = without(faults, g, groups);
                if (fails(complement)) {
                    faults = complement;
                    groups = Math.max(groups - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (groups >= faults.size()) break;
                groups = Math.min(2 * groups, faults.size());
            }
        }
        return faults;
    }

    private static List<ScheduledFault> without(List<ScheduledFault> faults, int group, int groups) {
        int from = group * faults.size() / groups;
        int to = (group + 1) * faults.size() / groups;
        List<ScheduledFault> rest = new ArrayList<>(faults.subList(0, from));
        rest.addAll(faults.subList(to, faults.size()));
        return rest;
    }

    /** The shortest duration, to the resolution, at which fault {@code i} still fails (searched as if monotone). */
    private List<ScheduledFault> shorten(List<ScheduledFault> faults, int i) {
        ScheduledFault f = faults.get(i);
        long lo = minFaultNs;
        long hi = f.durationNs();
        List<ScheduledFault> best = faults;
        while (hi - lo >= RESOLUTION_NS) {
            long mid = roundToMs(lo + (hi - lo) / 2);
            List<ScheduledFault> candidate = replace(faults, i, f.withTiming(f.atNs(), mid));
            if (fails(candidate)) {
                hi = mid;
                best = candidate;
            } else {
                lo = mid + Time.MS;
            }
        }
        return best;
    }

    /** The earliest start, to the resolution, at which fault {@code i} still fails. */
    private List<ScheduledFault> moveEarlier(List<ScheduledFault> faults, int i) {
        ScheduledFault f = faults.get(i);
        long lo = earliestNs;
        long hi = f.atNs();
        List<ScheduledFault> best = faults;
        while (hi - lo >= RESOLUTION_NS) {
            long mid = roundToMs(lo + (hi - lo) / 2);
            List<ScheduledFault> candidate = replace(faults, i, f.withTiming(mid, f.durationNs()));
            if (valid(candidate) && fails(candidate)) {
                hi = mid;
                best = candidate;
            } else {
                lo = mid + Time.MS;
            }
        }
        return best;
    }

    private static long roundToMs(long ns) {
        return ns / Time.MS * Time.MS;
    }

    private static List<ScheduledFault> replace(List<ScheduledFault> faults, int i, ScheduledFault f) {
        List<ScheduledFault> copy = new ArrayList<>(faults);
        copy.set(i, f);
        return copy;
    }

    /** Moving a fault must not make it overlap another on the same target: their events would interleave. */
    private static boolean valid(List<ScheduledFault> faults) {
        for (int a = 0; a < faults.size(); a++) {
            for (int b = a + 1; b < faults.size(); b++) if (FaultGenerator.conflicts(faults.get(a), faults.get(b))) return false;
        }
        return true;
    }

    /** Runs the candidate (within budget) and says whether it still fails the invariant. */
    private boolean fails(List<ScheduledFault> candidate) {
        if (evaluations >= budget) return false;
        evaluations++;
        List<Violation> v = evaluate.apply(candidate);
        boolean fails = v.stream().anyMatch(x -> x.invariant() == invariant);
        if (fails) lastFailure = v;
        return fails;
    }
}
