package org.nettwin.protocols.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.s;
import static org.nettwin.protocols.env.Time.us;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig.InitialState;

/** protocol-facts §2.4: keepalived 1.2.13's differences, each against the 2.x behaviour it replaces. */
class KeepalivedV1BehaviourTest {
    private static final KeepalivedProfile V1 = KeepalivedProfile.V1_2;

    @Test
    @DisplayName("§2.4 `state MASTER` goes straight to GOTO_MASTER: 'Transition' after 1 interval, 'Entering MASTER' 1 interval later")
    void stateMasterGoesToGotoMaster() {
        Bench b = new Bench(V1).start(Bench.config(100, InitialState.MASTER).build());
        b.runSeconds(5);
        assertEquals(0, b.when(VrrpState.GOTO_MASTER, 0));
        assertEquals(s(1), b.whenLog("VRRP_Instance(VI_1) Transition to MASTER STATE"));
        assertEquals(s(2), b.whenLog("VRRP_Instance(VI_1) Entering MASTER STATE"));
        assertEquals(s(2), b.when(VrrpState.MASTER, 0));
        assertTrue(b.host.garpsBetween(0, s(2)).isEmpty(), "no VIP, no GARP in the first phase");
        assertEquals(5, b.host.garpsBetween(s(2), s(2) + 1).size());
        // 1.2.13 sends its advert after the VIPs and GARPs (vrrp_state_master_tx).
        List<String> j = b.host.journal;
        int vip = j.indexOf("vip+ 192.168.0.254/24 on eth0");
        assertEquals("advert 100 192.168.0.1>224.0.0.18", j.get(vip + 6));
    }

    @Test
    @DisplayName("§2.3 1.x log lines: 'VRRP_Instance(VI_1) Entering BACKUP STATE' at start with notify_backup")
    void backupStartLogsOldPrefix() {
        Bench b = new Bench(V1).start(Bench.config(50, InitialState.BACKUP)
                .notifyScripts(new VrrpInstanceConfig.NotifyScripts(List.of(), List.of("/etc/keepalived/backup.sh"), List.of(), List.of(), List.of())).build());
        b.runSeconds(1);
        assertEquals(0, b.whenLog("VRRP_Instance(VI_1) Entering BACKUP STATE"));
        assertEquals(List.of("/etc/keepalived/backup.sh"), b.host.notifies.get(0).argv());
    }

    @Test
    @DisplayName("§2.4 two-phase takeover: MDI expiry sends an advert ('Transition'), the VIPs come one advert interval later (+1 s)")
    void twoPhaseTakeover() {
        long lastMasterAdvert = ms(9_500);
        Bench v1 = new Bench(V1);
        v1.start(Bench.config(50, InitialState.BACKUP).build());
        v1.peerAdverts(ms(500), s(10), s(1), 100);
        v1.runSeconds(20);
        long transition = lastMasterAdvert + us(3_804_687);
        assertEquals(transition, v1.whenLog("VRRP_Instance(VI_1) Transition to MASTER STATE"));
        assertEquals(transition, v1.when(VrrpState.GOTO_MASTER, 0));
        assertEquals(1, v1.advertsBetween(transition, transition + 1).size());
        assertEquals(transition + s(1), v1.when(VrrpState.MASTER, 0));
        assertEquals(transition + s(1), v1.host.garpsBetween(0, s(20)).get(0).time(), "first GARP with the VIPs");

        Bench v2 = new Bench(KeepalivedProfile.V2_2);
        v2.start(Bench.config(50, InitialState.BACKUP).build());
        v2.peerAdverts(ms(500), s(10), s(1), 100);
        v2.runSeconds(20);
        assertEquals(transition, v2.when(VrrpState.MASTER, 0), "2.x takes the VIPs at the timer expiry itself");
    }

    @Test
    @DisplayName("§2.4 FAULT is noticed at the next advert tick; VIPs deleted and notify before priority 0")
    void faultAtNextTick() {
        Bench v1 = faultBench(V1);
        v1.runSeconds(30);
        // Master since 2 s, so its ticks fall on whole seconds; the script turns KO at 23.005 s.
        assertEquals(s(23) + ms(5), v1.whenLog("VRRP_Script(chk) failed"));
        assertEquals(s(24), v1.when(VrrpState.FAULT, 0));
        assertEquals(s(24), v1.whenLog("VRRP_Instance(VI_1) Entering FAULT STATE"));
        assertEquals(s(24), v1.whenLog("VRRP_Instance(VI_1) Now in FAULT state"));
        List<String> j = v1.host.journal;
        int del = j.indexOf("vip- 192.168.0.254/24 on eth0");
        assertEquals(List.of("vip- 192.168.0.254/24 on eth0", "notify /fault.sh", "advert 0 192.168.0.1>224.0.0.18"), j.subList(del, del + 3));

        Bench v2 = faultBench(KeepalivedProfile.V2_2);
        v2.runSeconds(30);
        assertEquals(s(23) + ms(5), v2.when(VrrpState.FAULT, s(1)), "2.x reacts when the script turns KO");
    }

    /** `state MASTER` P100 tracking a fall-3 script that fails from 20.3 s (runs at 21, 22, 23 s fail). */
    private static Bench faultBench(KeepalivedProfile profile) {
        Bench b = new Bench(profile);
        b.script(VrrpScriptConfig.of("chk", "ping -n -s 0 -c 1 -I ppp0 8.8.8.8").withFall(3));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= ms(20_300) ? 1 : 0));
        b.start(Bench.config(100, InitialState.MASTER).trackScript("chk", 0)
                .notifyScripts(new VrrpInstanceConfig.NotifyScripts(List.of(), List.of(), List.of("/fault.sh"), List.of(), List.of())).build());
        return b;
    }

    @Test
    @DisplayName("§2.4 a BACKUP that gets a lower advert with preempt forces an election at once (v1.2.13 vrrp.c:902-908)")
    void backupForcesElection() {
        Bench b = new Bench(V1);
        b.start(Bench.config(150, InitialState.BACKUP).build());
        b.peerAdvert(s(1), 100);
        b.runSeconds(10);
        assertEquals(s(1), b.whenLog("VRRP_Instance(VI_1) forcing a new MASTER election"));
        assertEquals(1, b.advertsBetween(s(1), s(1) + 1).size());
        assertEquals(s(2), b.whenLog("VRRP_Instance(VI_1) Transition to MASTER STATE"));
        assertEquals(s(3), b.when(VrrpState.MASTER, 0));
    }

    @Test
    @DisplayName("§8.2 failback: 1.2.13 leaves FAULT on the first advert after recovery and claims mastership ('prio is higher')")
    void leaveFaultOnAdvert() {
        Bench b = new Bench(V1);
        b.script(VrrpScriptConfig.of("chk", "check"));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(5) && now < s(15) ? 1 : 0));
        b.start(Bench.config(100, InitialState.MASTER).trackScript("chk", 0).build());
        // The peer (MASTER at 50 meanwhile) advertises until our claim at 15.5 s makes it yield.
        b.peerAdverts(ms(8_500), s(16), s(1), 50);
        b.runSeconds(30);
        assertEquals(s(6), b.when(VrrpState.FAULT, 0));
        assertEquals(ms(15_500), b.whenLog("VRRP_Instance(VI_1) prio is higher than received advert"));
        assertEquals(ms(15_500), b.when(VrrpState.GOTO_MASTER, s(6)));
        assertEquals(ms(16_500), b.when(VrrpState.MASTER, s(6)));
    }

    @Test
    @DisplayName("§2.4 weights: 1.2.13 recomputes the priority every advert interval, not when the script changes")
    void priorityTick() {
        Bench b = new Bench(V1);
        b.script(VrrpScriptConfig.of("up", "check").withWeight(60));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(5) ? 0 : 1));
        b.start(Bench.config(100, InitialState.BACKUP).trackScript("up", 60).build());
        b.runUntil(ms(5_500));
        assertEquals(100, b.instance.effectivePriority());
        b.runUntil(ms(6_500));
        assertEquals(160, b.instance.effectivePriority());
    }

    @Test
    @DisplayName("§2.4 stop: 1.2.13 logs 'sending 0 priority', sends it, drops the VIPs and runs notify_stop only")
    void stop() {
        Bench b = new Bench(V1).start(Bench.config(100, InitialState.MASTER).notifyScripts(
                new VrrpInstanceConfig.NotifyScripts(List.of(), List.of(), List.of(), List.of("/stop.sh"), List.of("/bin/notify"))).build());
        b.runSeconds(3.5);
        int at = b.host.journal.size();
        b.instance.stop();
        assertEquals(List.of("advert 0 192.168.0.1>224.0.0.18", "vip- 192.168.0.254/24 on eth0", "notify /stop.sh"),
                b.host.journal.subList(at, b.host.journal.size()));
        assertEquals(ms(3_500), b.whenLog("VRRP_Instance(VI_1) sending 0 priority"));
    }
}
