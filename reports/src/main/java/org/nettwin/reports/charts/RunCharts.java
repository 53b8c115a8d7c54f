package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.CategoryTableXYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nettwin.reports.metrics.DropStats;
import org.nettwin.reports.metrics.ProbeSample;
import org.nettwin.reports.metrics.ProbeStreamMetrics;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.metrics.StateSegment;
import org.nettwin.reports.metrics.TimeBins;
import org.nettwin.reports.metrics.TunnelTraffic;

/** The charts of one run: probe RTT, state timeline, link drops, tunnel traffic. All share a time axis in seconds from 0. */
public final class RunCharts {
    private static final int STATE_ROW_PX = 34;
    private static final int TUNNELS_HEIGHT = 640;

    private RunCharts() {}

    /** Every chart of a run, rendered at a readable size: "rtt", "states", "drops", and "tunnels" if the run has any. */
    public static List<ChartFile> all(RunMetrics m) {
        return all(m, "");
    }

    /** As {@link #all(RunMetrics)} with names prefixed, for pages that show charts of several runs. */
    public static List<ChartFile> all(RunMetrics m, String namePrefix) {
        JFreeChart states = states(m);
        int rows = ((SymbolAxis) states.getXYPlot().getRangeAxis()).getSymbols().length;
        List<ChartFile> charts = new ArrayList<>(List.of(
                ChartFile.render(namePrefix + "rtt", rtt(m), ChartStyle.WIDTH, ChartStyle.HEIGHT),
                ChartFile.render(namePrefix + "states", states, ChartStyle.WIDTH, Math.max(ChartStyle.HEIGHT, 170 + rows * STATE_ROW_PX)),
                ChartFile.render(namePrefix + "drops", drops(m), ChartStyle.WIDTH, ChartStyle.HEIGHT)));
        if (!m.tunnels().tunnels().isEmpty()) charts.add(ChartFile.render(namePrefix + "tunnels", tunnels(m), ChartStyle.WIDTH, TUNNELS_HEIGHT));
        return List.copyOf(charts);
    }

    /**
     * (a) RTT of every answered probe against its send time; lost probes as red crosses on the time axis (0 ms);
     * faults as labelled lines with the window until recovery shaded.
     */
    public static JFreeChart rtt(RunMetrics m) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (ProbeStreamMetrics p : m.probes()) {
            XYSeries rtt = new XYSeries("RTT " + p.probe(), false, true);
            XYSeries lost = new XYSeries("lost " + p.probe() + " (" + p.lost() + ")", false, true);
            for (ProbeSample s : p.samples()) {
                double x = FaultMarkers.seconds(s.sendNs());
                if (s.answered()) rtt.add(x, s.rttNs() / 1e6);
                else if (s.lost()) {
                    rtt.add(x, null); // breaks the line: no RTT to draw across an outage
                    lost.add(x, 0.0);
                }
            }
            data.addSeries(rtt);
            data.addSeries(lost);
        }
        NumberAxis rttAxis = new NumberAxis("round-trip time (ms)");
        rttAxis.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        XYPlot plot = new XYPlot(data, timeAxis(m), rttAxis, r);
        plot.setNoDataMessage("no probe results in this run");
        JFreeChart chart = ChartStyle.chart("Probe round-trip time — " + m.info().name(), plot);
        chart.addSubtitle(new TextTitle("red × = lost probe (no reply), drawn at 0 ms; shaded = from the fault until every probe stream recovered",
                ChartStyle.font(12, false)));
        for (int i = 0; i < m.probes().size(); i++) {
            int rttSeries = 2 * i, lostSeries = 2 * i + 1;
            r.setSeriesPaint(rttSeries, ChartStyle.series(i));
            r.setSeriesShape(rttSeries, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            r.setSeriesStroke(rttSeries, new BasicStroke(1.5f));
            r.setSeriesPaint(lostSeries, ChartStyle.LOST);
            r.setSeriesLinesVisible(lostSeries, false);
            r.setSeriesShape(lostSeries, ShapeUtils.createDiagonalCross(5f, 1.3f));
        }
        FaultMarkers.addTo(plot, m.faults(), true, true);
        return chart;
    }

    /**
     * (b) One row per node and machine (VRRP instances, interfaces, links, routes from "ip route" log lines), coloured
     * by state; faults as labelled lines.
     */
    public static JFreeChart states(RunMetrics m) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (StateSegment s : m.states()) rows.putIfAbsent(s.node() + " " + s.machine(), rows.size());
        Map<String, XYIntervalSeries> byState = new LinkedHashMap<>();
        for (StateSegment s : m.states()) {
            int row = rows.get(s.node() + " " + s.machine());
            double x0 = FaultMarkers.seconds(s.startNs()), x1 = FaultMarkers.seconds(s.endNs());
            byState.computeIfAbsent(s.state(), XYIntervalSeries::new).add(x0, x0, x1, row, row - 0.35, row + 0.35);
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        byState.values().forEach(data::addSeries);
        SymbolAxis rowAxis = new SymbolAxis("node / machine", rows.keySet().toArray(new String[0]));
        rowAxis.setGridBandsVisible(true);
        rowAxis.setInverted(true);
        XYBarRenderer r = new XYBarRenderer();
        XYPlot plot = new XYPlot(data, timeAxis(m), rowAxis, r);
        plot.setNoDataMessage("no state changes in this run");
        JFreeChart chart = ChartStyle.chart("State timeline — " + m.info().name(), plot);
        flatBars(r);
        r.setUseYInterval(true);
        int series = 0, other = 0;
        for (String state : byState.keySet()) {
            Paint colour = ChartStyle.fixedStateColour(state);
            r.setSeriesPaint(series++, colour != null ? colour : ChartStyle.otherStateColour(other++));
        }
        FaultMarkers.addTo(plot, m.faults(), false, true);
        return chart;
    }

    /** (c) Frames dropped on each link per time bin, stacked by link and reason. */
    public static JFreeChart drops(RunMetrics m) {
        long binNs = TimeBins.widthNs(m.endNs());
        int bins = binCount(m, binNs);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (DropStats.LinkDrop d : m.drops().linkDrops()) {
            int b = (int) Math.min(bins - 1, d.timeNs() / binNs);
            counts.computeIfAbsent(d.link() + ": " + d.reason(), k -> new long[bins])[b]++;
        }
        NumberAxis y = new NumberAxis("frames dropped per " + formatSeconds(binNs / 1e9));
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYPlot plot = binnedBars(counts, binNs, 1, y);
        plot.setDomainAxis(timeAxis(m));
        plot.setNoDataMessage("no frames dropped on any link");
        JFreeChart chart = ChartStyle.chart("Link drops by reason — " + m.info().name(), plot);
        colourBars(plot, 0);
        FaultMarkers.addTo(plot, m.faults(), false, true);
        return chart;
    }

    /**
     * (d) Per tunnel: bytes per second sent into it (from its counters lines; absent when the trace has none) above
     * packets dropped on it per second, stacked by tunnel and reason; fault windows shaded as in the RTT chart.
     */
    public static JFreeChart tunnels(RunMetrics m) {
        TunnelTraffic t = m.tunnels();
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(timeAxis(m));
        combined.setGap(14);
        XYSeriesCollection rates = new XYSeriesCollection();
        for (TunnelTraffic.Series s : t.tunnels()) {
            if (s.throughput().isEmpty()) continue;
            XYSeries tx = new XYSeries(s.tunnel() + " sent", false, true);
            for (TunnelTraffic.Rate r : s.throughput()) {
                // A flat step over each counters interval: the rate is an average over it, not a point value.
                tx.add(FaultMarkers.seconds(r.startNs()), r.txBytesPerS());
                tx.add(FaultMarkers.seconds(r.endNs()), r.txBytesPerS());
            }
            rates.addSeries(tx);
        }
        XYPlot ratePlot = null;
        if (rates.getSeriesCount() > 0) {
            NumberAxis y = new NumberAxis("sent into tunnel (bytes/s)");
            ratePlot = new XYPlot(rates, null, y, new XYLineAndShapeRenderer(true, false));
            combined.add(ratePlot, 3);
        }
        Map<String, long[]> drops = new LinkedHashMap<>();
        for (TunnelTraffic.Series s : t.tunnels()) s.dropsPerBin().forEach((reason, counts) -> drops.put(s.tunnel() + ": " + reason, counts));
        NumberAxis y = new NumberAxis("packets dropped (/s, " + formatSeconds(t.binNs() / 1e9) + " bins)");
        XYPlot dropPlot = binnedBars(drops, t.binNs(), 1e9 / t.binNs(), y);
        dropPlot.setNoDataMessage("no packets dropped on any tunnel");
        combined.add(dropPlot, 2);
        String subtitle = ratePlot == null
                ? "throughput not measured: the trace has no tunnel counters lines; shaded = from a fault until every probe stream recovered"
                : "throughput averaged between counters lines; shaded = from a fault until every probe stream recovered";
        JFreeChart chart = ChartStyle.chart("Tunnel throughput and drops — " + m.info().name(), combined);
        chart.addSubtitle(new TextTitle(subtitle, ChartStyle.font(12, false)));
        if (ratePlot != null) {
            XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) ratePlot.getRenderer();
            for (int i = 0; i < rates.getSeriesCount(); i++) {
                r.setSeriesPaint(i, ChartStyle.series(i));
                r.setSeriesStroke(i, new BasicStroke(1.8f));
            }
            FaultMarkers.addTo(ratePlot, m.faults(), true, true);
        }
        colourBars(dropPlot, rates.getSeriesCount());
        FaultMarkers.addTo(dropPlot, m.faults(), true, ratePlot == null);
        return chart;
    }

    private static int binCount(RunMetrics m, long binNs) {
        return (int) Math.max(1, (Math.max(m.endNs(), 1) + binNs - 1) / binNs);
    }

    /** Stacked bars, one series per key, bin b centred at (b + ½) × bin; each count multiplied by {@code scale}. */
    private static XYPlot binnedBars(Map<String, long[]> counts, long binNs, double scale, NumberAxis y) {
        double bin = binNs / 1e9;
        CategoryTableXYDataset data = new CategoryTableXYDataset();
        for (var e : counts.entrySet()) {
            long[] c = e.getValue();
            for (int b = 0; b < c.length; b++) data.add(b * bin + bin / 2, c[b] * scale, e.getKey());
        }
        data.setIntervalWidth(bin);
        return new XYPlot(data, null, y, new StackedXYBarRenderer(0.1));
    }

    /** Flat bars in the series colours, starting at colour {@code first} (after the series of a plot above). */
    private static void colourBars(XYPlot plot, int first) {
        StackedXYBarRenderer r = (StackedXYBarRenderer) plot.getRenderer();
        flatBars(r);
        for (int s = 0; s < plot.getDataset().getSeriesCount(); s++) r.setSeriesPaint(s, ChartStyle.series(first + s));
    }

    /** Plain filled bars: the theme's gradients and shadows make colours harder to match with the legend. */
    static void flatBars(XYBarRenderer r) {
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
    }

    private static NumberAxis timeAxis(RunMetrics m) {
        NumberAxis time = new NumberAxis("time since start of run (s)");
        time.setRange(0, Math.max(FaultMarkers.seconds(m.endNs()), 0.001));
        return time;
    }

    static String formatSeconds(double s) {
        return (s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s)) + " s";
    }

}
