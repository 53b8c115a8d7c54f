package org.nettwin.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.reports.format.Json;
import org.nettwin.reports.metrics.DropStats;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.ProbeStreamMetrics;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.model.FaultEvent;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.link.Direction;
import org.w3c.dom.Element;

/** The report of a real simulated run (examples/basics/ping-router.scenario.yml) agrees with the runner's own tallies. */
class SimulatedRunReportTest {

    @Test @DisplayName("ping-router: faults, losses, drops and expectations in the report match the run")
    void reportOfPingRouter(@TempDir Path dir) throws Exception {
        var spec = ScenarioLoader.load(SampleRuns.example("basics/ping-router.scenario.yml"));
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, new RunOptions(null, null, dir, 1, true, null));
        RunMetrics m = ReportWriter.write(run, dir);

        assertEquals(List.of(new FaultEvent(Time.s(5), "link-down", "lan2"), new FaultEvent(Time.s(8), "link-up", "lan2"),
                new FaultEvent(Time.s(12), "cut", "lan2"), new FaultEvent(Time.s(15), "heal", "lan2"), new FaultEvent(Time.s(18), "impair", "lan2")),
                m.info().faults());
        ProbeStreamMetrics p1 = m.probes().get(0);
        assertEquals(run.probes().get("p1").lostSeqs(), p1.lostSeqs(), "same losses as the runner's ProbeTally");
        assertEquals(run.probes().get("p1").replies(), p1.replies());

        // Link down at 5 s: seq 5..7 (sent at 5, 6, 7 s) lost; service is back with the reply to seq 8.
        FaultMetrics down = m.faults().get(0);
        long rtt8 = run.trace().stream().map(r -> r.event()).filter(e -> e instanceof TraceEvent.ProbeResult r && r.seq() == 8)
                .mapToLong(e -> ((TraceEvent.ProbeResult) e).rttNs()).findFirst().orElseThrow();
        assertEquals(Time.s(3) + rtt8, down.impacts().get(0).failoverNs());
        assertEquals(3, down.impacts().get(0).lost());
        assertEquals(0L, down.detectionNs(), "both ends see carrier loss at once");
        var up = m.faults().get(1).impacts().get(0);
        assertEquals(rtt8, up.failoverNs(), "link up at 8 s: seq 8 leaves at once and is answered");
        assertEquals(0, up.lost());

        // Drops seen in the trace equal the simulator's counters, per reason.
        Map<String, Long> traced = new TreeMap<>();
        for (DropStats.Count c : m.drops().counts()) if (c.where().equals("lan2")) traced.put(c.reason(), c.count());
        Map<String, Long> counted = new TreeMap<>();
        run.links().get("lan2").counters(Direction.BOTH).drops().forEach((reason, n) -> counted.put(reason.name(), n));
        assertEquals(counted, traced);

        assertEquals(List.of(), ReportWriter.schemaValidator().validate(Json.read(dir.resolve("report.json"))));
        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("junit.xml")))).getDocumentElement();
        assertEquals(Integer.toString(spec.expectations().size()), suite.getAttribute("tests"));
        assertEquals(Integer.toString(run.result().failures().size()), suite.getAttribute("failures"));
        String html = Files.readString(dir.resolve("report.html"));
        try (var pcaps = Files.list(dir.resolve("pcap"))) {
            for (Path pcap : pcaps.toList()) assertTrue(html.contains("href=\"pcap/" + pcap.getFileName() + "\""), pcap.toString());
        }

        byte[] json = Files.readAllBytes(dir.resolve("report.json"));
        ReportWriter.rebuild(dir);
        assertArrayEquals(json, Files.readAllBytes(dir.resolve("report.json")), "rebuilt from trace.log and run.json alone");
    }
}
