package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.ProbeImpact;

/**
 * Faults on a time axis (seconds): a labelled line at each fault and, where {@code shaded}, the window from the
 * fault until every probe stream recovered, so the eye links a gap in the data to its cause.
 */
final class FaultMarkers {
    private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 215);

    private FaultMarkers() {}

    /** {@code labelled}: false for the lower plots of a combined chart, whose top plot already names the faults. */
    static void addTo(XYPlot plot, java.util.List<FaultMetrics> faults, boolean shaded, boolean labelled) {
        if (labelled && !faults.isEmpty() && plot.getRangeAxis() instanceof NumberAxis y && !(y instanceof SymbolAxis)) {
            // Headroom above the data for the label rows (up to 4, stepped below): labels drawn over the data hid
            // the first probe answered after a failover, which is usually the tallest point of an RTT plot.
            int rows = Math.min(4, faults.size());
            y.setUpperMargin(Math.max(y.getUpperMargin(), 0.06 + 0.06 * rows));
        }
        int i = 0;
        for (FaultMetrics f : faults) {
            double at = seconds(f.fault().timeNs());
            if (shaded) {
                long end = f.impacts().stream().map(ProbeImpact::recoveredAtNs).filter(java.util.Objects::nonNull)
                        .mapToLong(Long::longValue).max().orElse(f.fault().timeNs());
                if (end > f.fault().timeNs()) {
                    IntervalMarker window = new IntervalMarker(at, seconds(end), ChartStyle.FAULT_SHADE);
                    plot.addDomainMarker(window, Layer.BACKGROUND);
                }
            }
            ValueMarker line = new ValueMarker(at, ChartStyle.FAULT_LINE, new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            i++;
            if (labelled) line.setLabel(i + ": " + f.fault().label());
            line.setLabelFont(ChartStyle.font(12, true));
            line.setLabelPaint(Color.DARK_GRAY);
            line.setLabelBackgroundColor(LABEL_BACKGROUND);
            // Near the right edge the label goes left of its line, so it is not cut off.
            boolean leftOfLine = at > 0.65 * domainAxis(plot).getUpperBound();
            line.setLabelAnchor(leftOfLine ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(leftOfLine ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            // Successive labels step down so labels of faults close in time do not overprint each other.
            line.setLabelOffset(new RectangleInsets(4 + ((i - 1) % 4) * 18, 4, 4, 4));
            plot.addDomainMarker(line, Layer.FOREGROUND);
        }
    }

    /** A subplot of a combined chart shares its parent's time axis and has none of its own. */
    private static org.jfree.chart.axis.ValueAxis domainAxis(XYPlot plot) {
        if (plot.getDomainAxis() != null || !(plot.getParent() instanceof XYPlot parent)) return plot.getDomainAxis();
        return parent.getDomainAxis();
    }

    static double seconds(long ns) {
        return ns / 1e9;
    }
}
