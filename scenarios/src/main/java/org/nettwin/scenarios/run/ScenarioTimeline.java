package org.nettwin.scenarios.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.app.Ping;
import org.nettwin.protocols.app.PingOptions;
import org.nettwin.protocols.app.Traceroute;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ExpectSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ProbeSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.scenarios.spec.TracerouteSpec;
import org.nettwin.sim.RunControl;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.LinkSpec;

/**
 * A scenario's timeline on any runtime: probes, faults and commands armed through {@link RunControl}, the
 * lines the user sees, and the expectations judged at the end. The simulator and the wall-clock
 * (hardware-in-the-loop) runner share it, so a scenario means the same thing in both.
 */
public final class ScenarioTimeline {
    private ScenarioTimeline() {}

    /** Arms every probe and event of {@code spec} on {@code clock}; probe results are tallied into {@code tallies}. */
    public static void arm(ScenarioSpec spec, NetworkView net, RunControl clock, Map<String, ProbeTally> tallies) {
        for (ProbeSpec p : spec.probes()) armProbe(clock, net, p, spec.durationNs(), tallies);
        for (EventSpec e : spec.events()) armEvent(clock, net, e);
    }

    public static void echo(PrintStream console, TraceRecord r, boolean singleProbe) {
        TraceEvent ev = r.event();
        if (ev instanceof TraceEvent.Log log && (log.program().startsWith("ping/") || log.program().startsWith("traceroute/"))) {
            String probe = log.program().substring(log.program().indexOf('/') + 1);
            console.println(singleProbe ? log.text() : "[" + probe + "] " + log.text());
        } else if (ev instanceof TraceEvent.FaultApplied f) {
            console.println("# " + Time.format(r.time()) + " " + f.action() + " " + f.target());
        } else if (ev instanceof TraceEvent.Diagnostic d) {
            console.println("# " + Time.format(r.time()) + " " + r.node() + " " + d.severity() + ": " + d.text());
        }
    }

    private static void armProbe(RunControl kernel, NetworkView net, ProbeSpec probe, long endNs, Map<String, ProbeTally> tallies) {
        if (probe instanceof PingSpec p) {
            tallies.put(p.name(), new ProbeTally(p.name()));
            NodeStack stack = net.stack(p.from());
            PingOptions o = new PingOptions(p.to(), p.count(), p.intervalNs(), p.size(), p.timeoutNs(), p.sourceInterface(), p.style());
            Ping ping = new Ping(p.name(), stack, o);
            kernel.onNode(p.from(), p.startNs(), "ping " + p.name() + " start", ping::start);
            // Like Ctrl-C at the end of the run: print the statistics of a ping still going.
            kernel.onNode(p.from(), endNs, "ping " + p.name() + " stop", env -> ping.finish());
        } else if (probe instanceof TracerouteSpec t) {
            Traceroute tr = new Traceroute(t.name(), net.stack(t.from()), t.to(), t.maxHops(), t.waitNs());
            kernel.onNode(t.from(), t.startNs(), "traceroute " + t.name() + " start", tr::start);
        }
    }

    private static void armEvent(RunControl kernel, NetworkView net, EventSpec e) {
        ScenarioAction a = e.action();
        long t = e.atNs();
        if (a instanceof ScenarioAction.LinkAdmin la) {
            Link link = net.link(la.link());
            fault(kernel, t, la.up() ? "link-up" : "link-down", la.link(), () -> link.setAdminUp(la.up()));
        } else if (a instanceof ScenarioAction.LinkCut c) {
            Link link = net.link(c.link());
            Direction d = direction(net.linkSpec(c.link()), c.fromNode());
            fault(kernel, t, "cut", c.link() + " " + d, () -> link.cut(d));
        } else if (a instanceof ScenarioAction.LinkHeal h) {
            Link link = net.link(h.link());
            Direction d = direction(net.linkSpec(h.link()), h.fromNode());
            fault(kernel, t, "heal", h.link() + " " + d, () -> link.heal(d));
        } else if (a instanceof ScenarioAction.LinkImpair im) {
            Link link = net.link(im.link());
            LinkSpec spec = net.linkSpec(im.link());
            Direction d = direction(spec, im.fromNode());
            fault(kernel, t, "impair", im.link() + " " + d, () -> {
                if (d != Direction.B_TO_A) link.setParams(Direction.A_TO_B, Network.params(im.patch().applyTo(spec.aToB())));
                if (d != Direction.A_TO_B) link.setParams(Direction.B_TO_A, Network.params(im.patch().applyTo(spec.bToA())));
            });
        } else if (a instanceof ScenarioAction.NodeCommand nc) {
            LinuxHost host = net.host(nc.node());
            // The scenario file by name only: traces must not depend on where the files live.
            String origin = Path.of(e.pos().file()).getFileName() + ":" + e.pos().line();
            kernel.onNode(nc.node(), t, "run " + nc.command(), env -> {
                env.trace(new TraceEvent.FaultApplied("run", nc.node() + ": " + nc.command()));
                host.run(nc.command(), origin, status -> {
                    if (!status.success()) env.trace(new TraceEvent.Diagnostic("warning", origin, "`" + nc.command() + "` exited " + status.code()));
                });
            });
        } else {
            throw new IllegalStateException("scenario action not handled: " + a);
        }
    }

    /** A kernel-side fault, traced as FaultApplied at the moment it takes effect. */
    private static void fault(RunControl kernel, long t, String action, String target, Runnable apply) {
        kernel.at(t, action + " " + target, () -> {
            kernel.trace("scenario", new TraceEvent.FaultApplied(action, target));
            apply.run();
        });
    }

    /** "from node X" means the frames X sends; no node means both directions. */
    public static Direction direction(LinkSpec l, String fromNode) {
        if (fromNode == null) return Direction.BOTH;
        return l.a().node().equals(fromNode) ? Direction.A_TO_B : Direction.B_TO_A;
    }

    public static List<String> checkExpectations(ScenarioSpec spec, Map<String, ProbeTally> tallies) {
        List<String> failures = new ArrayList<>();
        for (ExpectSpec x : spec.expectations()) {
            if (x instanceof ExpectSpec.LostAtMost l) {
                ProbeTally t = tallies.get(l.probe());
                int lost = t == null ? 0 : t.lost();
                if (lost > l.max()) failures.add(where(l.pos()) + "probe " + l.probe() + " lost " + lost + " (seq " + t.lostSeqs() + "), expected at most " + l.max());
            } else if (x instanceof ExpectSpec.RepliesAtLeast r) {
                ProbeTally t = tallies.get(r.probe());
                int replies = t == null ? 0 : t.replies();
                if (replies < r.min()) failures.add(where(r.pos()) + "probe " + r.probe() + " got " + replies + " replies, expected at least " + r.min());
            } else if (x instanceof ExpectSpec.OutageAtMost o) {
                ProbeTally t = tallies.get(o.probe());
                long interval = spec.probes().stream().filter(p -> p instanceof PingSpec && p.name().equals(o.probe()))
                        .mapToLong(p -> ((PingSpec) p).intervalNs()).findFirst().orElseThrow();
                long longest = t == null ? 0 : t.longestLossRun() * interval;
                if (longest > o.maxNs()) failures.add(where(o.pos()) + "probe " + o.probe() + " was out for " + Time.format(longest)
                        + " (" + t.longestLossRun() + " requests in a row), expected at most " + Time.format(o.maxNs()));
            } else {
                throw new IllegalStateException("expectation not handled: " + x);
            }
        }
        return failures;
    }

    private static String where(org.nettwin.topologies.SourcePos p) {
        return p.file() + ":" + p.line() + ": ";
    }
}
