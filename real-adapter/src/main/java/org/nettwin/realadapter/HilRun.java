package org.nettwin.realadapter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.ProbeTally;
import org.nettwin.scenarios.run.ScenarioTimeline;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * A scenario run in wall time with some simulated ports bound to host devices: the `nettwin hil` command.
 * Its timeline is the one `run` arms in virtual time (probes, link faults, node commands, expectations),
 * on a {@link WallClockRuntime}; its console output is `run`'s, with the wall-clock lag where `run`
 * prints the trace fingerprint (a wall-clock run has none: it is not reproducible).
 *
 * <p>{@link #open} builds everything and opens the devices, {@link #start} is time 0, {@link #await}
 * returns the verdict at the end; callers may add trace listeners between open and start.
 */
public final class HilRun implements AutoCloseable {
    /**
     * @param durationNs null for the scenario's own duration
     * @param seed       null for the scenario's seed
     * @param console    where the user sees the run, or null
     */
    public record Options(List<HilBinding> bindings, Long durationNs, Long seed, OverrunPolicy policy, PrintStream console) {
        public Options {
            bindings = List.copyOf(bindings);
            Objects.requireNonNull(policy, "policy");
        }
    }

    private final ScenarioSpec spec;
    private final long durationNs;
    private final WallClockRuntime runtime;
    private final HilNetwork network;
    private final PrintStream console;
    private final List<HilBinding> bindings;
    private final List<TraceRecord> trace = new ArrayList<>();
    private final Map<String, ProbeTally> tallies = new LinkedHashMap<>();

    private HilRun(ScenarioSpec spec, long durationNs, WallClockRuntime runtime, HilNetwork network, PrintStream console, List<HilBinding> bindings) {
        this.spec = spec;
        this.bindings = bindings;
        this.durationNs = durationNs;
        this.runtime = runtime;
        this.network = network;
        this.console = console;
    }

    /** Opens the bound devices, builds the network and arms the timeline; nothing runs until {@link #start}. */
    public static HilRun open(ScenarioSpec spec, Options options) throws ConfigError {
        long duration = options.durationNs() != null ? options.durationNs() : spec.durationNs();
        if (duration <= 0) throw new HilSetupError("--duration", "must be longer than 0", "e.g. --duration 30s");
        WallClockRuntime runtime = new WallClockRuntime(options.seed() != null ? options.seed() : spec.seed(), options.policy());
        try {
            HilNetwork network = HilNetwork.build(spec.topology(), runtime, options.bindings(), TapPort::open);
            HilRun run = new HilRun(spec, duration, runtime, network, options.console(), options.bindings());
            run.arm();
            return run;
        } catch (ConfigError | RuntimeException e) {
            // Closes the devices already attached.
            runtime.close();
            throw e;
        }
    }

    public WallClockRuntime runtime() { return runtime; }

    public HilNetwork network() { return network; }

    public long durationNs() { return durationNs; }

    private void arm() {
        boolean singleProbe = spec.probes().size() == 1;
        runtime.addTraceListener(r -> {
            trace.add(r);
            if (r.event() instanceof TraceEvent.ProbeResult p && tallies.containsKey(p.probe())) tallies.get(p.probe()).add(p);
            if (console != null) ScenarioTimeline.echo(console, r, singleProbe);
        });
        if (console != null) {
            for (HilBinding b : bindings) {
                console.println("# hil: " + b.endpoint() + " is wired to " + b.device()
                        + (runtime.tap(b.device()).carrier() ? "" : " (which has no carrier: nothing will pass until it has)"));
            }
            if (spec.capture().all() || !spec.capture().links().isEmpty()) {
                console.println("# hil: `capture` is ignored on the wall clock; capture the bound devices with tcpdump");
            }
        }
        ScenarioTimeline.arm(spec, network, runtime, tallies);
    }

    /** Time 0: nodes boot and the bound devices start delivering. */
    public void start() {
        runtime.start();
    }

    /**
     * Waits for the end of the run, stops the runtime and checks the expectations.
     *
     * @throws OverrunException the run fell behind the wall clock more than a hard limit allows
     */
    public HilResult await() throws InterruptedException {
        try {
            runtime.runUntil(durationNs);
        } finally {
            // After close no listener runs, so the tallies and trace below are final.
            runtime.close();
        }
        List<String> failures = ScenarioTimeline.checkExpectations(spec, tallies);
        LagReport lag = runtime.lag();
        if (console != null) {
            console.println();
            for (HilBinding b : bindings) {
                TapPort tap = runtime.tap(b.device());
                console.println("# hil: " + tap.device() + ": " + tap.framesIn() + " frames in, " + tap.framesOut() + " out"
                        + (tap.sendErrors() > 0 ? ", " + tap.sendErrors() + " not sent" : "")
                        + (tap.lastError().isEmpty() ? "" : " (" + tap.lastError() + ")"));
            }
            console.println(lag.describe());
            for (String f : failures) console.println("EXPECTATION FAILED: " + f);
        }
        return new HilResult(failures.isEmpty(), failures, Collections.unmodifiableMap(tallies), lag, List.copyOf(trace));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
