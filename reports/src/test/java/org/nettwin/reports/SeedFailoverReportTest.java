package org.nettwin.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.env.Time;
import org.nettwin.reports.metrics.AddressOwnership;
import org.nettwin.reports.metrics.FaultMetrics;
import org.nettwin.reports.metrics.ProbeImpact;
import org.nettwin.reports.metrics.RoleOwnership;
import org.nettwin.reports.metrics.RunMetrics;
import org.nettwin.reports.metrics.TunnelTraffic;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/** The report's failover figures on the seed examples, against the windows protocol-facts §8 predicts. */
class SeedFailoverReportTest {

    private static RunMetrics report(String scenario, Path dir) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(SampleRuns.example(scenario)), RunOptions.quiet());
        return ReportWriter.write(run, dir);
    }

    /** The fault that owns an outage of {@code probe}, i.e. the one the failover figures belong to. */
    private static FaultMetrics owner(RunMetrics m, String probe) {
        return m.faults().stream().filter(f -> f.impacts().stream().anyMatch(i -> i.probe().equals(probe) && i.ownsOutage())).findFirst().orElseThrow();
    }

    private static AddressOwnership address(RunMetrics m, String address) {
        return m.addresses().stream().filter(a -> a.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not among the virtual addresses " + m.addresses()));
    }

    private static void assertWithin(long lowNs, long highNs, Long actualNs, String what) {
        assertTrue(actualNs != null && actualNs >= lowNs && actualNs <= highNs,
                what + ": " + (actualNs == null ? "none" : Time.format(actualNs)) + " not in [" + Time.format(lowNs) + ", " + Time.format(highNs) + "]");
    }

    @Test @DisplayName("seed 001 primary dies (protocol-facts §8.1): detection and failover 15–20 s (+ resource start); the resource address moves vyatta-a → vyatta-c")
    void seed001HeartbeatTakeover(@TempDir Path dir) throws Exception {
        RunMetrics m = report("vyatta-gre-ha/primary-dies.scenario.yml", dir);
        FaultMetrics cut = owner(m, "server");
        assertWithin(Time.s(15), Time.s(20), cut.detectionNs(), "deadtime 20 s after the last heartbeat, heartbeats every 5 s");
        ProbeImpact server = cut.impacts().get(0);
        assertWithin(Time.s(15), Time.s(21), server.failoverNs(), "failover = detection + resource start");
        assertEquals(server.lost() * Time.s(1), server.convergenceNs(), "convergence = lost probes ÷ 1 probe/s");

        // IPaddr2 on vyatta-c, while the cut-off vyatta-a still holds the address until heartbeat stops at 90 s.
        AddressOwnership vip = address(m, "192.168.10.1");
        List<List<String>> holders = vip.timeline().stream().map(RoleOwnership.Segment::owners).toList();
        assertEquals(List.of(List.of(), List.of("vyatta-a"), List.of("vyatta-a", "vyatta-c"), List.of("vyatta-c")), holders, vip.toString());
        RoleOwnership cluster = m.roles().stream().filter(r -> r.machine().startsWith("cluster/")).findFirst().orElseThrow();
        assertEquals(cluster.splitBrainNs(), vip.duplicateNs(), "two ACTIVE nodes hold the resource address at once, for as long");
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("id=\"addresses\"") && html.contains("192.168.10.1"), "ownership table in the HTML report");
    }

    @Test @DisplayName("seed 002 (protocol-facts §8.2 phase B): the VIP 192.168.0.254 leaves main, nobody holds it, then sub does")
    void seed002VipMoves(@TempDir Path dir) throws Exception {
        RunMetrics m = report("ftth-lte/ftth-lte-failover.scenario.yml", dir);
        AddressOwnership vip = address(m, "192.168.0.254");
        List<List<String>> holders = vip.timeline().stream().map(RoleOwnership.Segment::owners).toList();
        assertEquals(List.of(List.of(), List.of("main"), List.of(), List.of("sub")), holders, vip.toString());
        RoleOwnership.Segment gap = vip.timeline().get(2);
        assertWithin(Time.ms(500), Time.ms(2500), gap.durationNs(), "skew(50) + one advert under 1.2.13 (≈1.8 s) without an owner");
        assertEquals(0, vip.duplicateNs());
        assertTrue(m.addresses().stream().noneMatch(a -> a.address().startsWith("203.0.113.")), "main's own ppp0 address is not virtual: " + m.addresses());
    }

    @Test @DisplayName("seed 003 (protocol-facts §8.3): DPD 10 s × 6 moves traffic to tunnel 2, on-prem→cloud outage ≈ 60 s (50–70 s)")
    void seed003DpdFailover(@TempDir Path dir) throws Exception {
        RunMetrics m = report("rtx-ipsec/rtx-ipsec-failover.scenario.yml", dir);
        ProbeImpact i = owner(m, "onprem-to-cloud").impacts().get(0);
        assertWithin(Time.s(50), Time.s(70), i.failoverNs(), "failover");
        assertWithin(Time.s(50), Time.s(70), i.outageNs(), "outage");
        assertTrue(m.info().predictions().stream().anyMatch(p -> p.name().contains("DPD") && p.predictedNs() == Time.s(60) && p.differenceNs() == 0L),
                m.info().predictions().toString());
    }

    @Test @DisplayName("seed 004 (protocol-facts §8.4): the degraded tunnel drops packets (LOSS) only between ipsec-degrade and ipsec-disable, and has a tunnels chart")
    void seed004DegradedTunnelDrops(@TempDir Path dir) throws Exception {
        RunMetrics m = report("multicloud-vpn/multicloud-vpn.scenario.yml", dir);
        long degrade = m.info().faults().stream().filter(f -> f.label().contains("ipsec-degrade")).findFirst().orElseThrow().timeNs();
        long disable = m.info().faults().stream().filter(f -> f.label().contains("ipsec-disable")).findFirst().orElseThrow().timeNs();
        TunnelTraffic t = m.tunnels();
        TunnelTraffic.Series t3 = t.tunnels().stream().filter(s -> s.tunnel().endsWith(":ipsec/t3")).findFirst().orElseThrow(() -> new AssertionError(t.toString()));
        long[] loss = t3.dropsPerBin().get("LOSS");
        long total = 0;
        for (int b = 0; b < loss.length; b++) {
            long binStart = b * t.binNs(), binEnd = binStart + t.binNs();
            if (binEnd <= degrade || binStart >= disable) assertEquals(0, loss[b], "LOSS drops in bin " + b + " outside [degrade, disable]");
            total += loss[b];
        }
        assertTrue(total > 0, "the degraded tunnel dropped packets");
        long traced = m.drops().counts().stream().filter(c -> c.where().equals(t3.tunnel())).mapToLong(c -> c.count()).sum();
        assertEquals(traced, t3.drops(), "the tunnel series and the drops table count the same records");
        assertTrue(Files.isRegularFile(dir.resolve("charts/tunnels.png")) && Files.isRegularFile(dir.resolve("charts/tunnels.svg")));
    }
}
