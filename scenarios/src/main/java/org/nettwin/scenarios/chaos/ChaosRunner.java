package org.nettwin.scenarios.chaos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * Chaos runs of one base scenario: run i draws its fault schedule from its own seed
 * ({@link #runSeed(long, int)}), runs as an ordinary scenario in virtual time, and is judged by the
 * {@link InvariantChecker}; a failing run can be minimised ({@link Shrinker}) and written as a scenario
 * file that replays it.
 */
public final class ChaosRunner {
    /** Runs one shrink may spend; each is a full run of the scenario. */
    public static final int SHRINK_BUDGET = 300;

    private final ScenarioSpec base;
    private final ChaosOptions options;
    private final long durationNs;
    private final NetworkSurvey survey;
    private final FaultGenerator generator;
    private final InvariantChecker checker;

    /**
     * Surveys the base's network (one fault-free run, {@link NetworkSurvey}) and resolves the options' derived
     * values from it.
     *
     * @throws IllegalArgumentException when the run is too short for the options' warm-up and quiet tail
     * @throws ConfigError when the base's files do not load
     */
    public ChaosRunner(ScenarioSpec base, ChaosOptions options) throws ConfigError {
        this.base = base;
        this.durationNs = options.durationNs() > 0 ? options.durationNs() : base.durationNs();
        this.survey = NetworkSurvey.of(base, durationNs);
        this.options = options.resolve(survey);
        this.generator = new FaultGenerator(survey, this.options, durationNs);
        this.checker = new InvariantChecker(this.options);
    }

    /**
     * The seed of run {@code index}: the index-th number of {@code new SplittableRandom(masterSeed)}
     * (SplitMix64), computed directly, so run i's seed depends on neither the number of runs nor the
     * others. It seeds both the run's fault schedule and its simulation.
     */
    public static long runSeed(long masterSeed, int index) {
        return new SplittableRandom(masterSeed + index * 0x9e3779b97f4a7c15L).nextLong();
    }

    /** One run: its schedule, what it broke, its trace fingerprint and the wall time it took. */
    public record ChaosRun(int index, long seed, List<ScheduledFault> schedule, List<Violation> violations, String fingerprint, long wallNs) {
        public boolean passed() { return violations.isEmpty(); }
    }

    /** A minimised failing run, as it was written (or is to be written) to a scenario file. */
    public record Minimised(ChaosRun original, ScenarioSpec scenario, List<ScheduledFault> schedule, Violation violation, int evaluations) {}

    /** A scenario run and judged by the invariants. */
    public record Judged(ScenarioRunner.CompletedRun run, List<Violation> violations) {}

    public ScenarioSpec base() { return base; }

    /** The options, with the recovery bound and longest fault resolved for this network. */
    public ChaosOptions options() { return options; }

    /** What the network offers to break, and the timers its recovery bound comes from. */
    public NetworkSurvey survey() { return survey; }

    public long durationNs() { return durationNs; }

    public ChaosRun run(int index) throws ConfigError {
        return run(index, completed -> { });
    }

    /**
     * {@link #run(int)}, also handing the completed run (trace, probes) to {@code observer} before it is dropped:
     * a chaos run keeps only its verdict, so whoever wants more (failover distributions) takes it here.
     */
    public ChaosRun run(int index, Consumer<ScenarioRunner.CompletedRun> observer) throws ConfigError {
        long seed = runSeed(options.seed(), index);
        List<ScheduledFault> schedule = generator.draw(new SplittableRandom(seed));
        long start = System.nanoTime();
        ScenarioRunner.CompletedRun run = execute(scenario(index, seed, schedule));
        List<Violation> violations = checker.check(run);
        ChaosRun verdict = new ChaosRun(index, seed, schedule, violations, run.result().fingerprint(), System.nanoTime() - start);
        observer.accept(run);
        return verdict;
    }

    /** The run's scenario: base topology and probes, the schedule as events, the run's seed. */
    public ScenarioSpec scenario(int index, long seed, List<ScheduledFault> schedule) {
        return ChaosScenario.build(base, base.name() + "-chaos-" + index, seed, durationNs, schedule);
    }

    /** Minimises a failing run to a schedule that still fails its first violated invariant. */
    public Minimised minimise(ChaosRun failed) {
        if (failed.passed()) throw new IllegalArgumentException("run " + failed.index() + " passed; nothing to minimise");
        Invariant invariant = failed.violations().get(0).invariant();
        Shrinker shrinker = new Shrinker(schedule -> evaluate(failed, schedule), invariant, options.minFaultNs(), options.warmupNs(), SHRINK_BUDGET);
        Shrinker.Result r = shrinker.shrink(failed.schedule(), failed.violations());
        Violation violation = r.violations().stream().filter(v -> v.invariant() == invariant).findFirst().orElseThrow();
        ScenarioSpec spec = ChaosScenario.build(base, base.name() + "-chaos-" + failed.index() + "-min", failed.seed(), durationNs, r.schedule());
        return new Minimised(failed, spec, r.schedule(), violation, r.evaluations());
    }

    private List<Violation> evaluate(ChaosRun failed, List<ScheduledFault> schedule) {
        try {
            return checker.check(execute(scenario(failed.index(), failed.seed(), schedule)));
        } catch (ConfigError e) {
            // The schedule only names what the loaded base scenario has, so this is a bug of ours.
            throw new IllegalStateException("a shrunk schedule did not load: " + e.getMessage(), e);
        }
    }

    /** Writes the minimised run as a scenario file, with what it shows and how to replay it in comments. */
    public void write(Minimised m, Path file) throws IOException {
        List<String> comments = new ArrayList<>();
        comments.add("Written by `nettwin chaos` from " + base.file() + ":");
        comments.add("run " + m.original().index() + " (seed " + m.original().seed() + ", master seed " + options.seed() + ") had "
                + m.original().schedule().size() + " faults; minimised to " + m.schedule().size() + " in " + m.evaluations() + " runs.");
        comments.add("It breaks the invariant " + m.violation());
        comments.add("Replay: nettwin run " + file.getFileName() + "   (the run is identical; nettwin chaos judges the invariants,");
        comments.add("this file has no expectations). Recovery bound " + Time.format(options.recoveryBoundNs()) + ".");
        ScenarioWriter.write(m.scenario(), file, comments);
    }

    /** Runs any scenario and judges it by the invariants (its faults read back from its events). */
    public Judged judge(ScenarioSpec spec) throws ConfigError {
        ScenarioRunner.CompletedRun run = execute(spec);
        return new Judged(run, checker.check(run));
    }

    /** Loads a written scenario, runs it as `nettwin run` does, and judges it like a chaos run. */
    public Judged replay(Path file) throws ConfigError {
        return judge(ScenarioLoader.load(file));
    }

    private static ScenarioRunner.CompletedRun execute(ScenarioSpec spec) throws ConfigError {
        return ScenarioRunner.execute(spec, RunOptions.quiet());
    }
}
