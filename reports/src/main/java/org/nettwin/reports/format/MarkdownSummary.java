package org.nettwin.reports.format;

import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.RunInfo;

/** summary.md: the verdict and the key tables, for a PR comment or a CI job summary. */
public final class MarkdownSummary {
    private MarkdownSummary() {}

    public static String render(RunMetrics m) {
        RunInfo i = m.info();
        StringBuilder sb = new StringBuilder("# nettwin run: ").append(i.name()).append("\n\n");
        sb.append("- verdict: **").append(i.passed() == null ? "not judged" : i.passed() ? "PASSED" : "FAILED").append("**\n");
        if (i.scenarioFile() != null) sb.append("- scenario: `").append(i.scenarioFile()).append("`\n");
        if (i.seed() != null) sb.append("- seed: ").append(i.seed()).append("\n");
        sb.append("- duration: ").append(Text.seconds(i.durationNs())).append(" (virtual)\n");
        if (i.fingerprint() != null) sb.append("- fingerprint: `").append(i.fingerprint()).append("`\n");
        sb.append("- split brain: ").append(Text.seconds(m.splitBrainNs())).append("\n\n");
        sb.append(ReportTables.expectations(m).toMarkdown());
        sb.append(ReportTables.probes(m).toMarkdown());
        sb.append(ReportTables.faults(m).toMarkdown());
        sb.append(ReportTables.predictions(m).toMarkdown());
        return sb.toString();
    }
}
