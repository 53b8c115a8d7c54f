package org.nettwin.reports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nettwin.reports.charts.ChartFile;
import org.nettwin.reports.charts.DistributionCharts;
import org.nettwin.reports.format.ReportTables;
import org.nettwin.reports.format.Table;
import org.nettwin.reports.format.Text;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.ProbeImpact;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.RunData;

/**
 * Failover times across many runs (chaos, seeds, sweeps), gathered one run at a time so a caller that runs
 * hundreds of schedules keeps only the samples, not the runs. A sample is one fault × probe stream whose outage
 * that fault caused and that recovered ({@link ProbeImpact#measuredFailover()}); the others are listed in the
 * table but not plotted. {@link #write} puts charts/failover-histogram, charts/failover-cdf (PNG, SVG) and
 * distribution.md into a directory.
 */
public final class FailoverDistribution {
    public static final String MARKDOWN = "distribution.md";

    private final String title;
    private final List<Long> samples = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private int runs;

    public FailoverDistribution(String title) {
        this.title = title;
    }

    public void add(RunData run) {
        add(RunMetrics.of(run));
    }

    public void add(RunMetrics m) {
        runs++;
        for (FaultMetrics f : m.faults()) {
            for (ProbeImpact i : f.impacts()) {
                if (i.measuredFailover()) samples.add(i.failoverNs());
                rows.add(List.of(m.info().name(), m.info().seed() == null ? Text.NONE : Long.toString(m.info().seed()), f.fault().label(), i.probe(),
                        ReportTables.failoverText(i), Integer.toString(i.lost())));
            }
        }
    }

    /** The plotted samples so far, in ns, in the order they were added. */
    public List<Long> samples() {
        return List.copyOf(samples);
    }

    public void write(Path out) throws IOException {
        Table table = new Table("failovers", "Failovers (" + runs + " runs)", List.of("run", "seed", "fault", "probe", "failover", "lost"), rows, "No faults in these runs.");
        try (StagedFiles files = new StagedFiles(out)) {
            for (ChartFile c : DistributionCharts.all(title, samples)) ReportWriter.putChart(files, c);
            files.put(MARKDOWN, "# Failover distribution: " + title + "\n\n" + table.toMarkdown());
            files.commit();
        }
    }
}
