package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.BurstLossSpec;
import org.nettwin.topologies.ImpairmentPatch;

/** A written scenario reads back (ScenarioLoader, docs/scenario-format.md) into the scenario that was written. */
class ScenarioWriterTest {

    @Test
    @DisplayName("property: 100 drawn chaos schedules on keepalived-lan survive write + load with the same probes, events, seed and duration")
    void drawnSchedulesRoundTrip(@TempDir Path dir) throws Exception {
        ScenarioSpec base = ScenarioLoader.load(Examples.file("keepalived-lan/vrrp-kill.scenario.yml"));
        ChaosOptions options = ChaosOptions.defaults(1, 1).withDuration(60 * Time.S);
        ChaosRunner runner = new ChaosRunner(base, options);
        FaultGenerator generator = new FaultGenerator(runner.survey(), runner.options(), 60 * Time.S);
        long seed = 0xc4a05L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++) {
            ScenarioSpec spec = ChaosScenario.build(base, "round-trip-" + i, random.nextLong(), 60 * Time.S, generator.draw(random));
            Path file = dir.resolve("sub/round-trip-" + i + ".scenario.yml");
            ScenarioWriter.write(spec, file, List.of("schedule " + i + " of seed " + seed));
            assertSame(spec, ScenarioLoader.load(file), "seed " + seed + " schedule " + i);
        }
    }

    @Test
    @DisplayName("every impairment key, one-way events, quoting and the base's capture and expectations are written")
    void everyKey(@TempDir Path dir) throws Exception {
        ScenarioSpec base = ScenarioLoader.load(Examples.file("keepalived-lan/vrrp-kill.scenario.yml"));
        ImpairmentPatch everything = new ImpairmentPatch(15 * Time.MS, 2 * Time.MS, 0.125, new BurstLossSpec(0.01, 0.25, 0, 0.9), 2_500_000L, 64, 1400);
        List<EventSpec> events = List.of(
                new EventSpec(Time.S, new org.nettwin.scenarios.spec.ScenarioAction.LinkImpair("r1-lan", "r1", everything), null),
                new EventSpec(2 * Time.S, new org.nettwin.scenarios.spec.ScenarioAction.LinkImpair("r1-lan", null,
                        new ImpairmentPatch(null, null, null, BurstLossSpec.NONE, null, null, null)), null),
                new EventSpec(3 * Time.S, new org.nettwin.scenarios.spec.ScenarioAction.NodeCommand("r1", "echo \"quoted\" \\ back"), null));
        ScenarioSpec spec = new ScenarioSpec("every-key", base.file(), base.topology(), -7, base.durationNs(), base.probes(), events,
                base.capture(), base.expectations());
        Path file = dir.resolve("every.scenario.yml");
        ScenarioWriter.write(spec, file, List.of("two\nlines"));
        ScenarioSpec back = ScenarioLoader.load(file);
        assertSame(spec, back, "every key");
        assertEquals(spec.name(), back.name());
        assertEquals(spec.capture(), back.capture());
        assertEquals(spec.expectations().stream().map(ScenarioWriterTest::withoutPos).toList(), back.expectations().stream().map(ScenarioWriterTest::withoutPos).toList());
    }

    private static String withoutPos(Object specRecord) {
        return specRecord.toString().replaceAll(", pos=[^\\]]*\\]", "]");
    }

    /** Equal but for source positions, which say where the thing was written. */
    private static void assertSame(ScenarioSpec expected, ScenarioSpec actual, String what) {
        assertEquals(expected.seed(), actual.seed(), what);
        assertEquals(expected.durationNs(), actual.durationNs(), what);
        assertEquals(expected.topology().file().toAbsolutePath().normalize(), actual.topology().file().toAbsolutePath().normalize(), what);
        assertEquals(expected.probes().stream().map(ScenarioWriterTest::withoutPos).toList(), actual.probes().stream().map(ScenarioWriterTest::withoutPos).toList(), what);
        assertEquals(expected.events().stream().map(e -> e.atNs() + " " + e.action()).toList(),
                actual.events().stream().map(e -> e.atNs() + " " + e.action()).toList(), what);
    }
}
