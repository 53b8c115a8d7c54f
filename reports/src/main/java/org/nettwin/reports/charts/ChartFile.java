package org.nettwin.reports.charts;

import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A chart drawn both ways: PNG bytes (ChartUtils) and an SVG element (JFreeSVG) that HTML can inline. {@code name}
 * is the file stem ("rtt" → charts/rtt.png, charts/rtt.svg).
 */
public record ChartFile(String name, String title, int width, int height, byte[] png, String svg) {

    public static ChartFile render(String name, JFreeChart chart, int width, int height) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(png, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart " + name, e);
        }
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Element ids must be unique within one HTML page that inlines several charts.
        g.setDefsKeyPrefix("nt-" + name + "-");
        chart.draw(g, new Rectangle(0, 0, width, height));
        String title = chart.getTitle() == null ? name : chart.getTitle().getText();
        return new ChartFile(name, title, width, height, png.toByteArray(), g.getSVGElement("chart-" + name));
    }

    /** The standalone SVG file: XML declaration plus the element. */
    public String svgDocument() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg + "\n";
    }
}
