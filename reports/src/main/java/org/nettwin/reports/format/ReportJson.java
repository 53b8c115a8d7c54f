package org.nettwin.reports.format;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.nettwin.reports.charts.ChartFile;
import org.nettwin.reports.metrics.AddressOwnership;
import org.nettwin.reports.metrics.DropStats;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.FlapCount;
import org.nettwin.reports.metrics.Outage;
import org.nettwin.reports.metrics.ProbeImpact;
import org.nettwin.reports.metrics.ProbeStreamMetrics;
import org.nettwin.reports.metrics.RoleOwnership;
import org.nettwin.reports.metrics.RttStats;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.metrics.TunnelTraffic;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.LinkCounterRow;
import org.nettwin.reports.model.Prediction;
import org.nettwin.reports.model.RunInfo;

/**
 * report.json: every metric of a run. The shape is specified by src/main/resources/report.schema.json and
 * docs/report-format.md; change all three together and bump {@link #SCHEMA_VERSION} on incompatible changes.
 * Times are integer nanoseconds (fields ending in "Ns"); null means "not measured" or "never happened".
 */
public final class ReportJson {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "report.json";
    public static final String SCHEMA_RESOURCE = "/report.schema.json";

    private ReportJson() {}

    public static ObjectNode build(RunMetrics m, List<ChartFile> charts, List<String> pcaps) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.set("run", run(m.info()));
        root.set("summary", summary(m));
        ArrayNode probes = root.putArray("probes");
        m.probes().forEach(p -> probes.add(probe(p)));
        ArrayNode faults = root.putArray("faults");
        m.faults().forEach(f -> faults.add(fault(f)));
        ArrayNode roles = root.putArray("roles");
        m.roles().forEach(r -> roles.add(role(r)));
        ArrayNode addresses = root.putArray("addresses");
        m.addresses().forEach(a -> addresses.add(address(a)));
        ArrayNode flaps = root.putArray("flaps");
        for (FlapCount f : m.flaps()) flaps.addObject().put("node", f.node()).put("machine", f.machine()).put("changes", f.changes());
        ArrayNode drops = root.putArray("drops");
        for (DropStats.Count c : m.drops().counts())
            drops.addObject().put("where", c.where()).put("kind", c.link() ? "link" : "node").put("reason", c.reason()).put("count", c.count());
        ArrayNode tunnels = root.putArray("tunnels");
        m.tunnels().tunnels().forEach(t -> tunnels.add(tunnel(t)));
        ArrayNode counters = root.putArray("linkCounters");
        m.info().linkCounters().forEach(c -> counters.add(linkCounter(c)));
        ArrayNode predictions = root.putArray("predictions");
        m.info().predictions().forEach(p -> predictions.add(prediction(p)));
        ArrayNode expectations = root.putArray("expectations");
        for (ExpectationResult e : m.info().expectations())
            expectations.addObject().put("name", e.name()).put("passed", e.passed()).put("failure", e.failure());
        ObjectNode files = root.putObject("files");
        ArrayNode chartFiles = files.putArray("charts");
        for (ChartFile c : charts)
            chartFiles.addObject().put("name", c.name()).put("title", c.title()).put("png", ReportFiles.chartPath(c, "png")).put("svg", ReportFiles.chartPath(c, "svg"));
        ArrayNode pcapFiles = files.putArray("pcaps");
        pcaps.forEach(pcapFiles::add);
        return root;
    }

    private static ObjectNode run(RunInfo i) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("name", i.name()).put("scenarioFile", i.scenarioFile()).put("seed", i.seed()).put("durationNs", i.durationNs())
                .put("fingerprint", i.fingerprint()).put("passed", i.passed());
        return n;
    }

    private static ObjectNode summary(RunMetrics m) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("probesSent", m.probes().stream().mapToInt(ProbeStreamMetrics::sent).sum());
        n.put("probeReplies", m.probes().stream().mapToInt(ProbeStreamMetrics::replies).sum());
        n.put("probesLost", m.probes().stream().mapToInt(ProbeStreamMetrics::lost).sum());
        n.put("faults", m.faults().size());
        n.put("longestOutageNs", m.probes().stream().flatMap(p -> p.outages().stream()).map(Outage::durationNs)
                .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null));
        n.put("splitBrainNs", m.splitBrainNs());
        n.put("stateChanges", m.changes().size());
        n.put("drops", m.drops().total());
        n.put("expectationsFailed", m.info().expectations().stream().filter(e -> !e.passed()).count());
        return n;
    }

    private static ObjectNode probe(ProbeStreamMetrics p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("name", p.probe()).put("sent", p.sent()).put("replies", p.replies()).put("lost", p.lost()).put("intervalNs", p.intervalNs());
        ArrayNode lostSeqs = n.putArray("lostSeqs");
        p.lostSeqs().forEach(lostSeqs::add);
        ArrayNode outages = n.putArray("outages");
        for (Outage o : p.outages())
            outages.addObject().put("firstSeq", o.firstSeq()).put("lastSeq", o.lastSeq()).put("lost", o.lost())
                    .put("startNs", o.startNs()).put("endNs", o.endNs()).put("durationNs", o.durationNs());
        RttStats r = p.rtt();
        if (r == null) n.putNull("rtt");
        else n.putObject("rtt").put("count", r.count()).put("minNs", r.minNs()).put("avgNs", r.avgNs()).put("maxNs", r.maxNs())
                .put("mdevNs", r.mdevNs()).put("p50Ns", r.p50Ns()).put("p95Ns", r.p95Ns());
        return n;
    }

    private static ObjectNode fault(FaultMetrics f) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("timeNs", f.fault().timeNs()).put("action", f.fault().action()).put("target", f.fault().target())
                .put("detectionNs", f.detectionNs()).put("reaction", f.reaction());
        ArrayNode impacts = n.putArray("impacts");
        for (ProbeImpact i : f.impacts())
            impacts.addObject().put("probe", i.probe()).put("ownsOutage", i.ownsOutage()).put("failoverNs", i.failoverNs()).put("outageNs", i.outageNs())
                    .put("lost", i.lost()).put("convergenceNs", i.convergenceNs()).put("recoveredAtNs", i.recoveredAtNs());
        return n;
    }

    private static ObjectNode role(RoleOwnership r) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("machine", r.machine()).put("activeState", r.activeState()).put("splitBrainNs", r.splitBrainNs());
        putTimeline(n, r.timeline());
        return n;
    }

    private static ObjectNode address(AddressOwnership a) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("address", a.address()).put("duplicateNs", a.duplicateNs());
        putTimeline(n, a.timeline());
        return n;
    }

    private static void putTimeline(ObjectNode n, List<RoleOwnership.Segment> segments) {
        ArrayNode timeline = n.putArray("timeline");
        for (RoleOwnership.Segment s : segments) {
            ObjectNode seg = timeline.addObject().put("startNs", s.startNs()).put("endNs", s.endNs());
            ArrayNode owners = seg.putArray("owners");
            s.owners().forEach(owners::add);
        }
    }

    private static ObjectNode tunnel(TunnelTraffic.Series t) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("tunnel", t.tunnel()).put("drops", t.drops());
        ObjectNode reasons = n.putObject("dropsByReason");
        t.dropsByReason().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e -> reasons.put(e.getKey(), e.getValue()));
        TunnelTraffic.Counters c = t.lastCounters();
        if (c == null) n.putNull("counters");
        else n.putObject("counters").put("timeNs", c.timeNs()).put("state", c.state()).put("txPackets", c.txPackets()).put("txBytes", c.txBytes())
                .put("rxPackets", c.rxPackets()).put("rxBytes", c.rxBytes()).put("drops", c.drops());
        ArrayNode rates = n.putArray("throughput");
        for (TunnelTraffic.Rate r : t.throughput())
            rates.addObject().put("startNs", r.startNs()).put("endNs", r.endNs()).put("txBytesPerS", r.txBytesPerS()).put("rxBytesPerS", r.rxBytesPerS());
        return n;
    }

    private static ObjectNode linkCounter(LinkCounterRow c) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("link", c.link()).put("direction", c.direction()).put("txFrames", c.txFrames()).put("txBytes", c.txBytes())
                .put("deliveredFrames", c.deliveredFrames());
        ObjectNode drops = n.putObject("drops");
        c.drops().forEach(drops::put);
        return n;
    }

    private static ObjectNode prediction(Prediction p) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("name", p.name()).put("predictedNs", p.predictedNs()).put("measuredNs", p.measuredNs())
                .put("differenceNs", p.differenceNs()).put("source", p.source());
        return n;
    }
}
