package org.nettwin.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.reports.format.Json;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.RunData;

class ReportWriterTest {
    private static final List<String> OUTPUTS = List.of("report.html", "report.json", "summary.md", "junit.xml",
            "charts/rtt.png", "charts/rtt.svg", "charts/states.png", "charts/states.svg", "charts/drops.png", "charts/drops.svg");

    @Test @DisplayName("write: every report file, a valid report.json, readable PNG charts, no staging left behind")
    void writesEverything(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pcap"));
        Files.write(dir.resolve("pcap/vpg-p1.pcap"), new byte[24]);
        RunMetrics m = ReportWriter.write(SampleRuns.seed000Demo(), dir);
        for (String f : OUTPUTS) assertTrue(Files.size(dir.resolve(f)) > 0, f);
        assertEquals(List.of(), ReportWriter.schemaValidator().validate(Json.read(dir.resolve("report.json"))));
        for (String chart : List.of("rtt", "states", "drops")) {
            Path png = dir.resolve("charts/" + chart + ".png");
            assertTrue(Files.size(png) > 15_000, chart + " PNG is only " + Files.size(png) + " bytes");
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(1000, img.getWidth(), chart);
            assertTrue(img.getHeight() >= 500, chart);
            assertTrue(Files.readString(dir.resolve("charts/" + chart + ".svg")).startsWith("<?xml"), chart);
        }
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg"), "charts are inlined");
        assertTrue(html.contains("href=\"pcap/vpg-p1.pcap\""), "pcaps are linked");
        assertTrue(html.contains("64 bytes from 172.16.0.150: icmp_seq=19 ttl=64"), "ping output verbatim");
        assertTrue(html.contains("(VI_1) Entering MASTER STATE"), "keepalived lines");
        assertTrue(html.contains("&lt;&amp;&quot;'&gt;"), "failure text escaped");
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("| stop P1: P2 MASTER after Skew_Time(100) | 0.609375 s | 0.609375 s | +0.000 s |"));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".report-")).toList());
        }
        assertEquals(2, m.probes().get(0).lost());
    }

    @Test @DisplayName("rebuild from the run directory alone reproduces every report file byte for byte")
    void rebuildIsIdentical(@TempDir Path dir) throws Exception {
        ReportWriter.write(SampleRuns.seed000Demo(), dir);
        List<byte[]> first = OUTPUTS.stream().map(f -> read(dir.resolve(f))).toList();
        for (String f : OUTPUTS) Files.delete(dir.resolve(f));
        ReportWriter.rebuild(dir);
        for (int i = 0; i < OUTPUTS.size(); i++) assertArrayEquals(first.get(i), read(dir.resolve(OUTPUTS.get(i))), OUTPUTS.get(i));
    }

    @Test @DisplayName("a run directory without run.json (runner output only) still gets a report, faults from FaultApplied records")
    void rebuildWithoutRunInfo(@TempDir Path dir) throws Exception {
        ReportWriter.write(SampleRuns.seed000Demo(), dir);
        Files.delete(dir.resolve("run.json"));
        RunMetrics m = ReportWriter.rebuild(dir);
        assertEquals(dir.getFileName().toString(), m.info().name());
        assertEquals(2, m.faults().size());
        assertEquals(Long.valueOf(1_000_000_000L), m.probes().get(0).intervalNs(), "interval inferred from replies");
        assertEquals(List.of(20, 21), m.probes().get(0).lostSeqs());
    }

    @Test @DisplayName("compare and distribution write their pages and charts")
    void compareAndDistribution(@TempDir Path dir) throws Exception {
        RunData demo = SampleRuns.seed000Demo();
        ReportWriter.write(demo, dir.resolve("a"));
        ReportWriter.write(demo, dir.resolve("b"));
        ReportWriter.compare(dir.resolve("a"), dir.resolve("b"), dir.resolve("cmp"));
        String md = Files.readString(dir.resolve("cmp/compare.md"));
        assertTrue(md.contains("| probe vip: lost | 2 | 2 | 0 |"), md);
        assertTrue(Files.readString(dir.resolve("cmp/compare.html")).contains("id='chart-b-rtt'"));
        List<Long> samples = ReportWriter.distribution("demo", List.of(dir.resolve("a"), dir.resolve("b")), dir.resolve("dist"));
        assertEquals(2, samples.size(), "one lossy failover per run");
        assertTrue(Files.size(dir.resolve("dist/charts/failover-cdf.png")) > 10_000);
        assertTrue(Files.size(dir.resolve("dist/charts/failover-histogram.png")) > 10_000);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
