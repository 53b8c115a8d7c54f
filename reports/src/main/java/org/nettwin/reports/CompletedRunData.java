package org.nettwin.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.FaultEvent;
import org.nettwin.reports.model.LinkCounterRow;
import org.nettwin.reports.model.Prediction;
import org.nettwin.reports.model.ProbeInfo;
import org.nettwin.reports.model.RunData;
import org.nettwin.reports.model.RunInfo;
import org.nettwin.scenarios.run.ScenarioRunner.CompletedRun;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ExpectSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.scenarios.spec.ProbeSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.LinkCounters;

/** A simulated run as report input: the one place that knows the scenario runner's types. */
public final class CompletedRunData {
    private CompletedRunData() {}

    public static RunData of(CompletedRun run, List<Prediction> predictions) {
        var spec = run.spec();
        RunInfo info = new RunInfo(spec.name(), spec.file() == null ? null : spec.file().toString(), run.seed(), spec.durationNs(),
                run.result().fingerprint(), run.result().passed(), probes(spec.probes()), faults(run), expectations(run),
                linkCounters(run), predictions);
        return new RunData(info, run.trace());
    }

    private static List<ProbeInfo> probes(List<ProbeSpec> specs) {
        List<ProbeInfo> out = new ArrayList<>();
        for (ProbeSpec p : specs) {
            // iputils numbers echo requests from 1, BSD ping from 0 (see Ping).
            if (p instanceof PingSpec ping) out.add(new ProbeInfo(ping.name(), ping.startNs(), ping.intervalNs(), ping.style() == PingStyle.BSD ? 0 : 1));
        }
        return out;
    }

    /**
     * The scenario's events, plus FaultApplied records at instants where the scenario has none (faults injected by
     * other means). A FaultApplied at the instant of a scenario event is that event's own trace and not repeated.
     */
    private static List<FaultEvent> faults(CompletedRun run) {
        List<FaultEvent> out = new ArrayList<>();
        for (EventSpec e : run.spec().events()) out.add(faultOf(e));
        Set<Long> eventTimes = run.spec().events().stream().map(EventSpec::atNs).collect(Collectors.toSet());
        for (FaultEvent f : RunData.faultsIn(run.trace())) if (!eventTimes.contains(f.timeNs())) out.add(f);
        out.sort(java.util.Comparator.comparingLong(FaultEvent::timeNs));
        return out;
    }

    /** Labels match the runner's kernel action labels and FaultApplied records ("link-down r1-sw", "run p1: …"). */
    static FaultEvent faultOf(EventSpec e) {
        ScenarioAction a = e.action();
        long t = e.atNs();
        if (a instanceof ScenarioAction.LinkAdmin la) return new FaultEvent(t, la.up() ? "link-up" : "link-down", la.link());
        if (a instanceof ScenarioAction.LinkCut c) return new FaultEvent(t, "cut", c.link() + fromNode(c.fromNode()));
        if (a instanceof ScenarioAction.LinkHeal h) return new FaultEvent(t, "heal", h.link() + fromNode(h.fromNode()));
        if (a instanceof ScenarioAction.LinkImpair im) return new FaultEvent(t, "impair", im.link() + fromNode(im.fromNode()));
        if (a instanceof ScenarioAction.NodeCommand nc) return new FaultEvent(t, "run", nc.node() + ": " + nc.command());
        return new FaultEvent(t, a.getClass().getSimpleName(), a.toString());
    }

    private static String fromNode(String node) {
        return node == null ? "" : " from " + node;
    }

    /**
     * One result per expectation. The runner reports failures as texts beginning "file:line: "; a failure is matched
     * to the expectation written there, and any failure that matches none is kept as a failed result of its own.
     */
    private static List<ExpectationResult> expectations(CompletedRun run) {
        List<String> unmatched = new ArrayList<>(run.result().failures());
        List<ExpectationResult> out = new ArrayList<>();
        for (ExpectSpec x : run.spec().expectations()) {
            String where = x.pos().file() + ":" + x.pos().line() + ": ";
            String failure = unmatched.stream().filter(f -> f.startsWith(where) && f.contains("probe " + x.probe() + " ")).findFirst().orElse(null);
            if (failure != null) unmatched.remove(failure);
            out.add(new ExpectationResult(describe(x), failure == null, failure));
        }
        for (String f : unmatched) out.add(new ExpectationResult("unattributed failure", false, f));
        return out;
    }

    static String describe(ExpectSpec x) {
        String what;
        if (x instanceof ExpectSpec.LostAtMost l) what = "probe " + l.probe() + " loses at most " + l.max();
        else if (x instanceof ExpectSpec.RepliesAtLeast r) what = "probe " + r.probe() + " gets at least " + r.min() + " replies";
        else what = x.toString();
        return what + " (" + x.pos().file() + ":" + x.pos().line() + ")";
    }

    private static List<LinkCounterRow> linkCounters(CompletedRun run) {
        List<LinkCounterRow> out = new ArrayList<>();
        run.links().forEach((name, link) -> {
            for (Direction d : Direction.BOTH.singles()) {
                LinkCounters c = link.counters(d);
                var drops = new java.util.TreeMap<String, Long>();
                c.drops().forEach((reason, n) -> drops.put(reason.name(), n));
                out.add(new LinkCounterRow(name, d.name(), c.txFrames(), c.txBytes(), c.deliveredFrames(), drops));
            }
        });
        return out;
    }
}
