package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventQueueTest {
    /** A queue entry that remembers when it was inserted. */
    private static final class Marker extends Event {
        final int insertion;

        Marker(int insertion) { this.insertion = insertion; }

        @Override String describe() { return "marker " + insertion; }
    }

    @Test
    @DisplayName("pops by (time, seq): earlier time first, equal times in insertion order (property, seeded)")
    void popsInTimeThenInsertionOrder() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            EventQueue queue = new EventQueue();
            List<long[]> expected = new ArrayList<>();
            int inserted = 0;
            List<long[]> popped = new ArrayList<>();
            // Interleave pushes and pops, with few distinct times so that ties are common.
            for (int step = 0; step < 5_000; step++) {
                if (queue.isEmpty() || random.nextInt(3) > 0) {
                    long time = random.nextLong(50);
                    queue.push(new Marker(inserted), time);
                    expected.add(new long[] {time, inserted});
                    inserted++;
                } else {
                    expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
                    long[] want = expected.remove(0);
                    Marker got = (Marker) queue.pop();
                    popped.add(new long[] {got.time, got.insertion});
                    assertEquals(want[0], got.time, "seed=" + seed + " step=" + step + ": time");
                    assertEquals(want[1], got.insertion, "seed=" + seed + " step=" + step + ": insertion order within a time");
                }
            }
            assertEquals(expected.size(), queue.size(), "seed=" + seed);
            assertTrue(popped.size() > 100, "seed=" + seed + ": the property exercised pops");
        }
    }
}
