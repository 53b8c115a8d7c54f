package org.nettwin.scenarios.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nettwin.protocols.app.UdpFlowReceiver;
import org.nettwin.protocols.app.UdpFlowSender;
import org.nettwin.scenarios.spec.UdpSpec;
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

    /**
     * Arms every probe and event of {@code spec} on {@code clock}, and the pings of its {@code reachable}
     * expectations; probe results are tallied into {@code tallies}.
     *
     * @throws UnsupportedOperationException when the scenario crashes or reboots a node {@code net} cannot restart
     */
    public static void arm(ScenarioSpec spec, NetworkView net, RunControl clock, Map<String, ProbeTally> tallies) {
        for (String node : restartedNodes(spec)) {
            if (!net.restarts(node)) throw new UnsupportedOperationException("the scenario crashes or reboots " + node + ", which this runtime cannot do");
        }
        for (ProbeSpec p : spec.probes()) armProbe(clock, net, p, spec.durationNs(), tallies);
        for (ExpectSpec x : spec.expectations()) {
            if (x instanceof ExpectSpec.Reachable r) armProbe(clock, net, r.ping(), spec.durationNs(), tallies);
        }
        for (EventSpec e : spec.events()) armEvent(clock, net, e);
    }

    /** The nodes the scenario crashes or reboots (directly or with their region): they must be built restartable. */
    public static Set<String> restartedNodes(ScenarioSpec spec) {
        Set<String> nodes = new TreeSet<>();
        for (EventSpec e : spec.events()) {
            if (e.action() instanceof ScenarioAction.NodeCrash c) nodes.addAll(c.nodes());
            if (e.action() instanceof ScenarioAction.NodeReboot r) nodes.addAll(r.nodes());
        }
        return nodes;
    }

    /** The interval between a probe's packets, for expectations that turn lost packets into outage time. */
    static long intervalOf(ProbeSpec p) {
        if (p instanceof PingSpec ping) return ping.intervalNs();
        if (p instanceof UdpSpec udp) return udp.intervalNs();
        throw new IllegalArgumentException("probe " + p.name() + " has no packet interval");
    }

    public static void echo(PrintStream console, TraceRecord r, boolean singleProbe) {
        TraceEvent ev = r.event();
        if (ev instanceof TraceEvent.Log log && (log.program().startsWith("ping/") || log.program().startsWith("traceroute/")
                || log.program().startsWith("udp/"))) {
            String probe = log.program().substring(log.program().indexOf('/') + 1);
            console.println(singleProbe ? log.text() : "[" + probe + "] " + log.text());
        } else if (ev instanceof TraceEvent.FaultApplied f) {
            console.println("# " + Time.format(r.time()) + " " + f.action() + " " + f.target());
        } else if (ev instanceof TraceEvent.Diagnostic d) {
            console.println("# " + Time.format(r.time()) + " " + r.node() + " " + d.severity() + ": " + d.text());
        }
    }

    private static void armProbe(RunControl kernel, NetworkView net, ProbeSpec probe, long endNs, Map<String, ProbeTally> tallies) {
        // Programs start on the stack the node has when they start, with its env: a crash of the node kills them.
        if (probe instanceof PingSpec p) {
            tallies.put(p.name(), new ProbeTally(p.name()));
            PingOptions o = new PingOptions(p.to(), p.count(), p.intervalNs(), p.size(), p.timeoutNs(), p.sourceInterface(), p.style());
            Ping[] ping = new Ping[1];
            kernel.onNode(p.from(), p.startNs(), "ping " + p.name() + " start", env -> {
                NodeStack stack = net.stack(p.from());
                ping[0] = new Ping(p.name(), stack, o);
                ping[0].start(stack.env());
            });
            // Like Ctrl-C at the end of the run: print the statistics of a ping still going.
            kernel.onNode(p.from(), endNs, "ping " + p.name() + " stop", env -> { if (ping[0] != null) ping[0].finish(); });
        } else if (probe instanceof TracerouteSpec t) {
            kernel.onNode(t.from(), t.startNs(), "traceroute " + t.name() + " start", env -> {
                NodeStack stack = net.stack(t.from());
                new Traceroute(t.name(), stack, t.to(), t.maxHops(), t.waitNs()).start(stack.env());
            });
        } else if (probe instanceof UdpSpec u) {
            tallies.put(u.name(), new ProbeTally(u.name()));
            armUdp(kernel, net, u, endNs);
        }
    }

    /**
     * The receiver is an instrument, not a program of the receiving node: it runs on the node's kernel env, so
     * it keeps counting losses while that node is down, and binds its port again on each stack a reboot makes.
     */
    private static void armUdp(RunControl kernel, NetworkView net, UdpSpec u, long endNs) {
        UdpFlowReceiver receiver = new UdpFlowReceiver(u.name(), u.port(), u.startNs(), u.intervalNs(), u.count(), u.timeoutNs());
        kernel.onNode(u.receiver(), 0, "udp " + u.name() + " receiver", env -> {
            receiver.start(env);
            net.whenBuilt(u.receiver(), receiver::bind);
        });
        kernel.onNode(u.from(), u.startNs(), "udp " + u.name() + " start", env -> {
            NodeStack stack = net.stack(u.from());
            new UdpFlowSender(u.name(), stack, u.to(), u.port(), u.sourcePort(), u.intervalNs(), u.size(), u.count()).start(stack.env());
        });
        kernel.onNode(u.receiver(), endNs, "udp " + u.name() + " summary", env -> receiver.finish());
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
        } else if (a instanceof ScenarioAction.LinkFlap f) {
            Link link = net.link(f.link());
            for (long offset : f.failureOffsets()) {
                if (f.mode() == ScenarioAction.FlapMode.DOWN) {
                    fault(kernel, t + offset, "flap-down", f.link(), () -> link.setAdminUp(false));
                    fault(kernel, t + offset + f.downNs(), "flap-up", f.link(), () -> link.setAdminUp(true));
                } else {
                    fault(kernel, t + offset, "flap-cut", f.link() + " " + Direction.BOTH, () -> link.cut(Direction.BOTH));
                    fault(kernel, t + offset + f.downNs(), "flap-heal", f.link() + " " + Direction.BOTH, () -> link.heal(Direction.BOTH));
                }
            }
        } else if (a instanceof ScenarioAction.Partition p) {
            fault(kernel, t, "partition", String.join(" ", p.links()), () -> p.links().forEach(l -> net.link(l).cut(Direction.BOTH)));
        } else if (a instanceof ScenarioAction.HealPartition h) {
            fault(kernel, t, "heal-partition", String.join(" ", h.links()), () -> h.links().forEach(l -> net.link(l).heal(Direction.BOTH)));
        } else if (a instanceof ScenarioAction.NodeCrash c) {
            for (String node : c.nodes()) {
                kernel.onNode(node, t, "crash " + node, env -> {
                    env.trace(new TraceEvent.FaultApplied(c.region() == null ? "crash" : "region-outage " + c.region(), node));
                    net.crash(node);
                });
            }
        } else if (a instanceof ScenarioAction.NodeReboot r) {
            for (String node : r.nodes()) {
                kernel.onNode(node, t, "reboot " + node, env -> {
                    env.trace(new TraceEvent.FaultApplied(r.region() == null ? "reboot" : "region-restore " + r.region(), node));
                    net.reboot(node);
                });
            }
        } else if (a instanceof ScenarioAction.NodeCommand nc) {
            // The scenario file by name only: traces must not depend on where the files live.
            String origin = Path.of(e.pos().file()).getFileName() + ":" + e.pos().line();
            kernel.onNode(nc.node(), t, "run " + nc.command(), env -> {
                env.trace(new TraceEvent.FaultApplied("run", nc.node() + ": " + nc.command()));
                if (net.isDown(nc.node())) {
                    env.trace(new TraceEvent.Diagnostic("warning", origin, "`" + nc.command() + "` not run: " + nc.node() + " is down"));
                    return;
                }
                LinuxHost host = net.host(nc.node());
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

    /** Judges the expectations that need only probe results; one that needs the trace fails, saying so. */
    public static List<String> checkExpectations(ScenarioSpec spec, Map<String, ProbeTally> tallies) {
        return checkExpectations(spec, tallies, null, spec.durationNs());
    }

    /**
     * Judges every expectation: probe ones on {@code tallies}, state ones ({@code vrrp-state}, {@code single-master})
     * on {@code trace}, which ran until {@code endNs}. Each failure begins with its expectation's "file:line: ".
     */
    public static List<String> checkExpectations(ScenarioSpec spec, Map<String, ProbeTally> tallies, List<TraceRecord> trace, long endNs) {
        List<String> failures = new ArrayList<>();
        VrrpTimeline vrrp = trace == null ? null : VrrpTimeline.of(trace);
        for (ExpectSpec x : spec.expectations()) {
            String where = where(x.pos());
            ProbeTally t = x.probe() == null ? null : tallies.getOrDefault(x.probe(), new ProbeTally(x.probe()));
            if (x instanceof ExpectSpec.LostAtMost l) {
                if (t.lost() > l.max()) failures.add(where + "probe " + l.probe() + " lost " + t.lost() + " (seq " + t.lostSeqs() + "), expected at most " + l.max());
            } else if (x instanceof ExpectSpec.RepliesAtLeast r) {
                if (t.replies() < r.min()) failures.add(where + "probe " + r.probe() + " got " + t.replies() + " replies, expected at least " + r.min());
            } else if (x instanceof ExpectSpec.OutageAtMost o) {
                long interval = intervalOf(spec.probe(o.probe()).orElseThrow());
                long longest = t.longestLossRun() * interval;
                if (longest > o.maxNs()) failures.add(where + "probe " + o.probe() + " was out for " + Time.format(longest)
                        + " (" + t.longestLossRun() + " requests in a row), expected at most " + Time.format(o.maxNs()));
            } else if (x instanceof ExpectSpec.Reachable r) {
                PingSpec p = r.ping();
                String when = p.count() == 1 ? "at " + Time.format(p.startNs()) : "after " + Time.format(p.startNs());
                if (t.replies() == 0 || t.lost() > 0) {
                    failures.add(where + "probe " + p.name() + ": " + p.to() + " was not reachable from " + p.from() + " " + when
                            + (t.lost() > 0 ? " (" + t.lost() + " of " + t.resolved() + " requests unanswered, seq " + t.lostSeqs() + ")" : " (no reply)"));
                }
            } else if (vrrp == null) {
                failures.add(where + "cannot be judged without the run's trace");
            } else if (x instanceof ExpectSpec.VrrpState v) {
                String actual = vrrp.stateAt(v.node(), v.instance(), v.atNs()).orElse("no state (keepalived not running)");
                if (!actual.equals(v.state())) {
                    failures.add(where + "vrrp " + v.instance() + " on " + v.node() + " was " + actual + " at " + Time.format(v.atNs()) + ", expected " + v.state());
                }
            } else if (x instanceof ExpectSpec.SingleMaster m) {
                List<VrrpTimeline.MultiMaster> spans = vrrp.multiMasters(m.instance(), m.afterNs(), endNs);
                if (!spans.isEmpty()) {
                    VrrpTimeline.MultiMaster first = spans.get(0);
                    failures.add(where + "vrrp " + first.instance() + " had " + first.nodes().size() + " masters (" + String.join(", ", new TreeSet<>(first.nodes()))
                            + ") from " + Time.format(first.fromNs()) + " to " + Time.format(first.toNs())
                            + (spans.size() > 1 ? " and " + (spans.size() - 1) + " more time(s)" : "") + ", expected one at most from " + Time.format(m.afterNs()));
                }
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
