package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GroupCalendarTest {
    private static final class Marker extends Event {
        @Override String describe() { return "marker"; }
    }

    @Test
    @DisplayName("next event time and a window's busy groups equal a scan of every group's queue (property, seeded)")
    void agreesWithAScanOfEveryGroup() {
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<NodeGroup> groups = new ArrayList<>();
            for (int i = 0; i < 40; i++) groups.add(new NodeGroup(List.of(), i));
            GroupCalendar calendar = new GroupCalendar();
            long seq = 0;
            int windows = 0;
            for (int step = 0; step < 4_000; step++) {
                NodeGroup g = groups.get(random.nextInt(groups.size()));
                int op = random.nextInt(10);
                if (op < 5) {
                    // A push by the kernel (arrival, boot, node action), earlier or later than the group's head.
                    Marker m = new Marker();
                    m.key(random.nextLong(1_000), 0, 0, seq++);
                    g.queue.push(m);
                    calendar.update(g);
                } else if (op < 8) {
                    if (!g.queue.isEmpty()) g.queue.pop();
                    calendar.update(g);
                } else {
                    // A window: the calendar's busy groups, each run (its head popped) and filed again.
                    long end = random.nextLong(1_100);
                    List<NodeGroup> expected = groups.stream().filter(x -> !x.queue.isEmpty() && x.queue.peekTime() < end)
                            .sorted(Comparator.<NodeGroup>comparingLong(x -> x.queue.peekTime()).thenComparingInt(x -> x.ordinal)).toList();
                    List<NodeGroup> busy = new ArrayList<>();
                    calendar.pollBefore(end, busy);
                    assertEquals(expected, busy, "seed=" + seed + " step=" + step + ": busy groups before " + end);
                    for (NodeGroup b : busy) {
                        b.queue.pop();
                        calendar.update(b);
                    }
                    windows++;
                }
                long scan = groups.stream().filter(x -> !x.queue.isEmpty()).mapToLong(x -> x.queue.peekTime()).min().orElse(Long.MAX_VALUE);
                assertEquals(scan, calendar.peekTime(), "seed=" + seed + " step=" + step + ": next event time");
            }
            assertTrue(windows > 100, "seed=" + seed + ": the property exercised windows");
            calendar.clear();
            assertTrue(calendar.isEmpty());
            for (NodeGroup x : groups) assertEquals(-1, x.calendarIndex, "cleared groups are unfiled");
        }
    }
}
