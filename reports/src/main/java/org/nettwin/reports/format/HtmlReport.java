package org.nettwin.reports.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.reports.charts.ChartFile;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.FaultEvent;
import org.nettwin.reports.model.RunInfo;

/**
 * report.html: one self-contained page (charts inlined as SVG, no scripts, no external resources) that can be
 * mailed or attached to a CI run.
 */
public final class HtmlReport {
    static final String STYLE = """
            body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222}
            h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:1px solid #ccc;padding-bottom:.2em}
            table{border-collapse:collapse;margin:.5em 0;font-size:.92em} th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
            th{background:#f0f0f0} tr:nth-child(even) td{background:#fafafa}
            pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;overflow-x:auto;font-size:.85em;max-height:480px}
            .pass{color:#2e7d32;font-weight:bold} .fail{color:#c62828;font-weight:bold} .empty{color:#777}
            .chart{margin:12px 0} .chart svg{max-width:100%;height:auto}
            dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px} dt{font-weight:bold}
            """;

    private HtmlReport() {}

    public static String render(RunMetrics m, List<TraceRecord> trace, List<ChartFile> charts, List<String> pcaps) {
        RunInfo i = m.info();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>nettwin report — ")
                .append(Text.html(i.name())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>nettwin run report: ").append(Text.html(i.name())).append("</h1>\n");
        sb.append(verdict(i.passed())).append("\n<dl>\n");
        definition(sb, "scenario file", i.scenarioFile());
        definition(sb, "seed", i.seed() == null ? null : Long.toString(i.seed()));
        definition(sb, "duration (virtual)", Text.seconds(i.durationNs()));
        definition(sb, "trace fingerprint", i.fingerprint());
        definition(sb, "split brain, total", Text.seconds(m.splitBrainNs()));
        sb.append("</dl>\n<p>Files: <a href=\"report.json\">report.json</a> · <a href=\"summary.md\">summary.md</a> · ")
                .append("<a href=\"junit.xml\">junit.xml</a> · <a href=\"trace.log\">trace.log</a></p>\n");

        sb.append(ReportTables.expectations(m).toHtml());
        sb.append(ReportTables.probes(m).toHtml());
        sb.append(ReportTables.faults(m).toHtml());
        sb.append(ReportTables.predictions(m).toHtml());
        sb.append("<h2 id=\"charts\">Charts</h2>\n");
        for (ChartFile c : charts) {
            sb.append("<div class=\"chart\" id=\"chart-").append(c.name()).append("\">\n").append(c.svg()).append("\n<p>")
                    .append("<a href=\"").append(ReportFiles.chartPath(c, "png")).append("\">PNG</a> · <a href=\"")
                    .append(ReportFiles.chartPath(c, "svg")).append("\">SVG</a></p>\n</div>\n");
        }
        sb.append(ReportTables.roles(m).toHtml());
        sb.append(ReportTables.addresses(m).toHtml());
        sb.append(timeline(m, trace).toHtml());
        sb.append(ReportTables.flaps(m).toHtml());
        sb.append(ReportTables.drops(m).toHtml());
        sb.append(ReportTables.tunnels(m).toHtml());
        sb.append(ReportTables.linkCounters(m).toHtml());
        sb.append(logs(trace));
        sb.append("<h2 id=\"pcaps\">Packet captures</h2>\n");
        if (pcaps.isEmpty()) sb.append("<p class=\"empty\">No captures in ./pcap.</p>\n");
        else {
            sb.append("<ul>\n");
            for (String p : pcaps) sb.append("<li><a href=\"").append(Text.html(p)).append("\">").append(Text.html(p)).append("</a></li>\n");
            sb.append("</ul>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String verdict(Boolean passed) {
        if (passed == null) return "<p>Verdict: <span>not judged</span></p>";
        return passed ? "<p>Verdict: <span class=\"pass\">PASSED</span></p>" : "<p>Verdict: <span class=\"fail\">FAILED</span></p>";
    }

    private static void definition(StringBuilder sb, String term, String value) {
        sb.append("<dt>").append(Text.html(term)).append("</dt><dd>").append(Text.html(value)).append("</dd>\n");
    }

    /** Faults, state changes and diagnostics in time order; at one instant the fault comes first, as its cause. */
    static Table timeline(RunMetrics m, List<TraceRecord> trace) {
        record Row(long time, int order, String node, String what) {}
        List<Row> rows = new ArrayList<>();
        for (FaultEvent f : m.info().faults()) rows.add(new Row(f.timeNs(), 0, "scenario", "FAULT " + f.label()));
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.StateChanged s) rows.add(new Row(r.time(), 1, r.node(), s.machine() + " " + s.from() + " → " + s.to()));
            else if (r.event() instanceof TraceEvent.Diagnostic d) rows.add(new Row(r.time(), 1, r.node(), d.severity() + ": " + d.source() + ": " + d.text()));
        }
        rows.sort(Comparator.comparingLong(Row::time).thenComparingInt(Row::order));
        return new Table("timeline", "Timeline of faults and state changes", List.of("time", "node / link", "event"),
                rows.stream().map(r -> List.of(Text.seconds(r.time()), r.node(), r.what())).toList(), "Nothing happened.");
    }

    /** Ping output verbatim per probe, keepalived's log, then every other program's lines. */
    private static String logs(List<TraceRecord> trace) {
        Map<String, StringBuilder> ping = new LinkedHashMap<>();
        StringBuilder keepalived = new StringBuilder();
        StringBuilder other = new StringBuilder();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.Log l)) continue;
            String when = org.nettwin.protocols.env.Time.format(r.time());
            if (l.program().startsWith("ping/")) ping.computeIfAbsent(l.program().substring(5), k -> new StringBuilder()).append(l.text()).append('\n');
            else if (l.program().startsWith("Keepalived")) keepalived.append(when).append(' ').append(r.node()).append(' ').append(l.program()).append(": ").append(l.text()).append('\n');
            else other.append(when).append(' ').append(r.node()).append(' ').append(l.program()).append(": ").append(l.text()).append('\n');
        }
        StringBuilder sb = new StringBuilder("<h2 id=\"logs\">Protocol logs</h2>\n");
        for (var e : ping.entrySet()) sb.append("<h3>ping ").append(Text.html(e.getKey())).append("</h3>\n<pre>").append(Text.html(e.getValue().toString())).append("</pre>\n");
        sb.append("<h3>keepalived</h3>\n").append(pre(keepalived));
        sb.append("<h3>other programs (kernel, shell, pppd, …)</h3>\n").append(pre(other));
        return sb.toString();
    }

    private static String pre(StringBuilder text) {
        return text.length() == 0 ? "<p class=\"empty\">No lines.</p>\n" : "<pre>" + Text.html(text.toString()) + "</pre>\n";
    }
}
