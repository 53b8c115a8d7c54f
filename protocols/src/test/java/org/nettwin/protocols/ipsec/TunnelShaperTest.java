package org.nettwin.protocols.ipsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tunnel cap's pacing: exact departure times, tail drop, and the rate never exceeded (protocol-facts §5.3, §5.4). */
class TunnelShaperTest {
    /** A 1428-byte inner packet (a 1400-byte ping) takes 11424 bits: 9139.2 ns at 1.25 Gbit/s, rounded up. */
    private static final int PACKET = 1428;
    private static final long AWS_SLOT = 9140;

    @Test @DisplayName("§5.3 AWS Standard tunnel, 1.25 Gbit/s: a burst leaves back to back, one serialisation time apart")
    void awsBurstDepartures() {
        TunnelShaper s = new TunnelShaper(TunnelCap.awsStandard());
        assertEquals(AWS_SLOT, TunnelCap.awsStandard().serviceTimeNs(PACKET));
        assertEquals(AWS_SLOT, s.admit(0, PACKET));
        assertEquals(2 * AWS_SLOT, s.admit(0, PACKET));
        assertEquals(3 * AWS_SLOT, s.admit(5, PACKET), "queued behind the two before it, whatever its own arrival");
        assertEquals(3, s.queued(5));
        assertEquals(1_000_000 + AWS_SLOT, s.admit(1_000_000, PACKET), "an idle tunnel sends at once, in one serialisation time");
        assertEquals(1, s.queued(1_000_000));
    }

    @Test @DisplayName("§5.4 GCP Classic: small packets are held to 250,000 pps (4 µs each) although 1.5 Gbit/s would allow 342 ns")
    void gcpPacketRateBinds() {
        TunnelCap cap = TunnelCap.gcpClassic(TunnelCap.GCP_CLASSIC_DEFAULT_BPS);
        assertEquals(4000, cap.serviceTimeNs(64));
        assertEquals(8000, cap.serviceTimeNs(1500), "1500 B: 12000 bits at 1.5 Gbit/s = 8 µs, the bit rate binds");
        TunnelShaper s = new TunnelShaper(cap);
        assertEquals(4000, s.admit(0, 64));
        assertEquals(8000, s.admit(0, 64));
        assertEquals(16000, s.admit(0, 1500));
    }

    @Test @DisplayName("a full queue drops the newcomer (tail drop); a place frees when the oldest packet has left")
    void tailDrop() {
        TunnelShaper s = new TunnelShaper(TunnelCap.awsStandard().withQueuePackets(2));
        assertEquals(AWS_SLOT, s.admit(0, PACKET));
        assertEquals(2 * AWS_SLOT, s.admit(0, PACKET));
        assertEquals(TunnelShaper.DROP, s.admit(0, PACKET));
        assertEquals(TunnelShaper.DROP, s.admit(AWS_SLOT - 1, PACKET), "the first has not left yet");
        assertEquals(3 * AWS_SLOT, s.admit(AWS_SLOT, PACKET), "it has left at its departure time");
    }

    @Test @DisplayName("property: departures keep FIFO order, each at least its own service time after the one before, queue bound kept")
    void neverFasterThanTheCap() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        TunnelCap cap = new TunnelCap(1 + random.nextLong(10_000_000_000L), random.nextBoolean() ? 0 : 1 + random.nextLong(1_000_000), 1 + random.nextInt(50));
        TunnelShaper s = new TunnelShaper(cap);
        long now = 0, lastDeparture = 0;
        for (int i = 0; i < 10_000; i++) {
            now += random.nextLong(2 * cap.serviceTimeNs(PACKET));
            int bytes = 20 + random.nextInt(1480);
            long d = s.admit(now, bytes);
            if (d == TunnelShaper.DROP) {
                assertEquals(cap.queuePackets(), s.queued(now), "seed " + seed + ": dropped only with a full queue");
                continue;
            }
            assertTrue(d >= Math.max(now, lastDeparture) + cap.serviceTimeNs(bytes), "seed " + seed + ": packet " + i + " left too early");
            assertTrue(s.queued(now) <= cap.queuePackets(), "seed " + seed + ": queue over its bound");
            lastDeparture = d;
        }
    }

    @ParameterizedTest(name = "{0} = {1} bit/s")
    @CsvSource({"1.25Gbit, 1250000000", "1.5G, 1500000000", "500Mbit, 500000000", "64kbit, 64000", "1200bit, 1200", "800M, 800000000"})
    void parsesTcRates(String text, long bps) {
        assertEquals(bps, TunnelCap.parseRate(text));
        assertEquals(bps, TunnelCap.parseRate(TunnelCap.formatRate(bps)), "formatRate round trip");
    }

    @Test void rejectsBadRates() {
        assertThrows(IllegalArgumentException.class, () -> TunnelCap.parseRate("fast"));
        assertThrows(IllegalArgumentException.class, () -> TunnelCap.parseRate("1.5Gbyte"));
        assertThrows(IllegalArgumentException.class, () -> TunnelCap.parseRate("0.5bit"));
        assertThrows(IllegalArgumentException.class, () -> new TunnelCap(0, 0, 10));
    }
}
