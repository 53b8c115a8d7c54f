package org.nettwin.topologies.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0", "10ms, 10000000", "1.5s, 1500000000", "250us, 250000", "250µs, 250000", "2m, 120000000000",
            "1h, 3600000000000", "7ns, 7", "0.5ms, 500000", "0s, 0"})
    void durations(String text, long ns) {
        assertEquals(ns, Units.parseDuration(text));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0", "100Mbps, 100000000", "2Mbit/s, 2000000", "1Gbps, 1000000000", "512kbps, 512000",
            "1.5kbit, 1500", "64bps, 64"})
    void rates(String text, long bps) {
        assertEquals(bps, Units.parseRate(text));
    }

    @ParameterizedTest
    @CsvSource({"1%, 0.01", "0.01, 0.01", "100%, 1.0", "0, 0.0", "0.5%, 0.005"})
    void fractions(String text, double fraction) {
        assertEquals(fraction, Units.parseFraction(text), 1e-15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10|duration '10' needs a unit", "-5ms|not a duration: '-5ms'", "1.5ns|duration '1.5ns' is finer than 1 nanosecond",
            "10 parsecs|not a duration: '10 parsecs'", "9999999999h|duration '9999999999h' is too large"})
    void badDurations(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"100|rate '100' needs a unit", "100MB/s|not a rate: '100MB/s'", "1.5bps|rate '1.5bps' is finer than 1 bit/s"})
    void badRates(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Units.parseRate(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"101%|'101%' is not between 0% and 100%", "2|'2' is not between 0% and 100%", "lots|not a percentage or fraction: 'lots'"})
    void badFractions(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Units.parseFraction(text)).getMessage());
    }

    @Test void integersAreDecimalNotYaml11Octal() {
        assertEquals(10, Units.parseLong("010"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseLong("0x10"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseLong("1:30"));
    }

    @Test void formattedDurationsAndRatesParseBackExactly() {
        long seed = 0x5eed_0001L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            long ns = random.nextLong(0, 1L << (1 + random.nextInt(52)));
            String text = Units.formatDuration(ns);
            assertEquals(ns, Units.parseDuration(text), "seed " + seed + " iteration " + i + ": " + ns + " -> " + text);
            long bps = random.nextLong(0, 1L << (1 + random.nextInt(45)));
            String rate = Units.formatRate(bps);
            assertEquals(bps, Units.parseRate(rate), "seed " + seed + " iteration " + i + ": " + bps + " -> " + rate);
        }
    }

    @Test void formatsPreferTheLargestExactUnit() {
        assertEquals("10ms", Units.formatDuration(10_000_000));
        assertEquals("1.5s", Units.formatDuration(1_500_000_000));
        assertEquals("90s", Units.formatDuration(90_000_000_000L));
        assertEquals("2m", Units.formatDuration(120_000_000_000L));
        assertEquals("100Mbps", Units.formatRate(100_000_000));
        assertEquals("5%", Units.formatPercent(0.05));
    }
}
