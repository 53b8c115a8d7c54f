package org.nettwin.protocols.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The receiver's sliding window of RFC 4303 §3.4.3, 64 packets wide. */
class ReplayWindowTest {
    @Test @DisplayName("§3.4.3: new numbers pass, duplicates fail, numbers left of the 64-wide window fail, 0 never passes")
    void rules() {
        ReplayWindow w = new ReplayWindow();
        assertFalse(w.check(0));
        assertTrue(w.check(1));
        w.accept(1);
        assertFalse(w.check(1), "duplicate");
        w.accept(100);
        assertTrue(w.check(37), "100 - 37 = 63: the window's left edge");
        assertFalse(w.check(36), "100 - 36 = 64: left of the window");
        w.accept(37);
        assertFalse(w.check(37));
        assertTrue(w.check(99), "late but within the window");
        assertEquals(100, w.highest());
    }

    @Test @DisplayName("check() does not move the window: only accept() after a verified ICV does")
    void checkIsSideEffectFree() {
        ReplayWindow w = new ReplayWindow();
        w.accept(10);
        assertTrue(w.check(1000));
        assertTrue(w.check(9), "an unverified 1000 must not push 9 out");
    }

    /** Property: the window agrees with an oracle holding every accepted number. */
    @Test void matchesOracle() {
        long seed = 0x5eed4303L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            ReplayWindow w = new ReplayWindow();
            Set<Long> seen = new HashSet<>();
            long top = 0;
            for (int i = 0; i < 500; i++) {
                long s = Math.max(1, top + rnd.nextInt(-80, 20));
                boolean expected = !seen.contains(s) && (s > top || top - s < ReplayWindow.SIZE);
                assertEquals(expected, w.check((int) s), "seed " + seed + " round " + round + " step " + i + " seq " + s + " top " + top);
                if (expected) {
                    w.accept((int) s);
                    seen.add(s);
                    top = Math.max(top, s);
                }
            }
        }
    }
}
