package org.nettwin.reports.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.reports.charts.ChartFile;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.Outage;
import org.nettwin.reports.metrics.ProbeImpact;
import org.nettwin.reports.metrics.ProbeStreamMetrics;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.Prediction;

/** Two runs side by side (e.g. keepalived 1.2.13 vs 2.x, or before/after a config change): key metrics and their difference. */
public final class CompareReport {
    public static final String HTML = "compare.html";
    public static final String MARKDOWN = "compare.md";

    private enum Kind { TEXT, COUNT, SECONDS, MILLIS }

    private record Value(Kind kind, String text, Long number) {
        static Value text(String s) { return new Value(Kind.TEXT, s == null ? Text.NONE : s, null); }
        static Value count(long n) { return new Value(Kind.COUNT, Long.toString(n), n); }
        static Value seconds(Long ns) { return new Value(Kind.SECONDS, Text.seconds(ns), ns); }
        static Value millis(Long ns) { return new Value(Kind.MILLIS, Text.millis(ns), ns); }
    }

    private CompareReport() {}

    /** One row per metric either run has: name, A, B, B − A (for numbers both runs have). */
    public static Table table(RunMetrics a, RunMetrics b) {
        Map<String, Value> va = values(a), vb = values(b);
        List<String> keys = new ArrayList<>(va.keySet());
        vb.keySet().stream().filter(k -> !va.containsKey(k)).forEach(keys::add);
        List<List<String>> rows = new ArrayList<>();
        for (String k : keys) {
            Value x = va.get(k), y = vb.get(k);
            rows.add(List.of(k, x == null ? Text.NONE : x.text(), y == null ? Text.NONE : y.text(), difference(x, y)));
        }
        return new Table("compare", "A: " + a.info().name() + " vs B: " + b.info().name(), List.of("metric", "A", "B", "B − A"), rows, "Nothing to compare.");
    }

    private static String difference(Value x, Value y) {
        if (x == null || y == null || x.number() == null || y.number() == null) return "";
        long d = y.number() - x.number();
        return switch (x.kind()) {
            case COUNT -> (d > 0 ? "+" : "") + d;
            case SECONDS -> Text.signedSeconds(d);
            case MILLIS -> (d >= 0 ? "+" : "") + Text.millis(d);
            case TEXT -> "";
        };
    }

    private static Map<String, Value> values(RunMetrics m) {
        Map<String, Value> v = new LinkedHashMap<>();
        v.put("verdict", Value.text(m.info().passed() == null ? null : m.info().passed() ? "PASSED" : "FAILED"));
        v.put("seed", Value.text(m.info().seed() == null ? null : Long.toString(m.info().seed())));
        v.put("fingerprint", Value.text(m.info().fingerprint()));
        for (ProbeStreamMetrics p : m.probes()) {
            String k = "probe " + p.probe() + ": ";
            v.put(k + "sent", Value.count(p.sent()));
            v.put(k + "replies", Value.count(p.replies()));
            v.put(k + "lost", Value.count(p.lost()));
            v.put(k + "longest outage", Value.seconds(p.outages().stream().map(Outage::durationNs).filter(java.util.Objects::nonNull).max(Long::compare).orElse(0L)));
            v.put(k + "RTT avg", Value.millis(p.rtt() == null ? null : p.rtt().avgNs()));
        }
        int n = 0;
        for (FaultMetrics f : m.faults()) {
            String k = "fault " + (++n) + " (" + f.fault().label() + "): ";
            v.put(k + "time", Value.seconds(f.fault().timeNs()));
            v.put(k + "detection", Value.seconds(f.detectionNs()));
            for (ProbeImpact i : f.impacts()) {
                v.put(k + "failover " + i.probe(), Value.seconds(i.hitless() ? Long.valueOf(0) : i.failoverNs()));
                v.put(k + "lost " + i.probe(), Value.count(i.lost()));
            }
        }
        v.put("split brain", Value.seconds(m.splitBrainNs()));
        v.put("state changes", Value.count(m.changes().size()));
        v.put("drops", Value.count(m.drops().total()));
        for (Prediction p : m.info().predictions()) v.put("measured: " + p.name(), Value.seconds(p.measuredNs()));
        return v;
    }

    /** The page; the two chart lists must have been rendered under different name prefixes so SVG ids stay unique. */
    public static String html(RunMetrics a, RunMetrics b, List<ChartFile> chartsA, List<ChartFile> chartsB) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>nettwin comparison</title>\n<style>\n")
                .append(HtmlReport.STYLE).append(".pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}\n</style>\n</head>\n<body>\n")
                .append("<h1>nettwin comparison</h1>\n").append(table(a, b).toHtml()).append("<h2>Charts (A left, B right)</h2>\n");
        // Charts come in the same order for every run; optional ones (tunnels) last, so a missing one has a blank.
        for (int i = 0; i < Math.max(chartsA.size(), chartsB.size()); i++) {
            sb.append("<div class=\"pair\">\n<div class=\"chart\">").append(svgOrBlank(chartsA, i))
                    .append("</div>\n<div class=\"chart\">").append(svgOrBlank(chartsB, i)).append("</div>\n</div>\n");
        }
        return sb.append("</body>\n</html>\n").toString();
    }

    private static String svgOrBlank(List<ChartFile> charts, int i) {
        return i < charts.size() ? charts.get(i).svg() : "<p class=\"empty\">No such chart for this run.</p>";
    }

    public static String markdown(RunMetrics a, RunMetrics b) {
        return "# nettwin comparison\n\n" + table(a, b).toMarkdown();
    }
}
