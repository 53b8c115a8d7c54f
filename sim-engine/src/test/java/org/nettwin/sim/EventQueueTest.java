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
    @DisplayName("pops by key (time, pushTime, origin, originSeq) whatever the push order (property, seeded)")
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
                    // Few distinct values per field, so that ties on the leading fields are common; the
                    // insertion number as originSeq makes every key unique.
                    long time = random.nextLong(50);
                    long pushTime = random.nextLong(3);
                    int origin = random.nextInt(-1, 3);
                    Marker marker = new Marker(inserted);
                    marker.key(time, pushTime, origin, inserted);
                    queue.push(marker);
                    expected.add(new long[] {time, pushTime, origin, inserted});
                    inserted++;
                } else {
                    expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1])
                            .thenComparingLong(e -> e[2]).thenComparingLong(e -> e[3]));
                    long[] want = expected.remove(0);
                    Marker got = (Marker) queue.pop();
                    popped.add(new long[] {got.time, got.insertion});
                    assertEquals(want[0], got.time, "seed=" + seed + " step=" + step + ": time");
                    assertEquals(want[3], got.insertion, "seed=" + seed + " step=" + step + ": key order within a time");
                }
            }
            assertEquals(expected.size(), queue.size(), "seed=" + seed);
            assertTrue(popped.size() > 100, "seed=" + seed + ": the property exercised pops");
        }
    }
}
