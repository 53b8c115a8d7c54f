package org.nettwin.protocols.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.TimerHandle;

class ManualEnvTest {
    @Test
    @DisplayName("timers fire in (deadline, arm order), with now() at their deadline (NodeEnv#schedule contract)")
    void firesInDeadlineThenArmOrder() {
        ManualEnv env = new ManualEnv("n", 1);
        List<String> fired = new ArrayList<>();
        env.schedule(20, "late", () -> fired.add("late@" + env.now()));
        env.schedule(10, "first", () -> fired.add("first@" + env.now()));
        env.schedule(10, "second", () -> fired.add("second@" + env.now()));
        env.advanceTo(15);
        assertEquals(List.of("first@10", "second@10"), fired);
        assertEquals(15, env.now());
        env.advanceBy(5);
        assertEquals(List.of("first@10", "second@10", "late@20"), fired);
    }

    @Test
    @DisplayName("a timer armed by a timer fires in the same advance; past deadlines clamp to now; cancel is final")
    void chainingClampingAndCancel() {
        ManualEnv env = new ManualEnv("n", 1);
        List<Long> fired = new ArrayList<>();
        env.schedule(10, "outer", () -> env.after(5, "inner", () -> fired.add(env.now())));
        TimerHandle cancelled = env.schedule(12, "cancelled", () -> fired.add(-1L));
        cancelled.cancel();
        assertFalse(cancelled.isActive());
        env.advanceTo(100);
        assertEquals(List.of(15L), fired);
        TimerHandle past = env.schedule(50, "past", () -> fired.add(env.now()));
        assertEquals(100, past.deadline());
        assertEquals(List.of(past), env.pendingTimers());
        env.advanceBy(0);
        assertEquals(List.of(15L, 100L), fired);
        assertTrue(env.pendingTimers().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> env.advanceTo(99));
    }

    @Test
    @DisplayName("random(path): same seed and path give the same stream; another path or seed another one")
    void deterministicRandomStreams() {
        long[] a = draw(new ManualEnv("n", 42).random("vrrp/VI_1/skew"));
        assertArrayEquals(a, draw(new ManualEnv("other", 42).random("vrrp/VI_1/skew")));
        assertNotEquals(a[0], draw(new ManualEnv("n", 42).random("vrrp/VI_2/skew"))[0]);
        assertNotEquals(a[0], draw(new ManualEnv("n", 43).random("vrrp/VI_1/skew"))[0]);
    }

    @Test
    @DisplayName("transmissions are recorded with time and port, as copies")
    void recordsTransmissions() {
        ManualEnv env = new ManualEnv("n", 1);
        byte[] frame = {1, 2, 3};
        env.advanceTo(7);
        env.transmit(2, frame);
        frame[0] = 9;
        assertEquals(1, env.sent().size());
        assertEquals(7, env.sent().get(0).time());
        assertEquals(2, env.sent().get(0).port());
        assertArrayEquals(new byte[] {1, 2, 3}, env.sent().get(0).frame());
        env.clearSent();
        assertTrue(env.sent().isEmpty());
    }

    private static long[] draw(RandomGenerator r) {
        return new long[] {r.nextLong(), r.nextLong(), r.nextLong()};
    }
}
