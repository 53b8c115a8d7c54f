package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.scenarios.run.VrrpRun.KEEPALIVED;
import static org.nettwin.scenarios.run.VrrpRun.PROCESS;
import static org.nettwin.scenarios.run.VrrpRun.VRRP;
import static org.nettwin.scenarios.run.VrrpRun.assertAt;
import static org.nettwin.scenarios.run.VrrpRun.firstFrom;
import static org.nettwin.scenarios.run.VrrpRun.formatted;
import static org.nettwin.scenarios.run.VrrpRun.only;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;
import org.nettwin.protocols.vrrp.VrrpTiming;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * keepalived in the running simulator (issue 3's "done means"): the scenarios of examples/keepalived-lan and
 * seed 000's demo, each instant derived from the scenario's link delays, fork+exec latency and keepalived.conf
 * through keepalived's own timer arithmetic ({@link VrrpRun}).
 */
class KeepalivedScenarioTest {
    private static final String LAN = "keepalived-lan/";
    private static final String ENTERING_MASTER = "(VI_1) Entering MASTER STATE";

    // ------------------------------------------------------------------ keepalived-lan

    @Test
    @DisplayName("clean stop: r1 sends priority 0 and drops the VIP, r2 is MASTER Skew_Time(100) = 0.609375 s after that advert "
            + "arrives and sends 5 + 5 GARPs; h loses no ping (protocol-facts §2 Stop, §8.0 item 2)")
    void cleanStop(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-clean-stop.scenario.yml", pcaps);
        // `systemctl stop` is a program: SIGTERM lands one fork+exec after the scenario runs it.
        long stopped = run.eventAt(0) + run.execLatency("r1");
        assertAt(stopped, only(run.transitions("r1", PROCESS, "RUNNING", "STOPPED"), "r1's keepalived stops"), "keepalived stops");
        assertEquals(formatted(List.of(stopped)), formatted(advertTimes(run, "r1-lan", "r1", 0)), "one priority-0 advert, at the stop");
        assertEquals(List.of(stopped), run.vipRemoved("r1"), "r1 deletes the VIP");

        long skew = run.skew("r2", run.priority("r2"));
        assertEquals(Time.us(609_375), skew, "protocol-facts §1.4 table: Skew_Time(100) = 0.609375 s");
        long master = stopped + run.acrossSwitch("r1", "r2") + skew;
        assertAt(master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER");
        assertEquals(List.of(master), run.logs("r2", KEEPALIVED, ENTERING_MASTER));
        assertEquals(List.of(master), run.vipAdded("r2"), "the VIP moves to r2");

        VrrpInstanceConfig.Garp garp = run.instance("r2").garp();
        List<Long> expectedGarps = new ArrayList<>(Collections.nCopies(garp.masterRepeat(), master));
        expectedGarps.addAll(Collections.nCopies(garp.masterRepeat(), master + VrrpTiming.toNanos(garp.masterDelayMicros())));
        assertEquals(formatted(expectedGarps), formatted(garpTimes(run, "r2-lan", "r2")), "§2 Becoming MASTER: 5 GARPs, 5 more after 5 s");

        // h's ARP entry follows r2's GARP. Until then h sends to r1's MAC and r1's kernel still forwards
        // (only keepalived stopped), so no probe is lost: the low end of §8.0's 0-1.
        long hLearns = master + run.acrossSwitch("r2", "h");
        assertEquals(List.of(hLearns), run.neighbourChanged("h", vipIp(run, "r1"), "eth0", run.vrrpMac("r1"), run.vrrpMac("r2")));
        assertRepliedAll(run, stopped, hLearns + Time.S);
    }

    @Test
    @DisplayName("silent death (r1's LAN port cut both ways): r2 is MASTER one MDI(100) = 3.609375 s after r1's last advert "
            + "arrived; h loses exactly the probes sent until r2's GARP reaches it (protocol-facts §1.4, §8.0 item 3)")
    void silentDeath(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-silent-death.scenario.yml", pcaps);
        long cut = run.eventAt(0);
        List<Long> reachedR2 = advertTimes(run, "r2-lan", "r1", run.priority("r1"));
        long lastArrival = reachedR2.get(reachedR2.size() - 1) + run.delay("r2-lan");
        long lastSent = lastArrival - run.acrossSwitch("r1", "r2");
        long interval = run.advertInterval("r1");
        assertTrue(lastSent < cut && lastSent + interval >= cut, "the last advert through is the one before the cut: " + Time.format(lastSent));

        long mdi = run.masterDown("r2", run.priority("r2"));
        assertEquals(Time.us(3_609_375), mdi, "protocol-facts §1.4 table: MDI(100) = 3.609375 s");
        long master = lastArrival + mdi;
        assertAt(master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER");
        assertTrue(master - cut > mdi - interval && master - cut <= mdi + run.acrossSwitch("r1", "r2"),
                "§1.4: a silent death is followed by takeover after (MDI-1, MDI] s (plus the LAN delay)");
        // r1 hears nothing either and stays MASTER with the VIP: both own it, as §8.0 item 3 warns for a partial cut.
        assertEquals(List.of(), run.transitions("r1", VRRP, "MASTER", "BACKUP"));
        assertEquals(List.of(), run.vipRemoved("r1"));

        long hLearns = master + run.acrossSwitch("r2", "h");
        assertEquals(List.of(hLearns), run.neighbourChanged("h", vipIp(run, "r1"), "eth0", run.vrrpMac("r1"), run.vrrpMac("r2")));
        assertEquals(run.seqsSentIn(cut, hLearns), run.tally().lostSeqs(), "lost: sent into the cut until h follows r2's GARP");
    }

    @Test
    @DisplayName("preempt: restarted r1 is BACKUP first, discards r2's lower adverts and takes over its own MDI(150) later; "
            + "r2 logs the higher priority and goes BACKUP (protocol-facts §2 state MASTER with priority != 255, §8.0 item 4)")
    void preempt(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-preempt.scenario.yml", pcaps);
        long stopped = run.eventAt(0) + run.execLatency("r1");
        long r2Master = stopped + run.acrossSwitch("r1", "r2") + run.skew("r2", run.priority("r2"));
        assertAt(r2Master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER");

        long started = run.eventAt(1) + run.execLatency("r1");
        assertAt(started, firstFrom(run.transitions("r1", PROCESS, "STOPPED", "RUNNING"), run.eventAt(1), "restart"), "keepalived starts");
        // The weight-0 chk_up holds a fresh instance in FAULT until its first result (2.x script init); its
        // first run starts with keepalived: one fork+exec, then one ping round trip over the uplink.
        long backup = started + run.execLatency("r1") + uplinkRtt(run);
        assertAt(backup, firstFrom(run.transitions("r1", VRRP, "FAULT", "BACKUP"), started, "r1 BACKUP"), "r1 is BACKUP first");

        long mdi = run.masterDown("r1", run.priority("r1"));
        assertEquals(Time.us(3_414_062), mdi, "protocol-facts §1.4: MDI(150) = 3.4140625 s, in keepalived's whole µs");
        long r1Master = backup + mdi;
        assertAt(r1Master, firstFrom(run.transitions("r1", VRRP, "BACKUP", "MASTER"), started, "r1 preempts"), "r1 MASTER");
        // §2 "BACKUP gets a lower advert": each of r2's adverts in between is discarded and the timer runs on.
        List<Long> r2Adverts = advertTimes(run, "r1-lan", "r2", run.priority("r2")).stream()
                .map(t -> t + run.delay("r1-lan")).filter(t -> t > backup && t < r1Master).toList();
        assertFalse(r2Adverts.isEmpty(), "r2 advertised while r1 waited");
        assertEquals(formatted(r2Adverts), formatted(run.logs("r1", KEEPALIVED,
                "(VI_1) received lower priority (" + run.priority("r2") + ") advert from " + address(run, "r2") + " - discarding")));

        long r2Hears = r1Master + run.acrossSwitch("r1", "r2");
        assertEquals(List.of(r2Hears), run.logs("r2", KEEPALIVED, "(VI_1) Master received advert from " + address(run, "r1")
                + " with higher priority " + run.priority("r1") + ", ours " + run.priority("r2")));
        assertAt(r2Hears, only(run.transitions("r2", VRRP, "MASTER", "BACKUP"), "r2 steps down"), "r2 BACKUP");
        assertEquals(List.of(r2Hears), run.vipRemoved("r2"));
        assertRepliedAll(run, stopped, run.spec.durationNs() - Time.S);
    }

    @Test
    @DisplayName("kill -9: r1 sends nothing more and keeps the VIP; r2 takes over at r1's last advert + MDI(100); h's requests "
            + "go to r1's MAC until r2's GARP reaches h, to r2's after, and none is lost (protocol-facts §2, §8.0 item 3)")
    void kill(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-kill.scenario.yml", pcaps);
        long killed = run.eventAt(0) + run.execLatency("r1");
        assertAt(killed, only(run.transitions("r1", PROCESS, "RUNNING", "KILLED"), "SIGKILL"), "keepalived killed");

        Mac r1 = run.vrrpMac("r1");
        Ip4 vip = run.vip("r1").ip();
        List<Long> keepalivedFrames = run.frames("r1-lan").stream()
                .filter(f -> f.src().equals(r1) && (f.advert().isPresent() || f.isGarpFor(vip))).map(LinkCapture.Frame::timeNs).toList();
        assertTrue(keepalivedFrames.stream().anyMatch(t -> t < killed), "r1 advertised before the kill");
        assertEquals(List.of(), formatted(keepalivedFrames.stream().filter(t -> t >= killed).toList()), "no advert or GARP after SIGKILL");
        assertEquals(List.of(), run.vipRemoved("r1"), "SIGKILL leaves the VIP on eth0");
        assertTrue(run.run.trace().stream().noneMatch(r -> r.node().equals("r1") && r.time() >= killed
                && r.event() instanceof TraceEvent.StateChanged s && s.machine().equals(VRRP)), "the instance died with the process");

        List<Long> reachedR2 = advertTimes(run, "r2-lan", "r1", run.priority("r1"));
        long master = reachedR2.get(reachedR2.size() - 1) + run.delay("r2-lan") + run.masterDown("r2", run.priority("r2"));
        assertAt(master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER");
        assertEquals(List.of(master), run.vipAdded("r2"), "now both routers hold the VIP");

        // h's neighbour entry for the VIP, read off the destination MAC of every echo request h sends.
        long hLearns = master + run.acrossSwitch("r2", "h");
        Mac h = run.mac("h", "eth0");
        List<LinkCapture.Frame> requests = run.frames("h-lan").stream()
                .filter(f -> f.src().equals(h) && f.echoSeq(IcmpMessage.ECHO_REQUEST).isPresent()).toList();
        assertTrue(requests.stream().anyMatch(f -> f.timeNs() > killed && f.timeNs() < hLearns), "requests sent between kill and GARP");
        assertTrue(requests.stream().anyMatch(f -> f.timeNs() > hLearns), "requests sent after the GARP");
        for (LinkCapture.Frame f : requests) {
            Mac expected = f.timeNs() < hLearns ? r1 : run.vrrpMac("r2");
            assertEquals(expected, f.dst(), "request at " + Time.format(f.timeNs()));
        }
        assertEquals(List.of(), run.tally().lostSeqs(), "r1's kernel forwards whatever still reaches it");
    }

    @Test
    @DisplayName("track_script weight 0: after fall = 3 failed checks r1 enters FAULT and sends priority 0, r2 takes over after "
            + "Skew_Time(100); after rise = 2 good checks r1 is BACKUP and preempts after MDI(150) (protocol-facts §2, §2.1)")
    void trackScript(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-track.scenario.yml", pcaps);
        long cut = run.eventAt(0);
        long heal = run.eventAt(1);
        Check chk = Check.of(run, cut);
        long fault = chk.failedAt();
        assertEquals(List.of(fault), run.logs("r1", KEEPALIVED, "VRRP_Script(chk_up) timed_out"));
        assertEquals(List.of(fault), run.logs("r1", KEEPALIVED, "(VI_1) Entering FAULT STATE"));
        assertAt(fault, only(run.transitions("r1", VRRP, "MASTER", "FAULT"), "r1 FAULT"), "r1 FAULT");
        assertEquals(formatted(List.of(fault, fault)), formatted(advertTimes(run, "r1-lan", "r1", 0)), "§2 MASTER->FAULT: priority 0 sent twice");
        assertEquals(List.of(fault), run.vipRemoved("r1"));

        long r2Master = fault + run.acrossSwitch("r1", "r2") + run.skew("r2", run.priority("r2"));
        assertAt(r2Master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER");

        long backup = chk.recoveredAt(heal, run.execLatency("r1"), uplinkRtt(run));
        assertEquals(List.of(backup), run.logs("r1", KEEPALIVED, "VRRP_Script(chk_up) succeeded").stream().filter(t -> t > heal).toList());
        assertAt(backup, firstFrom(run.transitions("r1", VRRP, "FAULT", "BACKUP"), heal, "r1 leaves FAULT"), "§2 Leaving FAULT: BACKUP");
        long r1Master = backup + run.masterDown("r1", run.priority("r1"));
        assertAt(r1Master, firstFrom(run.transitions("r1", VRRP, "BACKUP", "MASTER"), heal, "r1 preempts"), "r1 MASTER after its MDI");
        assertAt(r1Master + run.acrossSwitch("r1", "r2"), only(run.transitions("r2", VRRP, "MASTER", "BACKUP"), "r2 steps down"), "r2 BACKUP");

        // r1 forwards h's traffic into the cut uplink until r2's GARP moves h; after the heal nothing is lost.
        long hLearns = r2Master + run.acrossSwitch("r2", "h");
        assertEquals(run.seqsSentIn(cut, hLearns), run.tally().lostSeqs());
    }

    @Test
    @DisplayName("track_script weight -60: r1 drops to 90 < 100 and keeps advertising; r2 discards the lower adverts without "
            + "resetting its timer and takes over at its expiry; on heal r1 returns to 150 and preempts (protocol-facts §2, §2.1)")
    void trackScriptWeight(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute(LAN + "vrrp-weight.scenario.yml", pcaps);
        long cut = run.eventAt(0);
        long heal = run.eventAt(1);
        Check chk = Check.of(run, cut);
        int base = run.priority("r1");
        int lowered = Math.max(1, base + run.instance("r1").trackScripts().get(0).weight());
        assertTrue(lowered < run.priority("r2"), "the weight takes r1 below r2: " + lowered);

        long ko = chk.failedAt();
        assertEquals(List.of(ko), run.logs("r1", KEEPALIVED, "(VI_1) Changing effective priority from " + base + " to " + lowered));
        assertEquals(List.of(), run.transitions("r1", VRRP, "MASTER", "FAULT"), "a weighted script never means FAULT");
        List<Long> highAdverts = advertTimes(run, "r2-lan", "r1", base).stream().filter(t -> t < ko).toList();
        long lastHighArrival = highAdverts.get(highAdverts.size() - 1) + run.delay("r2-lan");
        long r2Master = lastHighArrival + run.masterDown("r2", run.priority("r2"));
        assertAt(r2Master, only(run.transitions("r2", VRRP, "BACKUP", "MASTER"), "r2 takes over"), "r2 MASTER when its timer expires");
        List<Long> lowArrivals = advertTimes(run, "r2-lan", "r1", lowered).stream().map(t -> t + run.delay("r2-lan"))
                .filter(t -> t < r2Master).toList();
        assertFalse(lowArrivals.isEmpty(), "r1 advertised the lowered priority before r2's timer ran out");
        assertEquals(formatted(lowArrivals), formatted(run.logs("r2", KEEPALIVED,
                "(VI_1) received lower priority (" + lowered + ") advert from " + address(run, "r1") + " - discarding")));

        long r1Hears = r2Master + run.acrossSwitch("r1", "r2");
        assertEquals(List.of(r1Hears), run.logs("r1", KEEPALIVED, "(VI_1) Master received advert from " + address(run, "r2")
                + " with higher priority " + run.priority("r2") + ", ours " + lowered));
        assertAt(r1Hears, only(run.transitions("r1", VRRP, "MASTER", "BACKUP"), "r1 steps down"), "r1 BACKUP");

        long restored = chk.recoveredAt(heal, run.execLatency("r1"), uplinkRtt(run));
        assertEquals(List.of(restored), run.logs("r1", KEEPALIVED, "(VI_1) Changing effective priority from " + lowered + " to " + base));
        // r2's adverts (100 >= 90) reset r1's timer to MDI(90) until then; the change moves the running timer by
        // MDI(150) - MDI(90), so it expires MDI(150) after the last of them (vrrp_set_effective_priority).
        List<Long> r2Arrivals = advertTimes(run, "r1-lan", "r2", run.priority("r2")).stream().map(t -> t + run.delay("r1-lan"))
                .filter(t -> t <= restored).toList();
        long r1Master = r2Arrivals.get(r2Arrivals.size() - 1) + run.masterDown("r1", base);
        assertAt(r1Master, firstFrom(run.transitions("r1", VRRP, "BACKUP", "MASTER"), heal, "r1 preempts"), "r1 MASTER");

        long hLearns = r2Master + run.acrossSwitch("r2", "h");
        assertEquals(run.seqsSentIn(cut, hLearns), run.tally().lostSeqs());
    }

    @Test
    @DisplayName("same seed: vrrp-track has the same fingerprint inline and on Pekko actors with 4 threads")
    void deterministicAcrossHostModes() throws Exception {
        ScenarioSpec spec = ScenarioLoader.load(Examples.file(LAN + "vrrp-track.scenario.yml"));
        String inline = ScenarioRunner.run(spec, RunOptions.quiet()).fingerprint();
        String actors = ScenarioRunner.run(spec, new RunOptions(null, null, null, 4, false, null)).fingerprint();
        assertEquals(inline, actors);
    }

    // ------------------------------------------------------------------ seed 000

    @Test
    @DisplayName("seed 000 demo: gp1 MASTER at keepalived start + MDI(150); gp2 owns the VIP Skew_Time(100) after the stop and "
            + "gp1 again MDI(150) after its restart; the device loses no ping at either switch (protocol-facts §8.0 items 1, 2, 4)")
    void soracomGateDemo(@TempDir Path pcaps) throws Exception {
        VrrpRun run = VrrpRun.execute("soracom-gate-lan/soracom-gate-demo.scenario.yml", pcaps);
        Path seeds = Examples.dir().resolveSibling("protocols/src/test/resources/seeds");
        assertArrayEquals(Files.readAllBytes(seeds.resolve("000_gate_peer1_keepalived.conf")), Files.readAllBytes(run.node("gp1").keepalivedConf()));
        assertArrayEquals(Files.readAllBytes(seeds.resolve("000_gate_peer2_keepalived.conf")), Files.readAllBytes(run.node("gp2").keepalivedConf()));

        // Cold start (item 1): keepalived starts after the node's setup commands; both begin in BACKUP and
        // gp1's shorter MDI(150) fires first; its advert resets gp2's timer.
        long booted = run.node("gp1").setup().size() * run.execLatency("gp1");
        assertAt(booted, firstFrom(run.transitions("gp1", PROCESS, "STOPPED", "RUNNING"), 0, "boot"), "keepalived starts");
        long gp1Master = booted + run.masterDown("gp1", run.priority("gp1"));
        assertAt(gp1Master, firstFrom(run.transitions("gp1", VRRP, "BACKUP", "MASTER"), 0, "gp1 MASTER"), "gp1 MASTER at cold start");

        long stopped = run.eventAt(0) + run.execLatency("gp1");
        long gp2Master = stopped + run.acrossSwitch("gp1", "gp2") + run.skew("gp2", run.priority("gp2"));
        assertAt(gp2Master, only(run.transitions("gp2", VRRP, "BACKUP", "MASTER"), "gp2 MASTER"), "item 2: gp2 MASTER");

        long started = run.eventAt(1) + run.execLatency("gp1");
        assertEquals(List.of(started), run.logs("gp1", KEEPALIVED, "(VI_1) Entering BACKUP STATE (init)").stream().filter(t -> t > booted).toList());
        long gp1Back = started + run.masterDown("gp1", run.priority("gp1"));
        assertAt(gp1Back, firstFrom(run.transitions("gp1", VRRP, "BACKUP", "MASTER"), started, "gp1 preempts"), "item 4: gp1 MASTER again");
        long gp2Hears = gp1Back + run.acrossSwitch("gp1", "gp2");
        assertEquals(List.of(gp2Hears), run.logs("gp2", KEEPALIVED, "(VI_1) Master received advert from " + address(run, "gp1")
                + " with higher priority " + run.priority("gp1") + ", ours " + run.priority("gp2")));

        // Who owns the VIP over time, from keepalived's `ip addr` lines.
        assertEquals(List.of(gp1Master, gp1Back), run.vipAdded("gp1"));
        assertEquals(List.of(stopped), run.vipRemoved("gp1"));
        assertEquals(List.of(gp2Master), run.vipAdded("gp2"));
        assertEquals(List.of(gp2Hears), run.vipRemoved("gp2"));

        // unicast_peer lists gp1's own address, so gp1 hears each of its adverts and warns, every interval (§2).
        List<Long> ownAdverts = new ArrayList<>();
        long interval = run.advertInterval("gp1");
        for (long t = gp1Master; t < stopped; t += interval) ownAdverts.add(t);
        for (long t = gp1Back; t <= run.spec.durationNs(); t += interval) ownAdverts.add(t);
        assertEquals(formatted(ownAdverts), formatted(run.logs("gp1", KEEPALIVED,
                "(VI_1) WARNING - equal priority advert received from remote host with our IP address.")));

        assertRepliesFromOwner(run, List.of(new Ownership("gp1", gp1Master, stopped), new Ownership("gp2", gp2Master, gp2Hears),
                new Ownership("gp1", gp1Back, Long.MAX_VALUE)));

        // The one request that reaches gp1 after it dropped the VIP is forwarded to the VIP and redirected (§7).
        List<Integer> redirected = run.seqsSentIn(0, run.spec.durationNs()).stream().filter(s -> {
            long atGp1 = run.sentAt(s) + run.acrossSwitch("device", "gp1");
            return atGp1 >= stopped && atGp1 < gp2Master;
        }).toList();
        assertEquals(1, redirected.size(), "requests reaching gp1 between stop and takeover: " + redirected);
        assertTrue(pingLines(run).contains("From " + address(run, "gp1") + " icmp_seq=" + redirected.get(0)
                + " Redirect Host(New nexthop: " + vipIp(run, "gp1") + ")"), pingLines(run).toString());

        // Losses: only the probes queued while nobody held the VIP at all, reported when the device's ARP gave
        // up (§7: 3 probes); nothing around either switch (items 2 and 4 allow 0-1).
        long arpGaveUp = run.run.trace().stream().filter(r -> r.node().equals("device") && r.event() instanceof TraceEvent.Dropped d
                && d.reason() == DropReason.ARP_FAILED).map(TraceRecord::time).findFirst().orElseThrow();
        assertTrue(arpGaveUp < gp1Master, "ARP gave up before anyone owned the VIP");
        assertEquals(run.seqsSentIn(0, arpGaveUp), run.tally().lostSeqs());
        List<TraceRecord> unreachable = run.run.trace().stream()
                .filter(r -> r.event() instanceof TraceEvent.ProbeResult p && p.outcome() == ProbeOutcome.HOST_UNREACHABLE).toList();
        assertEquals(run.tally().lostSeqs(), unreachable.stream().map(r -> ((TraceEvent.ProbeResult) r.event()).seq()).toList());
        assertTrue(unreachable.stream().allMatch(r -> r.time() == arpGaveUp), "all reported when ARP gave up");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * chk_up of r1's keepalived.conf (protocol-facts §2.1) when the uplink fails at {@code failureStart}, one of
     * its ticks. A failing run lasts its whole timeout; with timeout = interval the next tick finds it still
     * running and is skipped (vrrp_scheduler.c:1187-1196: the interval timer fires before the child timeout of
     * the same instant), so while the uplink is cut a run starts every second interval.
     */
    private record Check(long failureStart, long interval, long timeout, int fall, int rise) {
        static Check of(VrrpRun run, long failureStart) {
            VrrpScriptConfig s = run.keepalived("r1").script("chk_up").orElseThrow();
            long interval = VrrpTiming.toNanos(s.intervalMicros());
            long timeout = VrrpTiming.toNanos(s.effectiveTimeoutMicros());
            assertEquals(interval, timeout, "these expectations assume the default timeout (= interval)");
            long keepalivedStart = firstFrom(run.transitions("r1", PROCESS, "STOPPED", "RUNNING"), 0, "boot");
            assertEquals(0, (failureStart - keepalivedStart) % interval, "the failure starts on a check tick (runs every interval from start)");
            return new Check(failureStart, interval, timeout, s.fall(), s.rise());
        }

        long failingRunSpacing() { return 2 * interval; }

        /** The fall-th consecutive failure: the fall-th failing run times out. */
        long failedAt() { return failureStart + (fall - 1) * failingRunSpacing() + timeout; }

        /**
         * The rise-th consecutive success after the path comes back at {@code heal}, a tick: the first run
         * starting then or later succeeds, and so does the run of each following tick (a success takes less
         * than an interval).
         */
        long recoveredAt(long heal, long execLatency, long rtt) {
            assertEquals(0, (heal - failureStart) % interval, "the heal falls on a check tick");
            long runsSince = Math.floorDiv(heal - failureStart + failingRunSpacing() - 1, failingRunSpacing());
            long firstGoodRun = failureStart + runsSince * failingRunSpacing();
            return firstGoodRun + (rise - 1) * interval + execLatency + rtt;
        }
    }

    /** r1's check pings 10.9.9.9 through its uplink and isp (neighbours already resolved). */
    private static long uplinkRtt(VrrpRun run) {
        return 2 * (run.delay("r1-uplink") + run.delay("isp-server"));
    }

    /** When {@code node}'s adverts with {@code priority} entered {@code link} (the capture's time). */
    private static List<Long> advertTimes(VrrpRun run, String link, String node, int priority) throws Exception {
        Mac mac = run.vrrpMac(node);
        return run.frames(link).stream().filter(f -> f.src().equals(mac) && f.advert().map(a -> a.priority() == priority).orElse(false))
                .map(LinkCapture.Frame::timeNs).toList();
    }

    private static List<Long> garpTimes(VrrpRun run, String link, String node) throws Exception {
        Mac mac = run.vrrpMac(node);
        Ip4 vip = run.vip(node).ip();
        return run.frames(link).stream().filter(f -> f.src().equals(mac) && f.isGarpFor(vip)).map(LinkCapture.Frame::timeNs).toList();
    }

    /** The primary address of {@code node}'s VRRP interface, the source of its adverts. */
    private static Ip4 address(VrrpRun run, String node) {
        return run.node(node).iface(run.instance(node).interfaceName()).orElseThrow().addresses().get(0).address();
    }

    private static String vipIp(VrrpRun run, String node) { return run.vip(node).ip().toString(); }

    private static List<String> pingLines(VrrpRun run) {
        String program = "ping/" + run.ping().name();
        return run.run.trace().stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.Log l && l.program().equals(program))
                .map(e -> ((TraceEvent.Log) e).text()).toList();
    }

    /** Every request the probe sent in [from, to) was answered. */
    private static void assertRepliedAll(VrrpRun run, long from, long to) {
        List<Integer> window = run.seqsSentIn(from, to);
        assertFalse(window.isEmpty(), "probes in the window");
        for (int s : window) assertEquals(ProbeOutcome.REPLY, run.tally().firstOutcomes().get(s), "seq " + s + " sent at " + Time.format(run.sentAt(s)));
        assertEquals(List.of(), run.tally().lostSeqs());
    }

    /** {@code node} holds the VIP in [from, until). */
    private record Ownership(String node, long from, long until) {}

    /**
     * Each echo reply on the device's link came from the MAC of the peer that held the VIP when it answered;
     * and every ownership period answered some.
     */
    private static void assertRepliesFromOwner(VrrpRun run, List<Ownership> periods) throws Exception {
        Map<Mac, String> peers = Map.of(run.vrrpMac("gp1"), "gp1", run.vrrpMac("gp2"), "gp2");
        int[] answeredIn = new int[periods.size()];
        for (LinkCapture.Frame f : run.frames("device-overlay")) {
            if (f.echoSeq(IcmpMessage.ECHO_REPLY).isEmpty()) continue;
            String sender = peers.get(f.src());
            assertNotNull(sender, "reply at " + Time.format(f.timeNs()) + " from unknown " + f.src());
            long sentByPeer = f.timeNs() - run.accessDelay(sender);
            int period = IntStream.range(0, periods.size())
                    .filter(i -> sentByPeer >= periods.get(i).from() && sentByPeer < periods.get(i).until()).findFirst()
                    .orElseThrow(() -> new AssertionError(sender + " replied at " + Time.format(sentByPeer) + " while nobody held the VIP"));
            assertEquals(periods.get(period).node(), sender, "reply sent at " + Time.format(sentByPeer));
            answeredIn[period]++;
        }
        for (int i = 0; i < periods.size(); i++) assertTrue(answeredIn[i] > 0, "replies from " + periods.get(i));
    }
}
