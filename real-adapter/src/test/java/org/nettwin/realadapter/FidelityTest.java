package org.nettwin.realadapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.vrrp.VrrpTiming;

class FidelityTest {

    private static long skewNs(int priority, int advertSeconds) {
        return VrrpTiming.toNanos(VrrpTiming.skewMicros(2, priority, advertSeconds * 1_000_000L));
    }

    private static long masterDownNs(int priority, int advertSeconds) {
        return VrrpTiming.toNanos(VrrpTiming.masterDownMicros(2, priority, advertSeconds * 1_000_000L, VrrpTiming.DOWN_TIMER_ADVERTS));
    }

    @Test
    @DisplayName("twin harness, clean stop: the backup is MASTER Skew_Time(100) = 609.375 ms after the SIGTERM, at any phase (protocol-facts §1.4, §2 Stop)")
    void twinCleanStopTakesSkewTime(@TempDir Path dir) throws Exception {
        FidelityCase c = FidelityCase.named("stop-150-100");
        Fidelity.Twin twin = new Fidelity.Twin(c, dir);
        assertEquals(609_375_000L, skewNs(100, 1), "protocol-facts §1.4 table");
        for (long phase : new long[] {50_000_000L, 700_000_000L}) {
            assertEquals(skewNs(c.backupPriority(), c.advertSeconds()), twin.takeover(phase), "phase " + phase + " ns");
        }
    }

    @Test
    @DisplayName("twin harness, SIGKILL: the backup is MASTER MDI(100) minus the time since the last advert (protocol-facts §1.4: (MDI−adv, MDI])")
    void twinKillTakesMasterDownMinusPhase(@TempDir Path dir) throws Exception {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        FidelityCase c = FidelityCase.named("kill-150-100-adv2");
        Fidelity.Twin twin = new Fidelity.Twin(c, dir);
        long mdi = masterDownNs(c.backupPriority(), c.advertSeconds());
        for (int i = 0; i < 3; i++) {
            long phase = rnd.nextLong(1_000_000L, c.advertNs() - 1_000_000L);
            assertEquals(mdi - phase, twin.takeover(phase), "seed " + seed + ", phase " + phase + " ns");
        }
    }

    @Test
    @DisplayName("twin harness, track_script fall 2 (interval 1 s): FAULT after the second failing check, then Skew_Time(100) (protocol-facts §2.1, §2)")
    void twinTrackScriptFallsAfterTwoChecks(@TempDir Path dir) throws Exception {
        FidelityCase c = FidelityCase.named("track-150-100");
        Fidelity.Twin twin = new Fidelity.Twin(c, dir);
        long skew = skewNs(c.backupPriority(), c.advertSeconds());
        for (long phase : new long[] {100_000_000L, 600_000_000L}) {
            long takeover = twin.takeover(phase);
            // The second failing check comes between 1 and 2 script intervals after the file is removed.
            assertTrue(takeover > 1_000_000_000L + skew && takeover <= 2_000_000_000L + skew + 50_000_000L,
                    "phase " + phase + " ns: takeover " + takeover + " ns");
        }
    }

    @Test
    @DisplayName("a tcpdump -n -tt line of a VRRPv2 advert gives its µs timestamp, source and priority")
    void parsesTcpdumpAdverts(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("vrrp.txt"), """
                1763775361.123456 IP 198.18.2.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, authtype simple, intvl 1s, length 20, addrs: 198.18.2.100 auth "fid51pw"
                1763775361.900001 IP 198.18.2.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 0, authtype simple, intvl 1s, length 20, addrs: 198.18.2.100 auth "fid51pw"
                1763775362.000000 ARP, Request who-has 198.18.2.100 tell 198.18.2.100, length 28
                """);
        assertEquals(List.of(new Fidelity.Advert(1_763_775_361_123_456_000L, "198.18.2.11", 150), new Fidelity.Advert(1_763_775_361_900_001_000L, "198.18.2.11", 0)),
                Fidelity.adverts(text));
    }

    @Test
    @DisplayName("tolerance is 10 % of the twin's value or 100 ms, whichever is larger")
    void toleranceRule() {
        FidelityCase c = FidelityCase.named("kill-150-100");
        Fidelity.Row small = new Fidelity.Row(c, List.of(new Fidelity.RealSample(700_000_000L, 0)), List.of(609_000_000L));
        assertEquals(100_000_000L, small.toleranceNs());
        assertTrue(small.withinTolerance());
        Fidelity.Row large = new Fidelity.Row(c, List.of(new Fidelity.RealSample(3_000_000_000L, 0)), List.of(3_400_000_000L));
        assertEquals(340_000_000L, large.toleranceNs());
        assertTrue(!large.withinTolerance(), "400 ms off a 3.4 s twin value");
    }

    @Test
    @Tag("real")
    @Timeout(90)
    @DisplayName("real keepalived 2.2.7 and the twin agree within tolerance on a clean stop and a SIGKILL (docs/fidelity.md)")
    void realAndTwinAgree(@TempDir Path dir) throws Exception {
        Optional<String> why = Fidelity.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "fidelity comparison skipped: " + why.orElse(""));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Fidelity.Row> rows = Fidelity.compare(List.of(FidelityCase.named("stop-150-100"), FidelityCase.named("kill-150-100")), 1, dir,
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        String table = Fidelity.table(rows);
        System.out.println(progress.toString(StandardCharsets.UTF_8) + table);
        for (Fidelity.Row r : rows) assertTrue(r.withinTolerance(), r.fidelityCase().name() + " outside tolerance:\n" + table);
    }
}
