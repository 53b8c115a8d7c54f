package org.nettwin.protocols.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** protocol-facts §1.4: Skew_Time and Master_Down_Interval, RFC values and keepalived's integer µs. */
class VrrpTimingTest {

    @ParameterizedTest(name = "P{0}: skew {1} s, MDI {2} s")
    @DisplayName("§1.4 table (adv 1 s, v2): keepalived's µs are the RFC values truncated to the microsecond")
    @CsvSource({
            "255, 0.00390625, 3.00390625",
            "150, 0.4140625,  3.4140625",
            "100, 0.609375,   3.609375",
            "50,  0.8046875,  3.8046875"})
    void table(int priority, String skewSeconds, String mdiSeconds) {
        long skew = VrrpTiming.skewMicros(2, priority, VrrpTiming.TIMER_HZ);
        long mdi = VrrpTiming.masterDownMicros(2, priority, VrrpTiming.TIMER_HZ, VrrpTiming.DOWN_TIMER_ADVERTS);
        // (256-P)*10^6/256 in integer arithmetic is the table value rounded down to whole µs.
        assertEquals(new BigDecimal(skewSeconds).movePointRight(6).longValue(), skew, "skew µs");
        assertEquals(new BigDecimal(mdiSeconds).movePointRight(6).longValue(), mdi, "MDI µs");
        assertTrue(new BigDecimal(mdiSeconds).movePointRight(6).subtract(BigDecimal.valueOf(mdi)).compareTo(BigDecimal.ONE) < 0);
    }

    @Test
    @DisplayName("§1.4 v3: skew = (256-P) x interval(cs) x 625/16 µs; MDI = 3 x interval + skew")
    void v3() {
        // 100 cs at P100: 156 x 100 x 625 / 16 = 609375 µs, the same as v2 at 1 s.
        assertEquals(609_375, VrrpTiming.skewMicros(3, 100, 100 * VrrpTiming.TIMER_CENTI_HZ));
        // 350 cs at P200: 56 x 350 x 625 / 16 = 765625 µs; MDI = 3 x 3.5 s + 0.765625 s.
        assertEquals(765_625, VrrpTiming.skewMicros(3, 200, 350 * VrrpTiming.TIMER_CENTI_HZ));
        assertEquals(11_265_625, VrrpTiming.masterDownMicros(3, 200, 350 * VrrpTiming.TIMER_CENTI_HZ, 3));
        // A silent master death at random phase is followed by takeover after (MDI-1, MDI] s (DERIVED).
        assertEquals(3_609_375_000L, VrrpTiming.toNanos(VrrpTiming.masterDownMicros(2, 100, VrrpTiming.TIMER_HZ, 3)));
    }
}
