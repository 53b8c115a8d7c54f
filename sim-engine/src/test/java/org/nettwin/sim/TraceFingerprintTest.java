package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

class TraceFingerprintTest {

    @Test
    @DisplayName("the hand-written time text equals Time.format (edges and a seeded property)")
    void timeTextEqualsTimeFormat() {
        long[] edges = {0, 1, 999_999_999L, 1_000_000_000L, 1_000_000_001L, 12_345_678_901L, Long.MAX_VALUE, -1, -1_500_000_000L};
        for (long t : edges) assertEquals(Time.format(t), new String(TraceFingerprint.timeText(t), StandardCharsets.US_ASCII), "t=" + t);
        long seed = 77;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long t = random.nextInt(3) == 0 ? random.nextLong(Long.MAX_VALUE) : random.nextLong(Time.s(100_000));
            assertEquals(Time.format(t), new String(TraceFingerprint.timeText(t), StandardCharsets.US_ASCII), "seed=" + seed + " t=" + t);
        }
    }

    @Test
    @DisplayName("the digest equals SHA-256 over TraceRecord.line() + newline, records at repeated and new times")
    void digestEqualsLineOracle() throws Exception {
        long seed = 5;
        SplittableRandom random = new SplittableRandom(seed);
        TraceFingerprint fingerprint = new TraceFingerprint();
        MessageDigest oracle = MessageDigest.getInstance("SHA-256");
        long time = 0;
        for (int i = 0; i < 2_000; i++) {
            if (random.nextInt(3) == 0) time += random.nextLong(Time.s(2));
            TraceRecord record = new TraceRecord(time, "näde-" + random.nextInt(5),
                    new TraceEvent.Log("prog", "line " + i + (random.nextBoolean() ? " ü" : "")));
            fingerprint.add(record);
            oracle.update((record.line() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(HexFormat.of().formatHex(oracle.digest()), fingerprint.hex(), "seed=" + seed);
    }
}
