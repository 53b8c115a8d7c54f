package org.nettwin.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.XYPlot;

/**
 * One look for every chart: fonts readable at 1000×500, white background, light grid, and fixed colours for the
 * states a reader compares across charts (MASTER is always green, FAULT always red).
 */
final class ChartStyle {
    static final int WIDTH = 1000;
    static final int HEIGHT = 500;

    static final Color LOST = new Color(0xD32F2F);
    static final Color FAULT_LINE = new Color(0xE65100);
    static final Color FAULT_SHADE = new Color(255, 167, 38, 60);
    private static final Color GRID = new Color(0xD0D0D0);

    private static final Map<String, Color> STATE_COLOURS = Map.ofEntries(
            Map.entry("MASTER", new Color(0x2E7D32)), Map.entry("ACTIVE", new Color(0x2E7D32)),
            Map.entry("GOTO_MASTER", new Color(0x9CCC65)),
            Map.entry("BACKUP", new Color(0x1565C0)), Map.entry("STANDBY", new Color(0x1565C0)),
            Map.entry("INIT", new Color(0x9E9E9E)), Map.entry("STOP", new Color(0x424242)),
            Map.entry("FAULT", new Color(0xC62828)),
            Map.entry("UP", new Color(0x81C784)), Map.entry("up", new Color(0x81C784)), Map.entry("ok", new Color(0x81C784)),
            Map.entry("1", new Color(0x81C784)),
            Map.entry("DOWN", new Color(0xFF8F00)), Map.entry("down", new Color(0xFF8F00)), Map.entry("cut", new Color(0xFF8F00)),
            Map.entry("0", new Color(0xFF8F00)), Map.entry("absent", new Color(0xFF8F00)));
    /** For states without a fixed colour (route next hops, unknown machines), in order of first appearance. */
    private static final Color[] OTHER = {new Color(0x6A1B9A), new Color(0x00838F), new Color(0x8D6E63), new Color(0xAD1457),
            new Color(0x5C6BC0), new Color(0x558B2F), new Color(0xF9A825), new Color(0x00695C)};
    /** Series colours of line and bar charts. */
    static final Color[] SERIES = {new Color(0x1565C0), new Color(0x2E7D32), new Color(0x6A1B9A), new Color(0x00838F),
            new Color(0xEF6C00), new Color(0x8D6E63), new Color(0xAD1457), new Color(0x9E9D24)};

    static {
        // Charts are drawn on servers and in CI without a display.
        System.setProperty("java.awt.headless", "true");
    }

    private ChartStyle() {}

    static Font font(int size, boolean bold) {
        return new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /**
     * A chart with this style applied. Apply it before setting series paints, strokes or bar painters: the theme
     * clears and replaces those of every renderer.
     */
    static JFreeChart chart(String title, XYPlot plot) {
        return styled(new JFreeChart(title, font(20, true), plot, true));
    }

    private static JFreeChart styled(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(font(20, true));
        theme.setLargeFont(font(15, true));
        theme.setRegularFont(font(13, false));
        theme.setSmallFont(font(12, false));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getPlot() instanceof XYPlot xy) {
            xy.setDomainGridlineStroke(new BasicStroke(0.8f));
            xy.setRangeGridlineStroke(new BasicStroke(0.8f));
            xy.setOutlineVisible(false);
        }
        if (chart.getLegend() != null) chart.getLegend().setItemFont(font(13, false));
        return chart;
    }

    /** The fixed colour of a well-known state ("MASTER", "down", ...), or null. */
    static Paint fixedStateColour(String state) {
        Color c = STATE_COLOURS.get(state);
        return c != null ? c : STATE_COLOURS.get(state.toUpperCase(Locale.ROOT));
    }

    /** The n-th colour for states without a fixed one. */
    static Paint otherStateColour(int n) {
        return OTHER[n % OTHER.length];
    }

    static Color series(int i) {
        return SERIES[i % SERIES.length];
    }
}
