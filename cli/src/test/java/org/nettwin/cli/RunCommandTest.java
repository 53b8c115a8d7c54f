package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `nettwin run`: exit 0 when every expectation holds, 1 when one fails (docs/scenario-format.md). */
class RunCommandTest {
    @TempDir Path dir;

    @BeforeEach void topology() throws IOException {
        Files.writeString(dir.resolve("pair.topo.yml"), """
                nodes:
                  h1: { kind: host, interfaces: { eth0: { address: 10.0.0.1/24 } } }
                  h2: { kind: host, interfaces: { eth0: { address: 10.0.0.2/24 } } }
                links:
                  - { endpoints: ["h1:eth0", "h2:eth0"], delay: 1ms }
                """, StandardCharsets.UTF_8);
    }

    private Path scenario(String expectation) throws IOException {
        return Files.writeString(dir.resolve("s.scenario.yml"), """
                name: pair
                topology: pair.topo.yml
                duration: 10s
                probes:
                  - ping: { name: p, from: h1, to: 10.0.0.2, count: 3 }
                expect:
                  - %s
                """.formatted(expectation), StandardCharsets.UTF_8);
    }

    @Test void passingScenarioExitsZero() throws IOException {
        Cli r = Cli.run("run", scenario("{ probe: p, replies-at-least: 3 }").toString(), "--inline");
        assertEquals(Main.EXIT_OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().endsWith("scenario pair passed" + System.lineSeparator()), r.out());
    }

    @Test void failedExpectationExitsOne() throws IOException {
        Cli r = Cli.run("run", scenario("{ probe: p, replies-at-least: 4 }").toString(), "--inline");
        assertEquals(Main.EXIT_FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().endsWith("scenario pair FAILED: 1 expectation not met" + System.lineSeparator()), r.out());
    }

    @Test void threadsMustBePositive() throws IOException {
        Cli r = Cli.run("run", scenario("{ probe: p, replies-at-least: 3 }").toString(), "--threads", "0");
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
        assertEquals("--threads must be at least 1, got 0", r.err().lines().findFirst().orElseThrow());
    }

    /** protocol-facts §1.4, §1.5: r2 (P100) takes over one Skew_Time = 0.609375 s after r1's priority-0 advert. */
    @Test void runOutPredictsVrrpTakeoverAndReportRebuildsIt() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/keepalived-lan"))) p = p.getParent();
        Path scenario = p.resolve("examples/keepalived-lan/vrrp-clean-stop.scenario.yml");
        Path out = dir.resolve("run");
        Cli run = Cli.run("run", scenario.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String row = "Skew_Time after priority 0 P100 (VRRPv2, adv 1000000 µs) | 0.609375 s | 0.609375 s | +0.000 s |";
        assertTrue(Files.readString(out.resolve("summary.md")).contains(row), Files.readString(out.resolve("summary.md")));

        Files.delete(out.resolve("summary.md"));
        Cli report = Cli.run("report", out.toString());
        assertEquals(0, report.exitCode(), report.out() + report.err());
        assertTrue(Files.readString(out.resolve("summary.md")).contains(row), "rebuilt from trace.log alone");
    }
}
