package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.run.RunResult;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/** The invariants on hand-made traces of the keepalived-lan network (40 s runs, recovery bound 10 s). */
class InvariantCheckerTest {
    private static final long END = 40 * Time.S;
    private static final InvariantChecker CHECKER = new InvariantChecker(ChaosOptions.defaults(1, 1).withRecoveryBound(10 * Time.S));
    private static ScenarioSpec base;

    @BeforeAll
    static void load() throws Exception {
        base = ScenarioLoader.load(ChaosTest.resource("chaos/split-brain/split-brain.scenario.yml"));
    }

    private final List<TraceRecord> trace = new ArrayList<>();

    private static long s(double seconds) { return Time.seconds(seconds); }

    private void state(double at, String node, String machine, String from, String to) {
        trace.add(new TraceRecord(s(at), node, new TraceEvent.StateChanged(machine, from, to)));
    }

    /** keepalived starts at 0 on both routers (as at boot), r1 MASTER at 3.4 s. */
    private void boot() {
        state(0, "r1", "process/keepalived", "STOPPED", "RUNNING");
        state(0, "r2", "process/keepalived", "STOPPED", "RUNNING");
        state(0, "r1", "vrrp/VI_1", "INIT", "BACKUP");
        state(0, "r2", "vrrp/VI_1", "INIT", "BACKUP");
        state(3.4, "r1", "vrrp/VI_1", "BACKUP", "MASTER");
    }

    private List<Violation> check(ScheduledFault... faults) {
        ScenarioSpec spec = ChaosScenario.build(base, "synthetic", 1, END, List.of(faults));
        trace.sort(java.util.Comparator.comparingLong(TraceRecord::time));
        return CHECKER.check(new ScenarioRunner.CompletedRun(spec, 1, new RunResult("synthetic", END, true, List.of()), trace, Map.of(), Map.of(), null));
    }

    private static ScheduledFault fault(Fault f, double at, double duration) {
        return new ScheduledFault(f, s(at), s(duration));
    }

    @Test
    @DisplayName("two running masters for 5 s with no fault: split brain from the moment the second appears")
    void splitBrainWithoutFault() {
        boot();
        state(20, "r2", "vrrp/VI_1", "BACKUP", "MASTER");
        state(25, "r2", "vrrp/VI_1", "MASTER", "BACKUP");
        assertEquals(List.of(Invariant.SPLIT_BRAIN), invariants(check()));
        assertEquals(s(20), check().get(0).atNs());
    }

    @Test
    @DisplayName("two masters during a cut and up to the recovery bound after it are expected; beyond the bound they are not")
    void partitionExcusesSplitBrainUntilTheBound() {
        boot();
        state(20, "r2", "vrrp/VI_1", "BACKUP", "MASTER");
        state(25, "r2", "vrrp/VI_1", "MASTER", "BACKUP");
        assertEquals(List.of(), check(fault(new Fault.Cut("r2-lan", null), 18, 4)), "ended 3 s after the heal at 22 s");

        trace.clear();
        boot();
        state(20, "r2", "vrrp/VI_1", "BACKUP", "MASTER");
        List<Violation> v = check(fault(new Fault.Cut("r2-lan", null), 18, 4));
        assertEquals(List.of(Invariant.SPLIT_BRAIN), invariants(v));
        assertEquals(s(32), v.get(0).atNs(), "heal at 22 s + recovery bound 10 s");
    }

    @Test
    @DisplayName("a hand-over where both are MASTER for under a second (one advert's trip) is no split brain")
    void briefOverlapIsAHandOver() {
        boot();
        state(20, "r2", "vrrp/VI_1", "BACKUP", "MASTER");
        state(20.5, "r1", "vrrp/VI_1", "MASTER", "BACKUP");
        assertEquals(List.of(), check());
    }

    @Test
    @DisplayName("a killed keepalived is no master, and its old state does not count after a restart until it traces a new one")
    void killedKeepalivedIsNoMaster() {
        boot();
        state(10, "r1", "process/keepalived", "RUNNING", "KILLED");
        state(13, "r2", "vrrp/VI_1", "BACKUP", "MASTER");
        state(20, "r1", "process/keepalived", "STOPPED", "RUNNING");
        assertEquals(List.of(), check(fault(new Fault.KeepalivedDown("r1", true), 10, 10)));
        state(24, "r1", "vrrp/VI_1", "BACKUP", "MASTER");
        List<Violation> v = check(fault(new Fault.KeepalivedDown("r1", true), 10, 10));
        assertEquals(List.of(Invariant.SPLIT_BRAIN), invariants(v), "r2 never steps down after r1 preempts");
        assertEquals(s(24), v.get(0).atNs());
    }

    @Test
    @DisplayName("a packet dropped for TTL exceeded means a forwarding loop")
    void ttlExceededIsALoop() {
        boot();
        trace.add(new TraceRecord(s(12), "isp", new TraceEvent.Dropped("isp:ip", DropReason.TTL_EXCEEDED, 84, "")));
        trace.add(new TraceRecord(s(13), "r1", new TraceEvent.Dropped("r1:ip", DropReason.NO_ROUTE, 84, "")));
        List<Violation> v = check();
        assertEquals(List.of(Invariant.FORWARDING_LOOP), invariants(v));
        assertEquals(s(12), v.get(0).atNs());
    }

    @Test
    @DisplayName("an interface that went down and stays down to the end is reported; one that came back or started down is not")
    void interfaceLeftDown() {
        boot();
        state(12, "r1", "if/eth1", "UP", "DOWN");
        state(12, "r2", "if/eth0/carrier", "UP", "DOWN");
        state(15, "r2", "if/eth0/carrier", "DOWN", "UP");
        state(16, "h", "if/eth1", "DOWN", "UP");
        state(17, "h", "if/eth1", "UP", "DOWN");
        List<Violation> v = check();
        assertEquals(List.of(Invariant.INTERFACE_DOWN), invariants(v));
        assertEquals("still down at the end: r1 eth1 (since 12.000000000s)", v.get(0).detail());
    }

    @Test
    @DisplayName("a request sent after last clear + bound without a reply breaks reachability; one sent before the bound does not")
    void reachabilityAfterTheBound() {
        boot();
        long timeout = ((PingSpec) base.probes().get(0)).timeoutNs();
        ScheduledFault cut = fault(new Fault.Cut("h-lan", null), 10, 10); // cleared at 20 s: checked from 30 s
        trace.add(new TraceRecord(s(29.5) + timeout, "h", new TraceEvent.ProbeResult("h-server", 1, ProbeOutcome.TIMEOUT, -1, null, "")));
        trace.add(new TraceRecord(s(30.5), "h", new TraceEvent.ProbeResult("h-server", 2, ProbeOutcome.REPLY, s(0.01), Ip4.parse("10.9.9.9"), "")));
        assertEquals(List.of(), check(cut), "the timeout was sent at 29.5 s, before the bound");
        trace.add(new TraceRecord(s(31) + timeout, "h", new TraceEvent.ProbeResult("h-server", 3, ProbeOutcome.TIMEOUT, -1, null, "")));
        // A late reply still counts as an answer.
        trace.add(new TraceRecord(s(32) + timeout, "h", new TraceEvent.ProbeResult("h-server", 4, ProbeOutcome.TIMEOUT, -1, null, "")));
        trace.add(new TraceRecord(s(32) + timeout + 1, "h", new TraceEvent.ProbeResult("h-server", 4, ProbeOutcome.REPLY, timeout + 1, Ip4.parse("10.9.9.9"), "late")));
        List<Violation> v = check(cut);
        assertEquals(List.of(Invariant.REACHABILITY), invariants(v));
        assertEquals(s(31), v.get(0).atNs());
        assertEquals(true, v.get(0).detail().startsWith("1 of 3 requests"), v.get(0).detail());
    }

    private static List<Invariant> invariants(List<Violation> v) {
        return v.stream().map(Violation::invariant).toList();
    }
}
