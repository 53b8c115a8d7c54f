package org.nettwin.reports.format;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.reports.metrics.AddressOwnership;
import org.nettwin.reports.metrics.DropStats;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.FlapCount;
import org.nettwin.reports.metrics.Outage;
import org.nettwin.reports.metrics.ProbeImpact;
import org.nettwin.reports.metrics.ProbeStreamMetrics;
import org.nettwin.reports.metrics.RoleOwnership;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.metrics.TunnelTraffic;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.LinkCounterRow;
import org.nettwin.reports.model.Prediction;

/** The tables of a run report, built once from the metrics. */
public final class ReportTables {
    private ReportTables() {}

    public static Table probes(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (ProbeStreamMetrics p : m.probes()) {
            Long longest = p.outages().stream().map(Outage::durationNs).filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
            var r = p.rtt();
            rows.add(List.of(p.probe(), Integer.toString(p.sent()), Integer.toString(p.replies()), Integer.toString(p.lost()),
                    Text.ranges(p.lostSeqs()), Integer.toString(p.outages().size()), Text.seconds(longest),
                    r == null ? Text.NONE : Text.millis(r.minNs()) + " / " + Text.millis(r.avgNs()) + " / " + Text.millis(r.maxNs()),
                    r == null ? Text.NONE : Text.millis(r.p95Ns())));
        }
        return new Table("probes", "Probes", List.of("probe", "sent", "replies", "lost", "lost seq", "outages", "longest outage",
                "RTT min / avg / max", "RTT p95"), rows, "No probes ran.");
    }

    public static Table faults(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (FaultMetrics f : m.faults()) {
            n++;
            List<String> head = List.of(Integer.toString(n), Text.seconds(f.fault().timeNs()), f.fault().label(), Text.seconds(f.detectionNs()),
                    f.reaction() == null ? Text.NONE : f.reaction());
            if (f.impacts().isEmpty()) rows.add(concat(head, List.of(Text.NONE, Text.NONE, Text.NONE, Text.NONE, Text.NONE)));
            for (ProbeImpact i : f.impacts()) {
                String failover = failoverText(i);
                rows.add(concat(head, List.of(i.probe(), failover, Text.seconds(i.outageNs()), Integer.toString(i.lost()), Text.seconds(i.convergenceNs()))));
            }
        }
        return new Table("faults", "Faults: detection and failover", List.of("#", "time", "fault", "detection", "first reaction", "probe",
                "failover", "outage", "lost", "convergence (lost × interval)"), rows, "No faults or scenario events.");
    }

    public static Table predictions(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (Prediction p : m.info().predictions())
            rows.add(List.of(p.name(), Text.seconds(p.predictedNs()), Text.seconds(p.measuredNs()), Text.signedSeconds(p.differenceNs()), p.source()));
        return new Table("predictions", "Predicted vs measured", List.of("quantity", "predicted", "measured", "measured − predicted", "source"),
                rows, "No predictions were attached to this run.");
    }

    public static Table expectations(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (ExpectationResult e : m.info().expectations())
            rows.add(List.of(e.name(), e.passed() ? "passed" : "FAILED", e.failure() == null ? "" : e.failure()));
        return new Table("expectations", "Expectations", List.of("expectation", "result", "failure"), rows, "The scenario states no expectations.");
    }

    public static Table roles(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (RoleOwnership r : m.roles()) {
            for (RoleOwnership.Segment s : r.timeline()) {
                String holders = s.owners().isEmpty() ? "(none)" : String.join(", ", s.owners());
                String note = s.owners().size() > 1 ? "SPLIT BRAIN" : s.owners().isEmpty() ? "no " + r.activeState() : "";
                rows.add(List.of(r.machine(), Text.seconds(s.startNs()), Text.seconds(s.endNs()), holders, note));
            }
        }
        return new Table("roles", "Role ownership (who is MASTER / ACTIVE)", List.of("machine", "from", "until", "held by", "note"), rows,
                "No VRRP instance or cluster in this run.");
    }

    /** Virtual addresses (VIPs, Heartbeat resources) and who held them when; two holders is a duplicate address. */
    public static Table addresses(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (AddressOwnership a : m.addresses()) {
            for (RoleOwnership.Segment s : a.timeline()) {
                String holders = s.owners().isEmpty() ? "(none)" : String.join(", ", s.owners());
                String note = s.owners().size() > 1 ? "ON " + s.owners().size() + " NODES" : s.owners().isEmpty() ? "no holder" : "";
                rows.add(List.of(a.address(), Text.seconds(s.startNs()), Text.seconds(s.endNs()), holders, note));
            }
        }
        return new Table("addresses", "Virtual address ownership (from ip addr add/del)", List.of("address", "from", "until", "held by", "note"), rows,
                "No address moved between nodes in this run.");
    }

    /** Per tunnel end: drops by reason and, where it traced counters lines, its final counters. */
    public static Table tunnels(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (TunnelTraffic.Series t : m.tunnels().tunnels()) {
            String reasons = t.dropsByReason().isEmpty() ? "0" : t.dropsByReason().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y).orElse("");
            TunnelTraffic.Counters c = t.lastCounters();
            rows.add(List.of(t.tunnel(), Long.toString(t.drops()), reasons,
                    c == null ? Text.NONE : c.txPackets() + " / " + c.txBytes(), c == null ? Text.NONE : c.rxPackets() + " / " + c.rxBytes(),
                    c == null ? Text.NONE : c.state() + " at " + Text.seconds(c.timeNs())));
        }
        return new Table("tunnels", "Tunnels: drops and counters", List.of("tunnel end", "drops", "by reason", "sent packets / bytes",
                "received packets / bytes", "last counters"), rows, "No tunnel dropped a packet or traced counters.");
    }

    public static Table flaps(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (FlapCount f : m.flaps()) rows.add(List.of(f.node(), f.machine(), Integer.toString(f.changes())));
        return new Table("flaps", "State changes per machine", List.of("node / link", "machine", "changes"), rows, "No state changes.");
    }

    public static Table drops(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (DropStats.Count c : m.drops().counts()) rows.add(List.of(c.where(), c.link() ? "link" : "node", c.reason(), Long.toString(c.count())));
        return new Table("drops", "Drops in the trace", List.of("where", "kind", "reason", "count"), rows, "Nothing was dropped.");
    }

    public static Table linkCounters(RunMetrics m) {
        List<List<String>> rows = new ArrayList<>();
        for (LinkCounterRow c : m.info().linkCounters()) {
            String drops = c.drops().isEmpty() ? "0" : c.drops().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("");
            rows.add(List.of(c.link(), c.direction(), Long.toString(c.txFrames()), Long.toString(c.txBytes()), Long.toString(c.deliveredFrames()), drops));
        }
        return new Table("link-counters", "Link counters (simulator)", List.of("link", "direction", "tx frames", "tx bytes", "delivered", "drops"), rows,
                "No link counters recorded.");
    }

    /** "hitless", "not recovered", or the time; "(ongoing)" marks an outage an earlier fault caused. */
    public static String failoverText(ProbeImpact i) {
        if (i.hitless()) return "hitless";
        String t = i.failoverNs() == null ? "not recovered" : Text.seconds(i.failoverNs());
        return i.ownsOutage() ? t : t + " (ongoing outage)";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
