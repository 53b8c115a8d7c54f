package org.nettwin.reports.format;

import org.nettwin.reports.charts.ChartFile;

/** Names of the files a report puts in a run directory, in one place so writers and readers agree. */
public final class ReportFiles {
    public static final String HTML = "report.html";
    public static final String SUMMARY = "summary.md";
    public static final String JUNIT = "junit.xml";
    public static final String CHARTS_DIR = "charts";
    public static final String PCAP_DIR = "pcap";

    private ReportFiles() {}

    /** "charts/rtt.png": relative to the run directory. */
    public static String chartPath(ChartFile c, String extension) {
        return CHARTS_DIR + "/" + c.name() + "." + extension;
    }
}
