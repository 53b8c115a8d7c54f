package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
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

/** The charts of one run: probe RTT, state timeline, link drops. All share a time axis in seconds from 0. */
public final class RunCharts {
    /** Bin widths for drop counts, in seconds; the smallest giving at most {@link #MAX_BINS} bins is used. */
    private static final double[] BIN_WIDTHS_S = {0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 300, 600, 3600};
    private static final int MAX_BINS = 120;
    private static final int STATE_ROW_PX = 34;

    private RunCharts() {}

    /** Every chart of a run, rendered at a readable size: "rtt", "states", "drops". */
    public static List<ChartFile> all(RunMetrics m) {
        return all(m, "");
    }

    /** As {@link #all(RunMetrics)} with names prefixed, for pages that show charts of several runs. */
    public static List<ChartFile> all(RunMetrics m, String namePrefix) {
        JFreeChart states = states(m);
        int rows = ((SymbolAxis) states.getXYPlot().getRangeAxis()).getSymbols().length;
        return List.of(
                ChartFile.render(namePrefix + "rtt", rtt(m), ChartStyle.WIDTH, ChartStyle.HEIGHT),
                ChartFile.render(namePrefix + "states", states, ChartStyle.WIDTH, Math.max(ChartStyle.HEIGHT, 170 + rows * STATE_ROW_PX)),
                ChartFile.render(namePrefix + "drops", drops(m), ChartStyle.WIDTH, ChartStyle.HEIGHT));
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
        FaultMarkers.addTo(plot, m.faults(), true);
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
        FaultMarkers.addTo(plot, m.faults(), false);
        return chart;
    }

    /** (c) Frames dropped on each link per time bin, stacked by link and reason. */
    public static JFreeChart drops(RunMetrics m) {
        double end = Math.max(FaultMarkers.seconds(m.endNs()), 1e-9);
        double bin = BIN_WIDTHS_S[BIN_WIDTHS_S.length - 1];
        for (double w : BIN_WIDTHS_S) {
            if (end / w <= MAX_BINS) {
                bin = w;
                break;
            }
        }
        int bins = (int) Math.ceil(end / bin);
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (DropStats.LinkDrop d : m.drops().linkDrops()) {
            int b = Math.min(bins - 1, (int) (FaultMarkers.seconds(d.timeNs()) / bin));
            counts.computeIfAbsent(d.link() + ": " + d.reason(), k -> new long[bins])[b]++;
        }
        CategoryTableXYDataset data = new CategoryTableXYDataset();
        for (var e : counts.entrySet()) {
            for (int b = 0; b < bins; b++) data.add(b * bin + bin / 2, e.getValue()[b], e.getKey());
        }
        data.setIntervalWidth(bin);
        NumberAxis y = new NumberAxis("frames dropped per " + formatSeconds(bin));
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        StackedXYBarRenderer r = new StackedXYBarRenderer(0.1);
        XYPlot plot = new XYPlot(data, timeAxis(m), y, r);
        plot.setNoDataMessage("no frames dropped on any link");
        JFreeChart chart = ChartStyle.chart("Link drops by reason — " + m.info().name(), plot);
        flatBars(r);
        for (int s = 0; s < counts.size(); s++) r.setSeriesPaint(s, ChartStyle.series(s));
        FaultMarkers.addTo(plot, m.faults(), false);
        return chart;
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
