package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nettwin chaos` (docs/chaos.md): exit codes, summary, JUnit XML and the minimised scenario that `nettwin run` replays. */
class ChaosCommandTest {
    private static Path keepalivedLan() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/keepalived-lan"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/keepalived-lan not found");
        return p.resolve("examples/keepalived-lan");
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    @DisplayName("keepalived-lan keeps the invariants: exit 0, one passing JUnit test case per run")
    void passingRunsExitZero(@TempDir Path out) throws IOException {
        Cli cli = Cli.run("chaos", keepalivedLan().resolve("vrrp-kill.scenario.yml").toString(), "--runs", "12", "--seed", "9",
                "--duration", "40s", "--out", out.toString());
        assertEquals(0, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("12 runs, 12 passed, 0 failed"), cli.out());
        String junit = Files.readString(out.resolve("junit.xml"));
        assertEquals(12, count(junit, "<testcase "), junit);
        assertTrue(junit.contains("tests=\"12\" failures=\"0\""), junit);
        assertFalse(cli.err().contains("\r"), "no progress bar when not on a terminal and without --progress");

        // The failover distribution across the 12 runs: every plotted sample is a row with a measured failover time.
        String distribution = Files.readString(out.resolve("distribution.md"));
        assertTrue(distribution.contains("Failovers (12 runs)"), distribution);
        Matcher printed = Pattern.compile("failover distribution: .* \\((\\d+) failovers;").matcher(cli.out());
        assertTrue(printed.find(), cli.out());
        int samples = Integer.parseInt(printed.group(1));
        assertTrue(samples > 0, "master kills make failovers: " + distribution);
        assertEquals(samples, count(distribution, "\\| \\d+\\.\\d+ s \\|"), distribution);
        for (String chart : new String[] {"failover-histogram", "failover-cdf"}) {
            byte[] png = Files.readAllBytes(out.resolve("charts/" + chart + ".png"));
            assertEquals(0x89, png[0] & 0xff, chart + ".png is a PNG");
            assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII), chart);
            assertTrue(Files.readString(out.resolve("charts/" + chart + ".svg")).contains("<svg"), chart + ".svg");
        }
    }

    @Test
    @DisplayName("a split brain (r2's auth_pass differs): exit 1, failing seed printed, minimised file replays with `nettwin run`")
    void splitBrainExitsOneAndWritesTheReplay(@TempDir Path dir) throws IOException {
        Path lan = keepalivedLan();
        for (String f : new String[] {"keepalived-lan.topo.yml", "r1.conf", "vrrp-kill.scenario.yml"}) Files.copy(lan.resolve(f), dir.resolve(f));
        Files.writeString(dir.resolve("r2.conf"), Files.readString(lan.resolve("r2.conf")).replace("auth_pass lan51pw", "auth_pass other51"));
        Path out = dir.resolve("out");

        Cli cli = Cli.run("chaos", dir.resolve("vrrp-kill.scenario.yml").toString(), "--runs", "3", "--duration", "40s", "--shrink", "1",
                "--out", out.toString(), "--progress");
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("3 runs, 0 passed, 3 failed; failing seeds: ["), cli.out());
        assertTrue(cli.out().contains("SPLIT_BRAIN"), cli.out());
        assertTrue(cli.err().contains("\r[") && cli.err().contains("3/3 runs, 3 failed"), "the progress bar: " + cli.err());
        String junit = Files.readString(out.resolve("junit.xml"));
        assertEquals(3, count(junit, "<failure type=\"SPLIT_BRAIN\""), junit);

        Path replay = out.resolve("vrrp-kill-run-0.scenario.yml");
        assertTrue(Files.isRegularFile(replay), cli.out());
        assertEquals(1, count(cli.out(), "minimised in "), "--shrink 1 minimises one run: " + cli.out());
        Cli run = Cli.run("run", replay.toString());
        assertEquals(0, run.exitCode(), "the replay loads and runs (it has no expectations): " + run.out() + run.err());
    }

    @Test
    @DisplayName("the recovery bound comes from the network's own timers (seed 001: a healed Heartbeat partition, keepalive 5 s + restart 25 s + RQSTDELAY 10 s + keepalive 5 s) and --recovery-bound overrides it")
    void recoveryBoundIsDerivedAndOverridable() {
        Path examples = keepalivedLan().getParent();
        Cli vyatta = Cli.run("chaos", examples.resolve("vyatta-gre-ha/primary-dies.scenario.yml").toString(), "--runs", "1", "--seed", "3");
        assertTrue(vyatta.out().contains("recovery bound 45.000000000s from Heartbeat on vyatta-"), vyatta.out() + vyatta.err());
        assertTrue(vyatta.out().contains("faults last up to 25.000000000s"), "deadtime 20 s + 5 s: " + vyatta.out());
        Cli lan = Cli.run("chaos", keepalivedLan().resolve("vrrp-kill.scenario.yml").toString(), "--runs", "1", "--duration", "40s",
                "--recovery-bound", "12s");
        assertEquals(0, lan.exitCode(), lan.out() + lan.err());
        assertTrue(lan.out().contains("recovery bound 12.000000000s (--recovery-bound)"), lan.out());
    }

    @Test
    @DisplayName("bad input exits 2: --runs 0, a run too short for the quiet tail, an unknown duration unit, a missing file")
    void badInputExitsTwo(@TempDir Path dir) {
        String scenario = keepalivedLan().resolve("vrrp-kill.scenario.yml").toString();
        assertEquals(2, Cli.run("chaos", scenario, "--runs", "0").exitCode());
        Cli tooShort = Cli.run("chaos", scenario, "--duration", "12s");
        assertEquals(2, tooShort.exitCode());
        assertTrue(tooShort.err().contains("leaves no time for faults"), tooShort.err());
        assertEquals(2, Cli.run("chaos", scenario, "--recovery-bound", "10 parsecs").exitCode());
        assertEquals(2, Cli.run("chaos", dir.resolve("missing.scenario.yml").toString()).exitCode());
    }
}
