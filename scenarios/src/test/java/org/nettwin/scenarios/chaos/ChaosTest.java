package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/** Chaos runs end to end on examples/keepalived-lan and on two copies of it broken on purpose. */
class ChaosTest {
    private static final long MASTER_SEED = 20261122;

    @Test
    @DisplayName("200 drawn schedules on examples/keepalived-lan (every fault kind drawn) all keep the four invariants")
    void keepalivedLanKeepsTheInvariants() throws Exception {
        ScenarioSpec base = ScenarioLoader.load(Examples.file("keepalived-lan/vrrp-kill.scenario.yml"));
        ChaosRunner runner = new ChaosRunner(base, ChaosOptions.defaults(200, MASTER_SEED).withDuration(40 * Time.S));
        List<String> failures = new ArrayList<>();
        Set<Class<?>> kinds = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ChaosRunner.ChaosRun run = runner.run(i);
            assertFalse(run.schedule().isEmpty(), "run " + i + " (seed " + run.seed() + ") drew no fault");
            run.schedule().forEach(f -> kinds.add(f.fault().getClass()));
            if (!run.passed()) failures.add("run " + i + " seed " + run.seed() + " " + run.schedule() + ": " + run.violations());
        }
        assertEquals(List.of(), failures, "master seed " + MASTER_SEED);
        assertEquals(Set.of(Fault.LinkDown.class, Fault.Cut.class, Fault.Impair.class, Fault.KeepalivedDown.class), kinds,
                "every kind of fault was exercised (master seed " + MASTER_SEED + ")");
    }

    @Test
    @DisplayName("split brain (r2's auth_pass differs) is caught, minimised to at most 2 faults, and the written file replays it")
    void splitBrainIsCaughtAndMinimised(@TempDir Path out) throws Exception {
        Minimal m = catchAndMinimise("chaos/split-brain/split-brain.scenario.yml", Invariant.SPLIT_BRAIN, out);
        assertTrue(m.minimised.schedule().size() <= 2, m.seedNote + ": minimised to " + m.minimised.schedule());
    }

    @Test
    @DisplayName("a notify_fault script that sets the uplink down for good is caught (interface left down) and minimised to the one fault that triggers it")
    void interfaceLeftDownIsCaughtAndMinimised(@TempDir Path out) throws Exception {
        Minimal m = catchAndMinimise("chaos/fault-script/fault-script.scenario.yml", Invariant.INTERFACE_DOWN, out);
        // Without a fault r1's check keeps passing and fault.sh never runs, so one fault must remain.
        assertEquals(1, m.minimised.schedule().size(), m.seedNote + ": minimised to " + m.minimised.schedule());
    }

    private record Minimal(ChaosRunner.Minimised minimised, String seedNote) {}

    /**
     * Runs chaos on {@code resource} until a run fails, checks it fails {@code invariant} first, minimises it,
     * writes it, and replays the file through the loader and the ordinary runner: same violation, same trace.
     */
    private static Minimal catchAndMinimise(String resource, Invariant invariant, Path out) throws Exception {
        ScenarioSpec base = ScenarioLoader.load(resource(resource));
        ChaosRunner runner = new ChaosRunner(base, ChaosOptions.defaults(20, MASTER_SEED));
        ChaosRunner.ChaosRun failed = null;
        for (int i = 0; i < 20 && failed == null; i++) {
            ChaosRunner.ChaosRun run = runner.run(i);
            if (!run.passed()) failed = run;
        }
        assertTrue(failed != null, "no failing run in 20 with master seed " + MASTER_SEED);
        String seedNote = "run " + failed.index() + " seed " + failed.seed() + " (master seed " + MASTER_SEED + ")";
        assertEquals(invariant, failed.violations().get(0).invariant(), seedNote + ": " + failed.violations());

        ChaosRunner.Minimised m = runner.minimise(failed);
        assertEquals(invariant, m.violation().invariant(), seedNote);
        assertTrue(m.schedule().size() <= failed.schedule().size(), seedNote);

        Path file = out.resolve("minimal.scenario.yml");
        runner.write(m, file);
        ChaosRunner.Judged inMemory = runner.judge(m.scenario());
        ChaosRunner.Judged replayed = runner.replay(file);
        assertEquals(List.of(m.violation()), replayed.violations().stream().filter(v -> v.invariant() == invariant).toList(),
                seedNote + ": the written file fails the same way\n" + Files.readString(file));
        assertEquals(inMemory.run().result().fingerprint(), replayed.run().result().fingerprint(),
                seedNote + ": the written file replays the minimised run exactly\n" + Files.readString(file));
        return new Minimal(m, seedNote);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ChaosTest.class.getClassLoader().getResource(name).toURI());
    }
}
