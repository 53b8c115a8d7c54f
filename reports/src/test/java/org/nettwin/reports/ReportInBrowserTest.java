package org.nettwin.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/** The HTML report as a person sees it: opened in headless Chromium (Debian's package; .ci/run installs it). */
class ReportInBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";

    /** The flags this machine needs for headless Chromium as root without network (see the env notes). */
    private static List<String> chromium(Path profile, String... args) {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String run(List<String> cmd, Path log) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(log));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test @DisplayName("the report renders in Chromium: charts as SVG, summary and probe tables with the run's numbers")
    void rendersInChromium(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(new File(CHROMIUM).canExecute(), "chromium not installed");
        var run = ScenarioRunner.execute(ScenarioLoader.load(SampleRuns.example("basics/ping-router.scenario.yml")), RunOptions.quiet());
        Path dir = tmp.resolve("run");
        ReportWriter.write(run, dir);
        String url = dir.resolve("report.html").toUri().toString();
        String dom = run(chromium(tmp.resolve("profile"), "--dump-dom", url), tmp.resolve("dom.log"));
        assertTrue(count(dom, "<svg") >= 3, "three charts inline as SVG");
        assertTrue(dom.contains("Probe round-trip time"), "RTT chart title");
        assertTrue(count(dom, "<table") >= 3, "summary tables");
        assertTrue(dom.contains("PASSED"), "verdict");
        int lost = run.probes().get("p1").lost();
        assertTrue(Pattern.compile("<td[^>]*>p1</td>.*?<td[^>]*>" + lost + "</td>", Pattern.DOTALL).matcher(dom).find(), "p1 row shows " + lost + " lost");
        Path png = tmp.resolve("report.png");
        run(chromium(tmp.resolve("profile"), "--window-size=1280,2000", "--screenshot=" + png, url), tmp.resolve("shot.log"));
        assertTrue(Files.size(png) > 50_000, "a rendered page, not a blank one: " + Files.size(png) + " bytes");
    }
}
