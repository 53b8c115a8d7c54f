package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
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

    static void addTo(XYPlot plot, java.util.List<FaultMetrics> faults, boolean shaded) {
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
            line.setLabel((++i) + ": " + f.fault().label());
            line.setLabelFont(ChartStyle.font(12, true));
            line.setLabelPaint(Color.DARK_GRAY);
            line.setLabelBackgroundColor(LABEL_BACKGROUND);
            // Near the right edge the label goes left of its line, so it is not cut off.
            boolean leftOfLine = at > 0.65 * plot.getDomainAxis().getUpperBound();
            line.setLabelAnchor(leftOfLine ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(leftOfLine ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            // Successive labels step down so labels of faults close in time do not overprint each other.
            line.setLabelOffset(new RectangleInsets(4 + ((i - 1) % 4) * 18, 4, 4, 4));
            plot.addDomainMarker(line, Layer.FOREGROUND);
        }
    }

    static double seconds(long ns) {
        return ns / 1e9;
    }
}
