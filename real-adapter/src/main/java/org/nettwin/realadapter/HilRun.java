package org.nettwin.realadapter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nettwin.protocols.app.Ping;
import org.nettwin.protocols.app.PingOptions;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Network;
import org.nettwin.scenarios.run.ProbeTally;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ExpectSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ProbeSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.LinkSpec;

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
            if (r.event() instanceof TraceEvent.ProbeResult p) tallies.computeIfAbsent(p.probe(), ProbeTally::new).add(p);
            if (console != null) echo(r, singleProbe);
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
        for (ProbeSpec p : spec.probes()) armProbe(p);
        for (EventSpec e : spec.events()) armEvent(e);
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
        List<String> failures = checkExpectations();
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

    // ------------------------------------------------------------------ the timeline, as ScenarioRunner arms it

    /** The lines `run` prints: ping output, faults, diagnostics. */
    private void echo(TraceRecord r, boolean singleProbe) {
        TraceEvent ev = r.event();
        if (ev instanceof TraceEvent.Log log && log.program().startsWith("ping/")) {
            console.println(singleProbe ? log.text() : "[" + log.program().substring(5) + "] " + log.text());
        } else if (ev instanceof TraceEvent.FaultApplied f) {
            console.println("# " + Time.format(r.time()) + " " + f.action() + " " + f.target());
        } else if (ev instanceof TraceEvent.Diagnostic d) {
            console.println("# " + Time.format(r.time()) + " " + r.node() + " " + d.severity() + ": " + d.text());
        }
    }

    private void armProbe(ProbeSpec probe) {
        if (!(probe instanceof PingSpec p)) throw new IllegalStateException("probe not handled on the wall clock: " + probe);
        tallies.put(p.name(), new ProbeTally(p.name()));
        PingOptions o = new PingOptions(p.to(), p.count(), p.intervalNs(), p.size(), p.timeoutNs(), p.sourceInterface(), p.style());
        Ping ping = new Ping(p.name(), network.stack(p.from()), o);
        runtime.onNode(p.from(), p.startNs(), "ping " + p.name() + " start", ping::start);
        // Like Ctrl-C at the end of the run: print the statistics of a ping still going.
        runtime.onNode(p.from(), durationNs, "ping " + p.name() + " stop", env -> ping.finish());
    }

    private void armEvent(EventSpec e) {
        ScenarioAction a = e.action();
        long t = e.atNs();
        if (t > durationNs) return;
        if (a instanceof ScenarioAction.LinkAdmin la) {
            Link link = network.link(la.link());
            fault(t, la.up() ? "link-up" : "link-down", la.link(), () -> link.setAdminUp(la.up()));
        } else if (a instanceof ScenarioAction.LinkCut c) {
            Link link = network.link(c.link());
            Direction d = direction(network.linkSpec(c.link()), c.fromNode());
            fault(t, "cut", c.link() + " " + d, () -> link.cut(d));
        } else if (a instanceof ScenarioAction.LinkHeal h) {
            Link link = network.link(h.link());
            Direction d = direction(network.linkSpec(h.link()), h.fromNode());
            fault(t, "heal", h.link() + " " + d, () -> link.heal(d));
        } else if (a instanceof ScenarioAction.LinkImpair im) {
            Link link = network.link(im.link());
            LinkSpec ls = network.linkSpec(im.link());
            Direction d = direction(ls, im.fromNode());
            fault(t, "impair", im.link() + " " + d, () -> {
                if (d != Direction.B_TO_A) link.setParams(Direction.A_TO_B, Network.params(im.patch().applyTo(ls.aToB())));
                if (d != Direction.A_TO_B) link.setParams(Direction.B_TO_A, Network.params(im.patch().applyTo(ls.bToA())));
            });
        } else if (a instanceof ScenarioAction.NodeCommand nc) {
            LinuxHost host = network.host(nc.node());
            String origin = e.pos().file() + ":" + e.pos().line();
            runtime.onNode(nc.node(), t, "run " + nc.command(), env -> {
                env.trace(new TraceEvent.FaultApplied("run", nc.node() + ": " + nc.command()));
                host.run(nc.command(), origin, status -> {
                    if (!status.success()) env.trace(new TraceEvent.Diagnostic("warning", origin, "`" + nc.command() + "` exited " + status.code()));
                });
            });
        } else {
            throw new IllegalStateException("scenario action not handled on the wall clock: " + a);
        }
    }

    /** A link fault on the scenario's lane, traced as FaultApplied when it takes effect. */
    private void fault(long t, String action, String target, Runnable apply) {
        runtime.at(t, action + " " + target, () -> {
            runtime.trace("scenario", new TraceEvent.FaultApplied(action, target));
            apply.run();
        });
    }

    /** "from node X" means the frames X sends; no node means both directions. */
    private static Direction direction(LinkSpec l, String fromNode) {
        if (fromNode == null) return Direction.BOTH;
        return l.a().node().equals(fromNode) ? Direction.A_TO_B : Direction.B_TO_A;
    }

    private List<String> checkExpectations() {
        List<String> failures = new ArrayList<>();
        for (ExpectSpec x : spec.expectations()) {
            ProbeTally t = tallies.get(x.probe());
            String where = x.pos().file() + ":" + x.pos().line() + ": ";
            if (x instanceof ExpectSpec.LostAtMost l) {
                int lost = t == null ? 0 : t.lost();
                if (lost > l.max()) failures.add(where + "probe " + l.probe() + " lost " + lost + " (seq " + t.lostSeqs() + "), expected at most " + l.max());
            } else if (x instanceof ExpectSpec.RepliesAtLeast r) {
                int replies = t == null ? 0 : t.replies();
                if (replies < r.min()) failures.add(where + "probe " + r.probe() + " got " + replies + " replies, expected at least " + r.min());
            } else {
                throw new IllegalStateException("expectation not handled: " + x);
            }
        }
        return failures;
    }
}
