package org.nettwin.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.reports.charts.ChartFile;
import org.nettwin.reports.charts.RunCharts;
import org.nettwin.reports.format.CompareReport;
import org.nettwin.reports.format.HtmlReport;
import org.nettwin.reports.format.JUnitXml;
import org.nettwin.reports.format.Json;
import org.nettwin.reports.format.JsonSchemaValidator;
import org.nettwin.reports.format.MarkdownSummary;
import org.nettwin.reports.format.ReportFiles;
import org.nettwin.reports.format.ReportJson;
import org.nettwin.reports.format.TraceLog;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.Prediction;
import org.nettwin.reports.model.RunData;
import org.nettwin.scenarios.run.ScenarioRunner.CompletedRun;

/**
 * Writes the report of a run into its run directory: report.html, report.json, summary.md, junit.xml and
 * charts/*.{png,svg}, plus the inputs they are made from (run.json, trace.log), so that {@link #rebuild} can remake
 * every report file from the directory alone. All files are staged and moved into place (see {@link StagedFiles}).
 */
public final class ReportWriter {
    private ReportWriter() {}

    public static RunMetrics write(CompletedRun run, Path dir) throws IOException {
        return write(run, dir, List.of());
    }

    /** With predicted-vs-measured rows that the caller computed (see VrrpTimerModel, TraceQueries). */
    public static RunMetrics write(CompletedRun run, Path dir, List<Prediction> predictions) throws IOException {
        return write(CompletedRunData.of(run, predictions), dir);
    }

    /** Any run: simulated, hand-built, chaos or real-adapter. */
    public static RunMetrics write(RunData run, Path dir) throws IOException {
        try (StagedFiles out = new StagedFiles(dir)) {
            out.put(Json.RUN_INFO_FILE, Json.pretty(run.info()));
            out.put(TraceLog.FILE, TraceLog.format(run.trace()));
            RunMetrics m = render(run, dir, out);
            out.commit();
            return m;
        }
    }

    /** Remakes the report files from run.json (if present) and trace.log; the inputs are left as they are. */
    public static RunMetrics rebuild(Path runDir) throws IOException, ConfigError {
        RunData run = load(runDir);
        try (StagedFiles out = new StagedFiles(runDir)) {
            RunMetrics m = render(run, runDir, out);
            out.commit();
            return m;
        }
    }

    /**
     * A run directory as report input. Without run.json (a directory only the scenario runner or another tool wrote)
     * the run is named after the directory, lasts until its last record, and its faults are its FaultApplied records.
     */
    public static RunData load(Path runDir) throws IOException, ConfigError {
        Path traceFile = runDir.resolve(TraceLog.FILE);
        if (!Files.isRegularFile(traceFile)) throw new ConfigError(runDir.toString(), 0, 0, "no " + TraceLog.FILE + " in this directory", "give the directory of a run");
        List<TraceRecord> trace = TraceLog.read(traceFile);
        Path infoFile = runDir.resolve(Json.RUN_INFO_FILE);
        if (!Files.isRegularFile(infoFile)) return RunData.fromTrace(runDir.toAbsolutePath().normalize().getFileName().toString(), trace);
        return new RunData(Json.readRunInfo(infoFile), trace);
    }

    /** compare.html and compare.md in {@code out}: the two runs' key metrics side by side, and their charts. */
    public static void compare(Path runA, Path runB, Path out) throws IOException, ConfigError {
        RunMetrics a = RunMetrics.of(load(runA));
        RunMetrics b = RunMetrics.of(load(runB));
        try (StagedFiles files = new StagedFiles(out)) {
            files.put(CompareReport.HTML, CompareReport.html(a, b, RunCharts.all(a, "a-"), RunCharts.all(b, "b-")));
            files.put(CompareReport.MARKDOWN, CompareReport.markdown(a, b));
            files.commit();
        }
    }

    /**
     * Failover times across many runs (chaos, seeds, sweeps): charts/failover-histogram and charts/failover-cdf (PNG,
     * SVG) and distribution.md in {@code out} (see {@link FailoverDistribution}, which callers that hold runs rather
     * than run directories use directly). Returns the plotted samples in ns.
     */
    public static List<Long> distribution(String title, List<Path> runDirs, Path out) throws IOException, ConfigError {
        FailoverDistribution d = new FailoverDistribution(title);
        for (Path dir : runDirs) d.add(load(dir));
        d.write(out);
        return d.samples();
    }

    private static RunMetrics render(RunData run, Path dir, StagedFiles out) throws IOException {
        RunMetrics m = RunMetrics.of(run);
        List<ChartFile> charts = RunCharts.all(m);
        List<String> pcaps = pcaps(dir);
        ObjectNode json = ReportJson.build(m, charts, pcaps);
        List<String> problems = schemaValidator().validate(json);
        // The writer and the schema are maintained together; a mismatch is a bug here, not a user error.
        if (!problems.isEmpty()) throw new IllegalStateException("report.json does not match report.schema.json: " + problems);
        out.put(ReportJson.FILE, Json.pretty(json));
        out.put(ReportFiles.HTML, HtmlReport.render(m, run.trace(), charts, pcaps));
        out.put(ReportFiles.SUMMARY, MarkdownSummary.render(m));
        out.put(ReportFiles.JUNIT, JUnitXml.render(run.info()));
        for (ChartFile c : charts) putChart(out, c);
        return m;
    }

    static void putChart(StagedFiles out, ChartFile c) throws IOException {
        out.put(ReportFiles.chartPath(c, "png"), c.png());
        out.put(ReportFiles.chartPath(c, "svg"), c.svgDocument());
    }

    /** Captures the run left in ./pcap, as paths relative to the run directory, sorted. */
    private static List<String> pcaps(Path dir) throws IOException {
        Path pcapDir = dir.resolve(ReportFiles.PCAP_DIR);
        if (!Files.isDirectory(pcapDir)) return List.of();
        try (Stream<Path> files = Files.list(pcapDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcap") || p.getFileName().toString().endsWith(".pcapng"))
                    .map(p -> ReportFiles.PCAP_DIR + "/" + p.getFileName()).sorted().toList();
        }
    }

    /** The schema report.json follows, from the classpath. */
    public static JsonSchemaValidator schemaValidator() {
        try (InputStream in = ReportWriter.class.getResourceAsStream(ReportJson.SCHEMA_RESOURCE)) {
            if (in == null) throw new IllegalStateException(ReportJson.SCHEMA_RESOURCE + " is missing from the classpath");
            JsonNode schema = Json.mapper().readTree(in);
            return new JsonSchemaValidator(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
