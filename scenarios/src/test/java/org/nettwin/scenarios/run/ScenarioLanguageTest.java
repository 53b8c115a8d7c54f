package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.app.UdpFlowPayload;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.vrrp.VrrpTiming;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.scenarios.spec.UdpSpec;

/**
 * The scenario language's faults, UDP flows and state expectations, run on keepalived-lan with regions
 * (test resource lang/lang.topo.yml: r1 priority 150 in dc1, r2 priority 100 in dc2, h behind the VIP).
 * Expected instants come from the topology's link delays and keepalived's timer arithmetic (protocol-facts §1.4).
 */
class ScenarioLanguageTest {
    private static final long CRASH = Time.s(10);
    /** r2's Master_Down_Interval: 3 × 1 s + Skew_Time(100) (protocol-facts §1.4 table). */
    private static final long MDI_R2 = VrrpTiming.toNanos(VrrpTiming.masterDownMicros(2, 100, 1_000_000, VrrpTiming.DOWN_TIMER_ADVERTS));

    @TempDir Path dir;

    private ScenarioSpec spec(String body) throws Exception {
        for (String f : new String[] {"lang.topo.yml", "r1.conf", "r2.conf"}) {
            if (!Files.exists(dir.resolve(f))) Files.copy(Path.of("src/test/resources/lang", f), dir.resolve(f));
        }
        return ScenarioLoader.load(Files.writeString(dir.resolve("s.scenario.yml"), "topology: lang.topo.yml\nseed: 7\n" + body, StandardCharsets.UTF_8));
    }

    private ScenarioRunner.CompletedRun run(String body) throws Exception {
        return ScenarioRunner.execute(spec(body), RunOptions.quiet());
    }

    private static List<TraceRecord> where(ScenarioRunner.CompletedRun run, Predicate<TraceRecord> p) {
        return run.trace().stream().filter(p).toList();
    }

    private static List<Long> stateTimes(ScenarioRunner.CompletedRun run, String node, String machine, String to) {
        return where(run, r -> r.node().equals(node) && r.event() instanceof TraceEvent.StateChanged s
                && s.machine().equals(machine) && s.to().equals(to)).stream().map(TraceRecord::time).toList();
    }

    private static List<String> failuresAt(ScenarioRunner.CompletedRun run, int line) {
        return run.result().failures().stream().filter(f -> f.contains("s.scenario.yml:" + line + ": ")).toList();
    }

    private static final String CRASH_AND_REBOOT = """
            duration: 40s
            capture: [h-lan]
            probes:
              - udp: { name: u, from: h, to: 10.9.9.9, rate: 50, start: 5s }
            events:
              - { at: 10s, crash: r1 }
              - { at: 20s, reboot: r1 }
            expect:
              - vrrp-state: { node: r2, instance: VI_1, state: MASTER, at: 15s }
              - vrrp-state: { node: r1, instance: VI_1, state: MASTER, at: 30s }
              - vrrp-state: { node: r1, instance: VI_1, state: MASTER, at: 15s }
              - single-master: { after: 0s }
              - reachable: { from: h, to: 10.9.9.9, at: 10100ms }
              - reachable: { from: h, to: 10.9.9.9, after: 25s }
              - { probe: u, outage-at-most: 3630ms }   # at most MDI(100) 3.609 s + one datagram interval
            """;

    @Test
    @DisplayName("crash: r1 falls silent at once, r2 takes over (MDI-1, MDI] later (protocol-facts §1.4); reboot: r1 boots "
            + "from its topology, keepalived starts afresh and preempts; the expectations judge it line by line")
    void crashAndReboot(@TempDir Path pcaps) throws Exception {
        ScenarioSpec spec = spec(CRASH_AND_REBOOT);
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, new RunOptions(null, pcaps, null, 1, true, null));

        assertTrue(where(run, r -> r.time() > CRASH && r.time() < Time.s(20) && r.event() instanceof TraceEvent.FrameSent f
                && f.from().startsWith("r1")).isEmpty(), "a crashed node sends nothing");
        assertTrue(where(run, r -> r.time() > CRASH && r.time() < Time.s(20) && r.node().equals("r1")
                && !(r.event() instanceof TraceEvent.FrameDelivered)).isEmpty(), "and does nothing: no timer, no process, no log");
        List<Long> r2Master = stateTimes(run, "r2", "vrrp/VI_1", "MASTER");
        assertEquals(1, r2Master.size(), r2Master.toString());
        long takeover = r2Master.get(0);
        long lanDelay = 2 * Time.MS; // r1-lan + r2-lan: an advert crosses the switch
        assertTrue(takeover > CRASH + MDI_R2 - Time.S && takeover <= CRASH + MDI_R2 + lanDelay, "takeover at " + Time.format(takeover));

        assertEquals(List.of(0L, Time.s(20)), stateTimes(run, "r1", "process/keepalived", "RUNNING"), "keepalived starts at boot and at reboot");
        assertEquals(List.of(CRASH), stateTimes(run, "r1", "node", "CRASHED"));
        assertEquals(List.of(Time.s(20)), stateTimes(run, "r1", "node", "UP"));
        assertEquals(2, stateTimes(run, "r1", "vrrp/VI_1", "MASTER").size(), "master before the crash and again after the reboot");

        assertEquals(List.of(), failuresAt(run, 11), "r2 MASTER at 15 s");
        assertEquals(List.of(), failuresAt(run, 12), "r1 MASTER at 30 s");
        assertEquals(List.of("vrrp VI_1 on r1 was no state (keepalived not running) at 15.000000000s, expected MASTER"),
                failuresAt(run, 13).stream().map(f -> f.substring(f.indexOf(": ") + 2)).toList());
        assertEquals(List.of(), failuresAt(run, 14), "a crashed master is no master: one master throughout");
        assertEquals(1, failuresAt(run, 15).size(), "100 ms after the crash nobody holds the VIP: " + run.result().failures());
        assertEquals(List.of(), failuresAt(run, 16), "reachable every second from 25 s");
        assertEquals(List.of(), failuresAt(run, 17), "the flow's outage is the takeover time");
        assertEquals(2, run.result().failures().size(), "lines 13 and 15 only: " + run.result().failures());

        // The flow lost exactly the datagrams h sent between the crash and r2's gratuitous ARP reaching h.
        long garpAtH = where(run, r -> r.node().equals("h") && r.event() instanceof TraceEvent.Log l && l.text().startsWith("neigh 192.168.1.254"))
                .get(0).time();
        UdpSpec u = (UdpSpec) spec.probe("u").orElseThrow();
        List<Integer> expectedLost = new java.util.ArrayList<>();
        for (int seq = 0; seq < u.count(); seq++) {
            long sent = u.startNs() + seq * u.intervalNs();
            if (sent >= CRASH && sent < garpAtH) expectedLost.add(seq);
        }
        assertEquals(expectedLost, run.probes().get("u").lostSeqs());

        // One-way delay is the sum of the path's link delays: h-lan, r1-lan (the switch), r1-uplink, isp-server.
        long path = List.of("h-lan", "r1-lan", "r1-uplink", "isp-server").stream().mapToLong(l -> spec.topology().link(l).orElseThrow().aToB().delayNs()).sum();
        Map<Long, Integer> delays = new TreeMap<>();
        for (TraceRecord r : run.trace()) {
            if (r.event() instanceof TraceEvent.ProbeResult p && p.probe().equals("u") && p.outcome() == ProbeOutcome.REPLY) delays.merge(p.rttNs(), 1, Integer::sum);
        }
        long modal = delays.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertEquals(path, modal, "one-way delays: " + delays);

        // Every datagram leaves h from one source port (ECMP keeps the flow on one path), numbered 0, 1, 2, ...
        List<UdpDatagram> sent = LinkCapture.read(pcaps, "h-lan").stream().filter(f -> f.src().equals(Network.derivedMac("h", "eth0")))
                .flatMap(f -> f.ip().stream()).filter(ip -> ip.protocol() == IpProto.UDP)
                .map(ip -> UdpDatagram.decode(ip.payload(), 0, ip.payload().length, ip.src(), ip.dst())).toList();
        assertEquals(u.count(), sent.size());
        assertEquals(List.of(u.sourcePort()), sent.stream().map(UdpDatagram::srcPort).distinct().toList());
        assertEquals(List.of(UdpSpec.DEFAULT_PORT), sent.stream().map(UdpDatagram::dstPort).distinct().toList());
        for (int i = 0; i < sent.size(); i++) assertEquals(i, UdpFlowPayload.decode(sent.get(i).payload()).seq());
    }

    @Test
    @DisplayName("region-outage crashes every node of the region and region-restore reboots them: the same run as crash/reboot of r1")
    void regionOutageIsACrashOfItsNodes() throws Exception {
        String byNode = "duration: 30s\nevents:\n  - { at: 10s, crash: r1 }\n  - { at: 20s, reboot: r1 }\n";
        String byRegion = "duration: 30s\nevents:\n  - { at: 10s, region-outage: dc1 }\n  - { at: 20s, region-restore: dc1 }\n";
        ScenarioRunner.CompletedRun a = run(byNode);
        ScenarioRunner.CompletedRun b = run(byRegion);
        Predicate<TraceRecord> notFault = r -> !(r.event() instanceof TraceEvent.FaultApplied);
        assertEquals(a.trace().stream().filter(notFault).map(TraceRecord::line).toList(), b.trace().stream().filter(notFault).map(TraceRecord::line).toList());
        assertEquals(List.of("region-outage dc1 r1", "region-restore dc1 r1"), b.trace().stream()
                .filter(r -> r.event() instanceof TraceEvent.FaultApplied).map(r -> ((TraceEvent.FaultApplied) r.event()))
                .map(f -> f.action() + " " + f.target()).toList());
    }

    @Test
    @DisplayName("partition [[r1], [r2]]: the switch goes with r1, r2's port is cut, both become MASTER until heal-partition; "
            + "single-master fails over that span and holds after it")
    void partitionMakesASplitBrainThatSingleMasterCatches() throws Exception {
        ScenarioSpec spec = spec("""
                duration: 30s
                events:
                  - { at: 10s, partition: [[r1], [r2]] }
                  - { at: 20s, heal-partition: all }
                expect:
                  - single-master: { after: 0s }
                  - single-master: { instance: VI_1, after: 21s }
                """);
        assertEquals(new ScenarioAction.Partition(List.of(List.of("r1"), List.of("r2")), List.of("r2-lan")), spec.events().get(0).action());
        assertEquals(new ScenarioAction.HealPartition(List.of("r2-lan")), spec.events().get(1).action());
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(spec, RunOptions.quiet());
        long r2Master = stateTimes(run, "r2", "vrrp/VI_1", "MASTER").get(0);
        long r2Backup = stateTimes(run, "r2", "vrrp/VI_1", "BACKUP").stream().filter(t -> t > r2Master).findFirst().orElseThrow();
        assertTrue(r2Master > CRASH + MDI_R2 - Time.S && r2Master <= CRASH + MDI_R2 + Time.MS, Time.format(r2Master));
        assertTrue(r2Backup > Time.s(20) && r2Backup <= Time.s(21), "r1's first advert after the heal sends r2 back: " + Time.format(r2Backup));
        assertEquals(List.of("vrrp VI_1 had 2 masters (r1, r2) from " + Time.format(r2Master) + " to " + Time.format(r2Backup)
                + ", expected one at most from 0.000000000s"), failuresAt(run, 8).stream().map(f -> f.substring(f.indexOf(": ") + 2)).toList());
        assertEquals(List.of(), failuresAt(run, 9));
    }

    @Test
    @DisplayName("flap, mode down: ip link set down/up every period for `down`, while a whole failure fits in the duration; carrier follows")
    void flapDown() throws Exception {
        ScenarioRunner.CompletedRun run = run("duration: 20s\nevents:\n  - { at: 10s, flap: r1-uplink, period: 2s, down: 500ms, duration: 5s }\n");
        List<String> faults = run.trace().stream().filter(r -> r.event() instanceof TraceEvent.FaultApplied)
                .map(r -> Time.format(r.time()) + " " + ((TraceEvent.FaultApplied) r.event()).action()).toList();
        assertEquals(List.of("10.000000000s flap-down", "10.500000000s flap-up", "12.000000000s flap-down", "12.500000000s flap-up",
                "14.000000000s flap-down", "14.500000000s flap-up"), faults);
        assertEquals(List.of(Time.s(10), Time.s(12), Time.s(14)), stateTimes(run, "r1", "if/eth1/carrier", "DOWN"));
        assertEquals(List.of(Time.ms(10_500), Time.ms(12_500), Time.ms(14_500)), stateTimes(run, "r1", "if/eth1/carrier", "UP"));
    }

    @Test
    @DisplayName("flap, mode cut: a silent cut both ways, carrier never changes")
    void flapCut() throws Exception {
        ScenarioRunner.CompletedRun run = run("duration: 20s\nevents:\n  - { at: 10s, flap: r1-uplink, period: 1s, duration: 2s, mode: cut }\n");
        assertEquals(List.of("flap-cut", "flap-heal", "flap-cut", "flap-heal"), run.trace().stream()
                .filter(r -> r.event() instanceof TraceEvent.FaultApplied).map(r -> ((TraceEvent.FaultApplied) r.event()).action()).toList());
        assertEquals(List.of(), stateTimes(run, "r1", "if/eth1/carrier", "DOWN"));
    }

    @Test
    @DisplayName("a command on a crashed node is not run, and says so")
    void commandOnACrashedNode() throws Exception {
        ScenarioRunner.CompletedRun run = run("duration: 5s\nevents:\n  - { at: 1s, crash: r2 }\n  - { at: 2s, run: \"systemctl stop keepalived\", on: r2 }\n");
        assertEquals(List.of("`systemctl stop keepalived` not run: r2 is down"), run.trace().stream()
                .filter(r -> r.event() instanceof TraceEvent.Diagnostic).map(r -> ((TraceEvent.Diagnostic) r.event()).text()).toList());
    }

    @Test
    @DisplayName("the documented example (docs/scenario-format.md, lang/lan-faults.scenario.yml) runs and meets its expectations")
    void documentedExampleHoldsItsExpectations() throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Path.of("src/test/resources/lang/lan-faults.scenario.yml")),
                RunOptions.quiet());
        assertEquals(List.of(), run.result().failures());
        ProbeTally voice = run.probes().get("voice");
        System.out.println("lan-faults: voice lost " + voice.lost() + " longest run " + voice.longestLossRun() + "; web lost " + run.probes().get("web").lost());
    }
}
