package org.nettwin.reports.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.reports.model.Prediction;

class VrrpTimerModelTest {
    private static final long NS_PER_S = 1_000_000_000L;

    /** The table of protocol-facts §1.4 (advert 1 s), skew and MDI in seconds as printed there. */
    @ParameterizedTest(name = "P{0}: skew {1} s, MDI {2} s")
    @CsvSource({"255, 0.00390625, 3.00390625", "150, 0.4140625, 3.4140625", "100, 0.609375, 3.609375", "50, 0.8046875, 3.8046875"})
    @DisplayName("protocol-facts §1.4 table: RFC values exact, keepalived's µs values within its 1 µs truncation")
    void table(int priority, String skewSeconds, String mdiSeconds) {
        VrrpTimerModel m = VrrpTimerModel.keepalived(priority);
        long skew = new java.math.BigDecimal(skewSeconds).movePointRight(9).longValueExact();
        long mdi = new java.math.BigDecimal(mdiSeconds).movePointRight(9).longValueExact();
        assertEquals(skew, m.rfcSkewNs());
        assertEquals(mdi, m.rfcMasterDownNs());
        assertTrue(m.masterDownNs() <= mdi && mdi - m.masterDownNs() < 1_000, "keepalived truncates to whole µs: " + m.masterDownNs());
        assertEquals(0, m.masterDownNs() % 1_000, "µs integer math");
    }

    @Test @DisplayName("P150 → 3.4140625 s (keepalived 3.414062 s); P100 → 3.609375 s (protocol-facts §1.4, vrrp.h:437-440)")
    void seed000Priorities() {
        assertEquals(3_414_062_500L, VrrpTimerModel.keepalived(150).rfcMasterDownNs());
        assertEquals(3_414_062_000L, VrrpTimerModel.keepalived(150).masterDownNs());
        assertEquals(3_609_375_000L, VrrpTimerModel.keepalived(100).masterDownNs());
        assertEquals(609_375_000L, VrrpTimerModel.keepalived(100).takeoverAfterPriorityZeroNs(), "seed 000 §8.0 item 2: P2 MASTER at t+0.609 s");
    }

    @Test @DisplayName("VRRPv3 at 100 cs gives the v2 values; 1.2.13 enters MASTER one advert later (§2.4)")
    void v3AndOldKeepalived() {
        VrrpTimerModel v3 = new VrrpTimerModel(3, 100, 1_000_000, KeepalivedProfile.V2_2);
        assertEquals(609_375_000L, v3.skewNs());
        assertEquals(3_609_375_000L, v3.masterDownNs());
        VrrpTimerModel old = new VrrpTimerModel(2, 50, 1_000_000, KeepalivedProfile.V1_2);
        assertEquals(804_687_000L + NS_PER_S, old.takeoverAfterPriorityZeroNs(), "seed 002 phase B: skew(50) 0.805 s + 1 s ≈ 1.8 s");
        assertThrows(IllegalArgumentException.class, () -> new VrrpTimerModel(3, 100, 1_000_000, KeepalivedProfile.V1_2));
    }

    @Test @DisplayName("prediction rows carry the source and the measured − predicted difference")
    void rows() {
        var rows = VrrpTimerModel.keepalived(100).timerRows();
        assertEquals(2, rows.size());
        Prediction mdi = rows.get(1).withMeasured(3_609_375_000L + 200_000);
        assertEquals("protocol-facts §1.4", mdi.source());
        assertEquals(200_000L, mdi.differenceNs());
    }
}
