package org.nettwin.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.reports.format.Json;
import org.nettwin.reports.format.ReportJson;
import org.nettwin.reports.metrics.TimerPredictions;
import org.nettwin.reports.model.Prediction;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

class TimerPredictionsTest {
    // Hand-computed from protocol-facts §1.4 with keepalived's integer µs: Skew(100) = 156e6/256 µs = 609375 µs,
    // Skew(150) = 106e6/256 = 414062 µs (the half µs truncated), MDI = 3 × 1 s + Skew.
    private static final long SKEW_P100_NS = 609_375_000L;
    private static final long MDI_P100_NS = 3_609_375_000L;
    private static final long MDI_P150_NS = 3_414_062_000L;

    private static List<Prediction> runAndReport(String scenario, Path dir) throws Exception {
        var spec = ScenarioLoader.load(SampleRuns.example(scenario));
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, RunOptions.quiet());
        return ReportWriter.write(run, dir).info().predictions();
    }

    @Test @DisplayName("clean stop (protocol-facts §1.4, §1.5): r1 wins the boot after MDI(150), r2 takes over one Skew_Time(100) after the priority-0 advert")
    void cleanStopIsDecidedBySkewTime(@TempDir Path dir) throws Exception {
        List<Prediction> rows = runAndReport("keepalived-lan/vrrp-clean-stop.scenario.yml", dir);
        assertEquals(2, rows.size(), rows.toString());
        Prediction boot = rows.get(0);
        assertTrue(boot.name().startsWith("r1 vrrp/VI_1") && boot.name().contains("Master_Down_Interval"), boot.name());
        assertEquals(MDI_P150_NS, boot.predictedNs());
        assertEquals(0L, boot.differenceNs(), boot.toString());
        Prediction takeover = rows.get(1);
        assertTrue(takeover.name().startsWith("r2 vrrp/VI_1") && takeover.name().contains("Skew_Time after priority 0"), takeover.name());
        assertEquals(SKEW_P100_NS, takeover.predictedNs());
        assertEquals(SKEW_P100_NS, takeover.measuredNs(), "r2 enters MASTER exactly one Skew_Time after the advert arrives");

        // The rows come from trace.log alone: a rebuild of the directory makes the same report.json rows.
        JsonNode written = Json.read(dir.resolve(ReportJson.FILE)).get("predictions");
        ReportWriter.rebuild(dir);
        assertEquals(written, Json.read(dir.resolve(ReportJson.FILE)).get("predictions"));
        assertEquals(2, written.size());
    }

    @Test @DisplayName("silent death (protocol-facts §1.4): r2 takes over one Master_Down_Interval(100) after the last advert")
    void silentDeathIsDecidedByMasterDownInterval(@TempDir Path dir) throws Exception {
        Prediction takeover = runAndReport("keepalived-lan/vrrp-silent-death.scenario.yml", dir).get(1);
        assertTrue(takeover.name().startsWith("r2 ") && takeover.name().contains("Master_Down_Interval after silence"), takeover.name());
        assertEquals(MDI_P100_NS, takeover.predictedNs());
        assertEquals(0L, takeover.differenceNs(), takeover.toString());
    }

    @Test @DisplayName("Heartbeat (protocol-facts §4, Vyatta dead-interval 20 s): vyatta-c takes the group one deadtime after the last heartbeat")
    void heartbeatTakeoverIsDecidedByDeadtime(@TempDir Path dir) throws Exception {
        List<Prediction> rows = runAndReport("vyatta-gre-ha/primary-dies.scenario.yml", dir);
        // vyatta-a's own boot takeover (RQSTDELAY, 10.009 s in) comes before its initdead deadline: no row.
        assertEquals(1, rows.size(), rows.toString());
        Prediction takeover = rows.get(0);
        assertTrue(takeover.name().startsWith("vyatta-c cluster/aws →ACTIVE") && takeover.name().contains("deadtime"), takeover.name());
        assertEquals(Time.s(20), takeover.predictedNs());
        assertEquals(0L, takeover.differenceNs(), takeover.toString());
    }

    @Test @DisplayName("IPsec DPD (protocol-facts §5.1, §5.2): RTX keepalive 10 s × 6 declares the cut peer dead 60 s after the first unanswered R-U-THERE, on both ends")
    void dpdTakedownIsIntervalTimesCount(@TempDir Path dir) throws Exception {
        List<Prediction> rows = runAndReport("rtx-ipsec/rtx-ipsec-failover.scenario.yml", dir);
        assertEquals(2, rows.size(), rows.toString());
        for (Prediction p : rows) {
            assertTrue(p.name().contains("→DOWN") && p.name().contains("DPD PERIODIC 6 ×"), p.name());
            assertEquals(Time.s(60), p.predictedNs());
            assertEquals(0L, p.differenceNs(), p.toString());
        }
    }

    @Test @DisplayName("a DPD arming withdrawn because the peer answered, or a DOWN before the deadline, makes no row")
    void cancelledOrEarlyChangesMakeNoRow() {
        String dpd = "dpd interval=10000000000ns count=3 mode=IDLE";
        var trace = new TraceBuilder()
                .add(Time.s(20), "gw", new TraceEvent.TimerArmed("ipsec/t1/dpd", Time.s(40), dpd))
                .add(Time.s(30), "gw", new TraceEvent.TimerCancelled("ipsec/t1/dpd", "answered after 1 missed"))
                .state(Time.s(90), "gw", "ipsec/t1", "UP", "DOWN")
                .add(Time.s(20), "gw", new TraceEvent.TimerArmed("ipsec/t2/dpd", Time.s(40), dpd))
                .state(Time.s(25), "gw", "ipsec/t2", "UP", "DOWN")
                .add(Time.s(20), "gw", new TraceEvent.TimerArmed("ipsec/t3/dpd", Time.s(40), dpd))
                .state(Time.s(40), "gw", "ipsec/t3", "UP", "DOWN")
                .build();
        List<Prediction> rows = TimerPredictions.of(trace);
        assertEquals(1, rows.size(), "only t3 went down by DPD: " + rows);
        assertTrue(rows.get(0).name().startsWith("gw ipsec/t3 →DOWN"), rows.get(0).name());
        assertEquals(Time.s(30), rows.get(0).predictedNs());
        assertEquals(Time.s(30), rows.get(0).measuredNs(), "from the unanswered probe, one interval before the first miss");
    }

    @Test @DisplayName("keepalived 1.2.13 enters MASTER one advert after the timer (protocol-facts §2.4); GOTO_MASTER keeps the pairing")
    void oldKeepalivedAddsOneAdvert() {
        var trace = new TraceBuilder()
                .add(Time.s(10), "r2", new TraceEvent.TimerArmed("vrrp/VI_1/timer", Time.s(10) + SKEW_P100_NS, "skew prio=100 adv=1000000us vrrp=2 keepalived=V1_2"))
                .state(Time.s(10) + SKEW_P100_NS, "r2", "vrrp/VI_1", "BACKUP", "GOTO_MASTER")
                .state(Time.s(11) + SKEW_P100_NS + 1, "r2", "vrrp/VI_1", "GOTO_MASTER", "MASTER")
                .build();
        List<Prediction> rows = TimerPredictions.of(trace);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals(Time.s(1) + SKEW_P100_NS, rows.get(0).predictedNs());
        assertEquals(1L, rows.get(0).differenceNs(), "a late MASTER shows as a positive difference");
        assertTrue(rows.get(0).source().contains("§2.4"), rows.get(0).source());
    }

    @Test @DisplayName("no row when the armed timer did not decide the change: FAULT in between, another node, or an unknown reason")
    void unpairedArmingsMakeNoRow() {
        var trace = new TraceBuilder()
                .add(Time.s(1), "r2", new TraceEvent.TimerArmed("vrrp/VI_1/timer", Time.s(4), "master-down prio=100 adv=1000000us vrrp=2 keepalived=V2_2"))
                .state(Time.s(2), "r2", "vrrp/VI_1", "BACKUP", "FAULT")
                .state(Time.s(3), "r2", "vrrp/VI_1", "FAULT", "MASTER")
                .add(Time.s(5), "r3", new TraceEvent.TimerArmed("vrrp/VI_1/timer", Time.s(6), "other prio=100 adv=1000000us vrrp=2 keepalived=V2_2"))
                .state(Time.s(6), "r3", "vrrp/VI_1", "BACKUP", "MASTER")
                .add(Time.s(7), "r4", new TraceEvent.TimerArmed("vrrp/VI_1/timer", Time.s(8), "skew prio=100"))
                .state(Time.s(8), "r5", "vrrp/VI_1", "BACKUP", "MASTER")
                .state(Time.s(9), "r4", "vrrp/VI_1", "BACKUP", "MASTER")
                .build();
        assertEquals(List.of(), TimerPredictions.of(trace));
    }
}
