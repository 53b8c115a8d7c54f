package org.nettwin.reports.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.surefire.log.api.NullConsoleLogger;
import org.apache.maven.plugins.surefire.report.ReportTestCase;
import org.apache.maven.plugins.surefire.report.ReportTestSuite;
import org.apache.maven.plugins.surefire.report.TestSuiteXmlParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.reports.SampleRuns;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.RunInfo;
import org.nettwin.scenarios.chaos.ChaosJUnitXml;
import org.nettwin.scenarios.chaos.ChaosOptions;
import org.nettwin.scenarios.chaos.ChaosRunner;
import org.nettwin.scenarios.chaos.Fault;
import org.nettwin.scenarios.chaos.Invariant;
import org.nettwin.scenarios.chaos.ScheduledFault;
import org.nettwin.scenarios.chaos.Violation;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * Both JUnit XML files nettwin writes (a run's junit.xml, chaos's junit.xml) read back by a standard consumer:
 * surefire-report-parser's {@link TestSuiteXmlParser}, the parser maven-surefire-report-plugin reads TEST-*.xml
 * with. The counts, names and failure texts it sees must be the ones written; {@code isValid()} is false when it
 * met something it could not read (a malformed time, an unknown structure).
 */
class JUnitXmlConsumerTest {

    private static ReportTestSuite parseOne(Path xml) throws Exception {
        TestSuiteXmlParser parser = new TestSuiteXmlParser(new NullConsoleLogger());
        List<ReportTestSuite> suites = parser.parse(xml.toString());
        assertTrue(parser.isValid(), "surefire's parser rejected " + xml + ":\n" + Files.readString(xml));
        // The parser groups test cases into suites by classname: one classname per file, so one suite.
        assertEquals(1, suites.size(), "one suite per file");
        return suites.get(0);
    }

    @Test @DisplayName("a run's junit.xml: surefire's parser sees every expectation, the failures and their text verbatim")
    void runJUnitXml(@TempDir Path dir) throws Exception {
        RunInfo info = SampleRuns.seed000Demo().info();
        Path xml = Files.writeString(dir.resolve("junit.xml"), JUnitXml.render(info), StandardCharsets.UTF_8);
        ReportTestSuite suite = parseOne(xml);

        assertEquals(info.expectations().size(), suite.getNumberOfTests());
        assertEquals((int) info.expectations().stream().filter(e -> !e.passed()).count(), suite.getNumberOfFailures());
        assertEquals(0, suite.getNumberOfErrors());
        List<ReportTestCase> cases = suite.getTestCases();
        assertEquals(info.expectations().size(), cases.size());
        for (int i = 0; i < cases.size(); i++) {
            ExpectationResult e = info.expectations().get(i);
            ReportTestCase c = cases.get(i);
            assertEquals(e.name(), c.getName());
            assertEquals(!e.passed(), c.hasFailure(), e.name());
            if (!e.passed()) assertEquals(e.failure(), c.getFailureMessage(), "message with <&\"'> survives escaping");
        }
    }

    @Test @DisplayName("the junit.xml of a real simulated run (examples/basics/ping-router) is read by surefire's parser")
    void simulatedRunJUnitXml(@TempDir Path dir) throws Exception {
        var spec = ScenarioLoader.load(SampleRuns.example("basics/ping-router.scenario.yml"));
        var run = org.nettwin.scenarios.run.ScenarioRunner.execute(spec, org.nettwin.scenarios.run.RunOptions.quiet());
        org.nettwin.reports.ReportWriter.write(run, dir);
        ReportTestSuite suite = parseOne(dir.resolve(ReportFiles.JUNIT));
        assertEquals(spec.expectations().size(), suite.getNumberOfTests());
        assertEquals(run.result().failures().size(), suite.getNumberOfFailures());
        assertEquals(spec.expectations().size(), suite.getTestCases().size());
    }

    @Test @DisplayName("chaos's junit.xml (real runs on examples/keepalived-lan plus one failing run) is read by surefire's parser")
    void chaosJUnitXml(@TempDir Path dir) throws Exception {
        long masterSeed = 20261122;
        var base = ScenarioLoader.load(SampleRuns.example("keepalived-lan/vrrp-kill.scenario.yml"));
        ChaosRunner runner = new ChaosRunner(base, ChaosOptions.defaults(2, masterSeed).withDuration(30 * Time.S));
        List<ChaosRunner.ChaosRun> runs = new ArrayList<>(List.of(runner.run(0), runner.run(1)));
        // A failing run, with the characters XML must escape in its violation and schedule.
        Violation v = new Violation(Invariant.SPLIT_BRAIN, Time.s(12), "two masters <r1 & r2> on \"VI_1\"");
        runs.add(new ChaosRunner.ChaosRun(2, 77, List.of(new ScheduledFault(new Fault.LinkDown("lan<1>"), Time.s(6), Time.s(3))),
                List.of(v), "f00d", 1_500_000));
        Path xml = dir.resolve("junit.xml");
        ChaosJUnitXml.write(xml, "keepalived-lan", masterSeed, runs, Map.of(2, dir.resolve("minimal-2.scenario.yml")));
        ReportTestSuite suite = parseOne(xml);

        assertEquals(runs.size(), suite.getNumberOfTests(), "master seed " + masterSeed);
        assertEquals((int) runs.stream().filter(r -> !r.passed()).count(), suite.getNumberOfFailures(), "master seed " + masterSeed);
        List<ReportTestCase> cases = suite.getTestCases();
        assertEquals(runs.size(), cases.size());
        for (int i = 0; i < runs.size(); i++) {
            ChaosRunner.ChaosRun r = runs.get(i);
            assertEquals("run " + r.index() + " seed " + r.seed(), cases.get(i).getName(), "the case names how to replay it");
            assertEquals(!r.passed(), cases.get(i).hasFailure(), "run " + i + " (master seed " + masterSeed + ")");
        }
        ReportTestCase failed = cases.get(2);
        assertEquals(v.toString(), failed.getFailureMessage());
        assertEquals(Invariant.SPLIT_BRAIN.name(), failed.getFailureType());
        assertFalse(failed.getFailureDetail() == null || !failed.getFailureDetail().contains("lan<1>"), "schedule in the body: " + failed.getFailureDetail());
    }
}
