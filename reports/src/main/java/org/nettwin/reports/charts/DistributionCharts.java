package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** (d) Failover times across many runs (chaos, seeds, parameter sweeps): histogram and empirical CDF. */
public final class DistributionCharts {
    private DistributionCharts() {}

    public static List<ChartFile> all(String title, List<Long> failoverNs) {
        return List.of(ChartFile.render("failover-histogram", histogram(title, failoverNs), ChartStyle.WIDTH, ChartStyle.HEIGHT),
                ChartFile.render("failover-cdf", cdf(title, failoverNs), ChartStyle.WIDTH, ChartStyle.HEIGHT));
    }

    /** √n bins (10 to 40) over the measured range, padded a little so the extreme bars are not cut. */
    public static JFreeChart histogram(String title, List<Long> failoverNs) {
        HistogramDataset data = new HistogramDataset();
        if (!failoverNs.isEmpty()) {
            double[] s = failoverNs.stream().mapToDouble(ns -> ns / 1e9).toArray();
            int bins = Math.max(10, Math.min(40, (int) Math.round(Math.sqrt(s.length))));
            double min = java.util.Arrays.stream(s).min().orElse(0), max = java.util.Arrays.stream(s).max().orElse(0);
            double pad = max > min ? (max - min) * 0.025 : 0.5;
            data.addSeries("failovers", s, bins, Math.max(0, min - pad), max + pad);
        }
        XYBarRenderer r = new XYBarRenderer(0.05);
        NumberAxis y = new NumberAxis("failovers (fault × probe stream)");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis x = new NumberAxis("failover time: fault to first reply after the outage (s)");
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setNoDataMessage("no failover measured");
        JFreeChart chart = withCount(ChartStyle.chart("Failover time histogram — " + title, plot), failoverNs.size());
        RunCharts.flatBars(r);
        r.setSeriesPaint(0, ChartStyle.series(0));
        return chart;
    }

    /** Fraction of failovers that took at most x seconds. */
    public static JFreeChart cdf(String title, List<Long> failoverNs) {
        XYSeries series = new XYSeries("empirical CDF", false, true);
        List<Long> sorted = failoverNs.stream().sorted().toList();
        if (!sorted.isEmpty()) series.add(sorted.get(0) / 1e9, 0.0);
        for (int i = 0; i < sorted.size(); i++) series.add(sorted.get(i) / 1e9, (i + 1) / (double) sorted.size());
        XYStepRenderer r = new XYStepRenderer();
        NumberAxis y = new NumberAxis("fraction of failovers ≤ x");
        y.setRange(0, 1.02);
        NumberAxis x = new NumberAxis("failover time (s)");
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), x, y, r);
        plot.setNoDataMessage("no failover measured");
        JFreeChart chart = withCount(ChartStyle.chart("Failover time CDF — " + title, plot), sorted.size());
        r.setSeriesPaint(0, ChartStyle.series(0));
        r.setSeriesStroke(0, new BasicStroke(2f));
        return chart;
    }

    private static JFreeChart withCount(JFreeChart chart, int n) {
        chart.addSubtitle(new TextTitle("n = " + n + " measured failovers", ChartStyle.font(13, false)));
        return chart;
    }
}
