package org.nettwin.scenarios.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JUnit XML for CI: one test suite per chaos invocation, one test case per run, named by its index and seed
 * so a failure in a CI report says how to replay it. A failing case's message is its first violation; its
 * body lists the schedule, every violation and the minimised scenario file, if one was written.
 */
public final class ChaosJUnitXml {
    private ChaosJUnitXml() {}

    /** @param minimisedFiles the written minimal scenario of a run, by run index (may be empty) */
    public static void write(Path file, String scenarioName, long masterSeed, List<ChaosRunner.ChaosRun> runs,
                             Map<Integer, Path> minimisedFiles) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toXml(scenarioName, masterSeed, runs, minimisedFiles), StandardCharsets.UTF_8);
    }

    public static String toXml(String scenarioName, long masterSeed, List<ChaosRunner.ChaosRun> runs, Map<Integer, Path> minimisedFiles) {
        long failures = runs.stream().filter(r -> !r.passed()).count();
        double seconds = runs.stream().mapToLong(ChaosRunner.ChaosRun::wallNs).sum() / 1e9;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuite name=\"").append(escape("chaos " + scenarioName)).append("\" tests=\"").append(runs.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"").append(secs(seconds)).append("\">\n");
        x.append("  <properties><property name=\"master-seed\" value=\"").append(masterSeed).append("\"/></properties>\n");
        for (ChaosRunner.ChaosRun r : runs) {
            x.append("  <testcase classname=\"").append(escape("chaos." + scenarioName)).append("\" name=\"run ").append(r.index())
                    .append(" seed ").append(r.seed()).append("\" time=\"").append(secs(r.wallNs() / 1e9)).append("\"");
            if (r.passed()) {
                x.append("/>\n");
                continue;
            }
            Violation first = r.violations().get(0);
            String body = "schedule:\n" + r.schedule().stream().map(f -> "  " + f).collect(Collectors.joining("\n"))
                    + "\nviolations:\n" + r.violations().stream().map(v -> "  " + v).collect(Collectors.joining("\n"))
                    + (minimisedFiles.containsKey(r.index()) ? "\nminimised: " + minimisedFiles.get(r.index()) : "");
            x.append(">\n    <failure type=\"").append(first.invariant()).append("\" message=\"").append(escape(first.toString())).append("\">")
                    .append(escape(body)).append("</failure>\n  </testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> {
                    // XML 1.0 forbids most control characters even when escaped.
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
                }
            }
        }
        return b.toString();
    }
}
