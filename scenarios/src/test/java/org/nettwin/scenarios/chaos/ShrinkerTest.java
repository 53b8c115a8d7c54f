package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;

/** Delta debugging on schedules, with a failure predicate known in advance instead of a simulation. */
class ShrinkerTest {
    private static final long EARLIEST = 5 * Time.S;
    private static final Fault CULPRIT = new Fault.LinkDown("r1-lan");

    /** Fails (split brain, say) iff r1-lan is down for at least 2 s: what a real failure's shape often is. */
    private static List<Violation> culpritFor2s(List<ScheduledFault> schedule) {
        boolean fails = schedule.stream().anyMatch(f -> f.fault().equals(CULPRIT) && f.durationNs() >= 2 * Time.S);
        return fails ? List.of(new Violation(Invariant.SPLIT_BRAIN, 0, "synthetic")) : List.of();
    }

    @Test
    @DisplayName("property: whatever surrounds it, the culprit alone is kept, cut to 2 s (to 100 ms) and moved to the earliest start")
    void keepsOnlyTheCulprit() {
        long seed = 0x5eed_2026L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            List<ScheduledFault> schedule = new ArrayList<>();
            int noise = random.nextInt(8);
            for (int i = 0; i < noise; i++) {
                schedule.add(new ScheduledFault(new Fault.Cut("link-" + i, null), (5 + random.nextInt(30)) * Time.S, (1 + random.nextInt(10)) * Time.S));
            }
            schedule.add(random.nextInt(schedule.size() + 1), new ScheduledFault(CULPRIT, (6 + random.nextInt(20)) * Time.S, (2 + random.nextInt(13)) * Time.S));

            Shrinker.Result r = new Shrinker(ShrinkerTest::culpritFor2s, Invariant.SPLIT_BRAIN, 500 * Time.MS, EARLIEST, 300)
                    .shrink(schedule, culpritFor2s(schedule));
            String where = "seed " + seed + " round " + round + ": " + schedule + " -> " + r.schedule();
            assertEquals(1, r.schedule().size(), where);
            ScheduledFault kept = r.schedule().get(0);
            assertEquals(CULPRIT, kept.fault(), where);
            assertTrue(kept.durationNs() >= 2 * Time.S && kept.durationNs() < 2 * Time.S + Shrinker.RESOLUTION_NS, where);
            assertTrue(kept.atNs() >= EARLIEST && kept.atNs() < EARLIEST + Shrinker.RESOLUTION_NS, where);
            assertEquals(Invariant.SPLIT_BRAIN, r.violations().get(0).invariant(), where);
            assertTrue(r.evaluations() <= 300, where);
        }
    }

    @Test
    @DisplayName("a failure that needs no fault at all shrinks to the empty schedule in one run")
    void emptyScheduleFirst() {
        List<ScheduledFault> schedule = List.of(new ScheduledFault(CULPRIT, 10 * Time.S, 3 * Time.S));
        Shrinker.Result r = new Shrinker(s -> List.of(new Violation(Invariant.INTERFACE_DOWN, 0, "always")), Invariant.INTERFACE_DOWN,
                500 * Time.MS, EARLIEST, 300).shrink(schedule, List.of());
        assertEquals(List.of(), r.schedule());
        assertEquals(1, r.evaluations());
    }

    @Test
    @DisplayName("a different invariant failing does not count: the shrink keeps the schedule that fails the original one")
    void sameInvariantOnly() {
        List<ScheduledFault> schedule = List.of(new ScheduledFault(CULPRIT, 10 * Time.S, 3 * Time.S), new ScheduledFault(new Fault.Cut("x", null), 20 * Time.S, 3 * Time.S));
        // Every candidate fails, but with REACHABILITY, not SPLIT_BRAIN: nothing can be dropped.
        Shrinker.Result r = new Shrinker(s -> List.of(new Violation(Invariant.REACHABILITY, 0, "other")), Invariant.SPLIT_BRAIN,
                500 * Time.MS, EARLIEST, 300).shrink(schedule, List.of(new Violation(Invariant.SPLIT_BRAIN, 0, "original")));
        assertEquals(schedule, r.schedule());
    }

    @Test
    @DisplayName("the run budget is a hard cap")
    void budget() {
        List<ScheduledFault> schedule = new ArrayList<>();
        for (int i = 0; i < 8; i++) schedule.add(new ScheduledFault(new Fault.Cut("link-" + i, null), (5 + i) * Time.S, 10 * Time.S));
        schedule.add(new ScheduledFault(CULPRIT, 20 * Time.S, 10 * Time.S));
        Shrinker.Result r = new Shrinker(ShrinkerTest::culpritFor2s, Invariant.SPLIT_BRAIN, 500 * Time.MS, EARLIEST, 5).shrink(schedule, culpritFor2s(schedule));
        assertEquals(5, r.evaluations());
        assertTrue(r.schedule().stream().anyMatch(f -> f.fault().equals(CULPRIT)), "the culprit is never dropped: " + r.schedule());
    }
}
