package org.nettwin.protocols.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.s;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.TraceEvent;

/** vrrp_script scheduling and keepalived's rise/fall counter (protocol-facts §2.1). */
class VrrpScriptTest {

    private static final class Rig {
        final TestClock clock = new TestClock(3);
        final FakeVrrpHost host = new FakeVrrpHost(clock, "r1");
        final VrrpScript script;
        final List<VrrpScript.Status> seen = new ArrayList<>();

        Rig(KeepalivedProfile profile, VrrpScriptConfig cfg) {
            script = new VrrpScript(cfg, profile, host.env(), host);
            script.addListener(s -> seen.add(s.status()));
        }

        List<String> logs() {
            return clock.traces().stream().filter(r -> r.event() instanceof TraceEvent.Log).map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        }
    }

    @Test
    @DisplayName("§2.1 property: OK after exactly `rise` consecutive successes, KO after exactly `fall` consecutive failures, first result decides")
    void counterMatchesConsecutiveModel() {
        long seed = 0x2_1_5c21L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            int rise = rnd.nextInt(1, 5);
            int fall = rnd.nextInt(1, 5);
            boolean[] outcomes = new boolean[40];
            for (int i = 0; i < outcomes.length; i++) outcomes[i] = rnd.nextInt(3) > 0;
            Rig rig = new Rig(KeepalivedProfile.V2_2, VrrpScriptConfig.of("chk", "check").withRise(rise).withFall(fall));
            rig.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), outcomes[(int) (now / s(1))] ? 0 : 1));
            rig.script.start();
            // The model: the first result sets the state; then only a run of `rise` successes or `fall` failures flips it.
            Boolean ok = null;
            int streak = 0;
            for (int i = 0; i < outcomes.length; i++) {
                rig.clock.runUntil(s(i) + ms(500));
                boolean success = outcomes[i];
                if (ok == null) {
                    ok = success;
                    streak = 0;
                } else if (success != ok) {
                    streak++;
                    if (streak == (ok ? fall : rise)) {
                        ok = !ok;
                        streak = 0;
                    }
                } else {
                    streak = 0;
                }
                String msg = "seed=" + seed + " round=" + round + " rise=" + rise + " fall=" + fall + " run=" + i;
                assertEquals(ok ? VrrpScript.Status.OK : VrrpScript.Status.KO, rig.script.status(), msg);
            }
        }
    }

    @Test
    @DisplayName("§2.1 fall 3 from steady OK: exactly three failures, then 'VRRP_Script(x) failed (exited with status 1)'; one success back")
    void fallThreeRiseOne() {
        Rig rig = new Rig(KeepalivedProfile.V2_2, VrrpScriptConfig.of("check_ftth", "ping").withFall(3));
        rig.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(10) && now < s(20) ? 1 : 0));
        assertEquals(VrrpScript.Status.INIT, rig.script.status());
        rig.script.start();
        rig.clock.runUntil(s(11) + ms(500));
        assertEquals(VrrpScript.Status.OK, rig.script.status(), "two failures are not enough");
        rig.clock.runUntil(s(12) + ms(10));
        assertEquals(VrrpScript.Status.KO, rig.script.status());
        assertEquals(s(12) + ms(5), rig.clock.first(0, TestClock.log("r1", "VRRP_Script(check_ftth) failed (exited with status 1)")).time());
        assertEquals(s(10) + ms(5), rig.clock.first(0, TestClock.log("r1", "Script `check_ftth` now returning 1")).time());
        rig.clock.runUntil(s(21));
        assertEquals(VrrpScript.Status.OK, rig.script.status());
        assertEquals(List.of(VrrpScript.Status.OK, VrrpScript.Status.KO, VrrpScript.Status.OK), rig.seen);
    }

    @Test
    @DisplayName("§2.1 2.x skips a run while the previous one is still running (vrrp_scheduler.c:1187-1196); 1.2.13 does not")
    void skipWhileRunning() {
        VrrpScriptConfig slow = VrrpScriptConfig.of("slow", "sleep").withTimeout(10 * VrrpTiming.TIMER_HZ);
        Rig v2 = new Rig(KeepalivedProfile.V2_2, slow);
        v2.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(2_500), 0));
        v2.script.start();
        v2.clock.runUntil(s(6) + ms(100));
        assertEquals(List.of(0L, s(3), s(6)), v2.host.checks.stream().map(FakeVrrpHost.Check::time).toList());
        assertEquals(4, v2.logs().stream().filter(l -> l.equals("Track script slow is already running, expect idle - skipping run")).count());

        Rig v1 = new Rig(KeepalivedProfile.V1_2, slow);
        v1.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(2_500), 0));
        v1.script.start();
        v1.clock.runUntil(s(6) + ms(100));
        assertEquals(7, v1.host.checks.size());
    }

    @Test
    @DisplayName("§2.1 timeout defaults to the interval; a run still going then counts as a failure ('timed_out')")
    void timeout() {
        Rig rig = new Rig(KeepalivedProfile.V2_2, VrrpScriptConfig.of("hang", "hang").withInterval(2 * VrrpTiming.TIMER_HZ));
        rig.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(s(60), 0));
        rig.script.start();
        rig.clock.runUntil(s(3));
        assertEquals(s(2), rig.host.checks.get(0).timeoutNs());
        assertEquals(s(2), rig.clock.first(0, TestClock.log("r1", "VRRP_Script(hang) timed_out")).time());
        assertEquals(VrrpScript.Status.KO, rig.script.status());
    }

    @Test
    @DisplayName("§2.1 1.2.13 starts at rise-1, which already reads as failed; it does not log the first failure")
    void legacyInit() {
        Rig rig = new Rig(KeepalivedProfile.V1_2, VrrpScriptConfig.of("chk", "check").withRise(2));
        assertEquals(VrrpScript.Status.KO, rig.script.status());
        rig.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now < s(1) ? 1 : 0));
        rig.script.start();
        rig.clock.runUntil(s(2) + ms(10));
        assertEquals(List.of("VRRP_Script(chk) succeeded"), rig.logs());
        assertEquals(s(2) + ms(5), rig.clock.first(0, TestClock.log("r1", "VRRP_Script(chk) succeeded")).time());
    }

    @Test
    @DisplayName("stop: no more runs, a result still outstanding is ignored")
    void stopIgnoresLateResults() {
        Rig rig = new Rig(KeepalivedProfile.V2_2, VrrpScriptConfig.of("chk", "check"));
        rig.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(500), 1));
        rig.script.start();
        rig.clock.runUntil(ms(100));
        rig.script.stop();
        rig.clock.runUntil(s(5));
        assertEquals(1, rig.host.checks.size());
        assertEquals(VrrpScript.Status.INIT, rig.script.status());
    }
}
