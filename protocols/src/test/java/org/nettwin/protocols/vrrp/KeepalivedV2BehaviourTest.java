package org.nettwin.protocols.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.s;
import static org.nettwin.protocols.env.Time.us;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.testkit.Hex;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig.InitialState;

/** One test per row of protocol-facts §2 (keepalived 2.x), on a single instance with an injected peer. */
class KeepalivedV2BehaviourTest {
    private static final KeepalivedProfile V2 = KeepalivedProfile.V2_2;

    private static Bench started(VrrpInstanceConfig cfg) {
        return new Bench(V2).start(cfg);
    }

    /** A P150 `state MASTER` instance that has become MASTER at its first timer (3.414062 s). */
    private static Bench master150(VrrpInstanceConfig.Builder b) {
        Bench bench = started(b.build());
        bench.runUntil(us(3_414_062));
        assertEquals(VrrpState.MASTER, bench.instance.state());
        return bench;
    }

    @Test
    @DisplayName("§2 `state MASTER`, priority != 255: BACKUP (init) with a full MDI, 3.414062 s at P150, 3.609375 s at P100")
    void stateMasterStartsAsBackup() {
        Bench p150 = started(Bench.config(150, InitialState.MASTER).build());
        p150.runSeconds(10);
        assertEquals(0, p150.whenLog("(VI_1) Entering BACKUP STATE (init)"));
        assertEquals(0, p150.when(VrrpState.BACKUP, 0));
        assertEquals(us(3_414_062), p150.when(VrrpState.MASTER, 0));

        Bench p100 = started(Bench.config(100, InitialState.MASTER).build());
        p100.runSeconds(10);
        assertEquals(us(3_609_375), p100.when(VrrpState.MASTER, 0));

        // An equal advert before the timer keeps it BACKUP and restarts the MDI.
        Bench held = new Bench(V2);
        held.start(Bench.config(100, InitialState.MASTER).build());
        held.peerAdvert(s(3), 100);
        held.runSeconds(10);
        assertEquals(s(3) + us(3_609_375), held.when(VrrpState.MASTER, 0));
    }

    @Test
    @DisplayName("§2 `state MASTER`: only priority 255 goes MASTER at once (a 1 µs timer, no '(init)' line)")
    void ownerGoesMasterAtOnce() {
        Bench b = started(Bench.config(255, InitialState.MASTER).build());
        b.runSeconds(1);
        assertEquals(us(1), b.when(VrrpState.MASTER, 0));
        assertEquals(-1, b.whenLog("(VI_1) Entering BACKUP STATE (init)"));
    }

    @Test
    @DisplayName("§2 Both nodes `state MASTER`, equal priority: the higher source IP stays MASTER (vrrp.c:2195-2226)")
    void equalPriorityTieOnHigherAddress() {
        TestClock clock = new TestClock(1);
        Wire wire = new Wire(clock, us(100));
        FakeVrrpHost a = new FakeVrrpHost(clock, "a").iface("eth0", org.nettwin.protocols.value.Mac.parse("02:00:00:00:00:0a"), Ip4.parse("192.168.0.1"));
        FakeVrrpHost b = new FakeVrrpHost(clock, "b").iface("eth0", org.nettwin.protocols.value.Mac.parse("02:00:00:00:00:0b"), Ip4.parse("192.168.0.2"));
        VrrpInstanceConfig cfg = Bench.config(100, InitialState.MASTER).build();
        VrrpInstance ia = new VrrpInstance(cfg, V2, a.env(), a, java.util.Map.of());
        VrrpInstance ib = new VrrpInstance(cfg, V2, b.env(), b, java.util.Map.of());
        wire.attach(a, ia::receive);
        wire.attach(b, ib::receive);
        ia.start();
        ib.start();
        clock.runUntil(s(10));
        // Both timers expire together; each hears the other's advert 100 µs later.
        assertEquals(us(3_609_375), clock.first(0, TestClock.stateTo("a", "vrrp/VI_1", "MASTER")).time());
        assertEquals(us(3_609_375), clock.first(0, TestClock.stateTo("b", "vrrp/VI_1", "MASTER")).time());
        assertEquals(us(3_609_475), clock.first(0, TestClock.log("a",
                "(VI_1) Master received advert from 192.168.0.2 with same priority 100 but higher IP address than ours")).time());
        assertTrue(clock.first(0, TestClock.log("b", "(VI_1) Received advert from 192.168.0.1 with lower priority 100, ours 100, forcing new election")) != null);
        assertEquals(VrrpState.BACKUP, ia.state());
        assertEquals(VrrpState.MASTER, ib.state());
        assertTrue(a.vipsOn("eth0").isEmpty());
        assertEquals(List.of(Bench.VIP), b.vipsOn("eth0"));
    }

    @Test
    @DisplayName("§2 Preempt: nopreempt keeps a higher-priority BACKUP from taking over")
    void nopreempt() {
        Bench preempting = new Bench(V2);
        preempting.start(Bench.config(150, InitialState.BACKUP).build());
        preempting.peerAdverts(ms(500), s(20), s(1), 100);
        preempting.runSeconds(20);
        assertEquals(us(3_414_062), preempting.when(VrrpState.MASTER, 0), "preempt: lower adverts are discarded, the first timer wins");

        Bench polite = new Bench(V2);
        polite.start(Bench.config(150, InitialState.BACKUP).nopreempt(true).build());
        polite.peerAdverts(ms(500), s(20), s(1), 100);
        polite.runSeconds(20);
        assertEquals(-1, polite.when(VrrpState.MASTER, 0), "nopreempt: lower adverts reset the timer");
    }

    @Test
    @DisplayName("§2 Preempt: preempt_delay accepts lower adverts until the delay has run, then the timer runs out")
    void preemptDelay() {
        Bench b = new Bench(V2);
        b.start(Bench.config(150, InitialState.BACKUP).preemptDelayMicros(5 * VrrpTiming.TIMER_HZ).build());
        b.peerAdverts(ms(500), s(20), s(1), 100);
        b.runSeconds(20);
        // Delay starts at the first lower advert (0.5 s) and ends at 5.5 s: the 4.5 s advert is the last accepted.
        assertEquals(ms(4_500) + us(3_414_062), b.when(VrrpState.MASTER, 0));
        assertEquals(ms(5_500), b.whenLog("(VI_1) received lower priority (100) advert from 192.168.0.2 - discarding"));
    }

    @Test
    @DisplayName("§2 BACKUP gets a lower advert: logged and discarded, the timer is not reset (vrrp.c:1995-2013)")
    void backupDiscardsLower() {
        Bench lower = new Bench(V2);
        lower.start(Bench.config(150, InitialState.BACKUP).build());
        lower.peerAdvert(s(1), 100);
        lower.runSeconds(10);
        assertEquals(s(1), lower.whenLog("(VI_1) received lower priority (100) advert from 192.168.0.2 - discarding"));
        assertEquals(us(3_414_062), lower.when(VrrpState.MASTER, 0));

        Bench higher = new Bench(V2);
        higher.start(Bench.config(150, InitialState.BACKUP).build());
        higher.peerAdvert(s(1), 200);
        higher.runSeconds(10);
        assertEquals(s(1) + us(3_414_062), higher.when(VrrpState.MASTER, 0), "a higher advert restarts the MDI");
    }

    @Test
    @DisplayName("§2 MASTER gets a lower advert: logs 'forcing new election' and re-sends its advert (vrrp.c:2148-2167)")
    void masterAnswersLower() {
        Bench b = master150(Bench.config(150, InitialState.MASTER));
        b.peerAdvert(s(5), 100);
        b.runSeconds(7);
        assertEquals(s(5), b.whenLog("(VI_1) Received advert from 192.168.0.2 with lower priority 100, ours 150, forcing new election"));
        List<FakeVrrpHost.Advert> at5 = b.advertsBetween(s(5), s(5) + 1);
        assertEquals(1, at5.size());
        assertEquals(150, at5.get(0).priority());
        // Reading an advert re-arms the advert timer from now: the next periodic advert is at 6 s, not 5.414062 s.
        assertEquals(List.of(s(6)), b.advertsBetween(s(5) + 1, s(6) + ms(500)).stream().map(FakeVrrpHost.Advert::time).toList());
        assertEquals(VrrpState.MASTER, b.instance.state());
    }

    @Test
    @DisplayName("§2 MASTER gets a higher advert: logs it, goes BACKUP, drops the VIPs (vrrp.c:2195-2226)")
    void masterYieldsToHigher() {
        VrrpInstanceConfig.NotifyScripts n = new VrrpInstanceConfig.NotifyScripts(List.of(), List.of("/etc/keepalived/backup.sh"), List.of(), List.of(), List.of("/bin/notify"));
        Bench b = master150(Bench.config(150, InitialState.MASTER).notifyScripts(n));
        b.peerAdvert(s(5), 200);
        b.runSeconds(6);
        assertEquals(s(5), b.whenLog("(VI_1) Master received advert from 192.168.0.2 with higher priority 200, ours 150"));
        assertEquals(s(5), b.whenLog("(VI_1) Entering BACKUP STATE"));
        assertEquals(s(5), b.when(VrrpState.BACKUP, s(4)));
        assertTrue(b.host.vipsOn(Bench.IF).isEmpty());
        List<List<String>> argv = b.host.notifies.stream().filter(x -> x.time() == s(5)).map(FakeVrrpHost.Notify::argv).toList();
        assertEquals(List.of(List.of("/etc/keepalived/backup.sh"), List.of("/bin/notify", "INSTANCE", "VI_1", "BACKUP", "150")), argv);
    }

    @Test
    @DisplayName("§2 Priority 0 received: BACKUP sets its timer to Skew_Time; MASTER answers with an advert (vrrp.c:1946-1949, 2119-2129)")
    void priorityZero() {
        Bench backup = new Bench(V2);
        backup.start(Bench.config(100, InitialState.BACKUP).build());
        backup.peerAdverts(ms(500), s(3), s(1), 150);
        backup.peerAdvert(s(3), 0);
        backup.runSeconds(10);
        assertEquals(s(3) + us(609_375), backup.when(VrrpState.MASTER, 0));

        Bench master = master150(Bench.config(150, InitialState.MASTER));
        master.peerAdvert(s(5) + ms(250), 0);
        master.runSeconds(6);
        assertEquals(1, master.advertsBetween(s(5) + ms(250), s(5) + ms(251)).size());
    }

    @Test
    @DisplayName("§2 Stop (SIGTERM): a MASTER sends priority 0, deletes its VIPs, runs notify STOP (vrrp.c:2657-2671)")
    void stop() {
        VrrpInstanceConfig.NotifyScripts n = new VrrpInstanceConfig.NotifyScripts(List.of(), List.of(), List.of(), List.of("/stop.sh"), List.of("/bin/notify"));
        Bench b = master150(Bench.config(150, InitialState.MASTER).notifyScripts(n));
        b.runSeconds(5.5);
        int journalAt = b.host.journal.size();
        b.instance.stop();
        assertEquals(List.of("advert 0 192.168.0.1>224.0.0.18", "vip- 192.168.0.254/24 on eth0", "notify /stop.sh",
                "notify /bin/notify INSTANCE VI_1 STOP 150"), b.host.journal.subList(journalAt, b.host.journal.size()));
        assertEquals(VrrpState.STOP, b.instance.state());
        b.runSeconds(30);
        assertEquals(journalAt + 4, b.host.journal.size(), "nothing after stop: no timers left");
    }

    @Test
    @DisplayName("§2 MASTER->FAULT: 'Entering FAULT STATE', priority 0 sent twice, VIPs deleted, notify_fault then notify (vrrp.c:1815-1826)")
    void masterToFault() {
        VrrpInstanceConfig.NotifyScripts n = new VrrpInstanceConfig.NotifyScripts(List.of(), List.of(), List.of("/fault.sh"), List.of(), List.of("/bin/notify"));
        Bench b = new Bench(V2);
        b.script(VrrpScriptConfig.of("chk", "check"));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(10) ? 1 : 0));
        b.start(Bench.config(150, InitialState.MASTER).trackScript("chk", 0).notifyScripts(n).build());
        b.runSeconds(12);
        long fault = s(10) + ms(5);
        assertEquals(fault, b.when(VrrpState.FAULT, s(1)));
        assertEquals(fault, b.whenLog("(VI_1) Entering FAULT STATE"));
        assertEquals(fault, b.whenLog("VRRP_Script(chk) failed (exited with status 1)"));
        List<Integer> sentAtFault = b.advertsBetween(fault, fault + 1).stream().map(FakeVrrpHost.Advert::priority).toList();
        assertEquals(List.of(0, 0), sentAtFault);
        assertTrue(b.host.vipsOn(Bench.IF).isEmpty());
        assertEquals(List.of(List.of("/fault.sh"), List.of("/bin/notify", "INSTANCE", "VI_1", "FAULT", "150")),
                b.host.notifies.stream().filter(x -> x.time() == fault).map(FakeVrrpHost.Notify::argv).toList());
        assertTrue(b.advertsBetween(fault + 1, s(12)).isEmpty(), "a FAULT instance is silent");
    }

    @Test
    @DisplayName("§2 Leaving FAULT: BACKUP with a full MDI; lower adverts are discarded, so MASTER only when the timer expires")
    void leavingFault() {
        Bench b = new Bench(V2);
        b.script(VrrpScriptConfig.of("chk", "check"));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(10) && now < s(20) ? 1 : 0));
        b.start(Bench.config(150, InitialState.MASTER).trackScript("chk", 0).build());
        // The peer took over while we were in FAULT and advertises at 100.
        b.peerAdverts(s(11), s(40), s(1), 100);
        b.runSeconds(40);
        long up = s(20) + ms(5);
        assertEquals(up, b.whenLog("(VI_1) Entering BACKUP STATE", s(11)));
        assertEquals(up, b.when(VrrpState.BACKUP, s(11)));
        assertEquals(up + us(3_414_062), b.when(VrrpState.MASTER, up));
        assertEquals(s(21), b.clock.first(up, TestClock.logStarting(Bench.NODE, "(VI_1) received lower priority (100)")).time());
    }

    @Test
    @DisplayName("§2 Becoming MASTER: advert first, then 'Entering MASTER STATE', VIPs, 5 GARPs; 5 more after 5 s (vrrp.c:2020-2034)")
    void becomingMaster() {
        Bench b = started(Bench.config(150, InitialState.MASTER).notifyScripts(
                new VrrpInstanceConfig.NotifyScripts(List.of("/master.sh"), List.of(), List.of(), List.of(), List.of())).build());
        b.runSeconds(10);
        long t = us(3_414_062);
        assertEquals(t, b.whenLog("(VI_1) Entering MASTER STATE"));
        List<String> j = b.host.journal;
        int first = j.indexOf("advert 150 192.168.0.1>224.0.0.18");
        assertEquals(List.of("advert 150 192.168.0.1>224.0.0.18", "vip+ 192.168.0.254/24 on eth0",
                "garp 192.168.0.254", "garp 192.168.0.254", "garp 192.168.0.254", "garp 192.168.0.254", "garp 192.168.0.254",
                "notify /master.sh"), j.subList(first, first + 8));
        assertEquals(5, b.host.garpsBetween(t, t + 1).size());
        assertEquals(0, b.host.garpsBetween(t + 1, t + s(5)).size());
        assertEquals(5, b.host.garpsBetween(t + s(5), t + s(5) + 1).size());
    }

    @Test
    @DisplayName("§2 GARP: ARP request, broadcast, SHA = interface MAC, SPA = TPA = VIP, THA broadcast (vrrp_arp.c:120-145)")
    void garpFrame() {
        Bench b = master150(Bench.config(150, InitialState.MASTER));
        byte[] golden = Hex.bytes("ff ff ff ff ff ff 02 00 00 00 00 01 08 06"
                + " 00 01 08 00 06 04 00 01 02 00 00 00 00 01 c0 a8 00 fe ff ff ff ff ff ff c0 a8 00 fe");
        assertArrayEquals(golden, b.host.frames.get(0).bytes(), Hex.of(b.host.frames.get(0).bytes()));
        // use_vmac: the virtual MAC 00:00:5e:00:01:33 is the sender instead.
        Bench v = master150(Bench.config(150, InitialState.MASTER).useVmac(true));
        assertEquals(Hex.of(Hex.bytes("00 00 5e 00 01 33")), Hex.of(java.util.Arrays.copyOfRange(v.host.frames.get(0).bytes(), 6, 12)));
        assertEquals(org.nettwin.protocols.value.Mac.vrrp(51), v.host.adverts.get(0).srcMac());
    }

    @Test
    @DisplayName("§2 GARP refresh 60 s: 1 GARP at the first advert tick past every 60 s while MASTER (vrrp.c:2036-2041)")
    void garpRefresh() {
        Bench b = started(Bench.config(150, InitialState.MASTER)
                .garp(new VrrpInstanceConfig.Garp(5 * VrrpTiming.TIMER_HZ, 5, 60 * VrrpTiming.TIMER_HZ, 1)).build());
        b.runSeconds(150);
        long t = us(3_414_062);
        List<Long> times = b.host.garpsBetween(t + s(6), s(150)).stream().map(FakeVrrpHost.Frame::time).toList();
        // The tick at exactly +60 s is not past the deadline; the next one is.
        assertEquals(List.of(t + s(61), t + s(122)), times);
    }

    @Test
    @DisplayName("§2 unicast_peer: one copy per peer; multicast-addressed adverts rejected; no TTL check (vrrp.c:1530-1545, 1070-1083)")
    void unicastPeers() {
        Ip4 third = Ip4.parse("192.168.0.3");
        Bench b = started(Bench.config(150, InitialState.MASTER).unicastPeer(Bench.SELF).unicastPeer(Bench.PEER).unicastPeer(third).build());
        ReceivedAdvert multicast = new ReceivedAdvert(Bench.IF, Bench.PEER, VrrpPacket.MULTICAST_GROUP, 255,
                VrrpPacket.v2(51, 200, 1, 1, b.instance.config().authData(), b.instance.config().vipAddresses()).encode(null, null, false));
        b.deliver(s(3) + ms(300), multicast);
        b.runSeconds(4);
        assertEquals(List.of(), b.advertsBetween(0, s(3)));
        assertEquals(s(3) + ms(300), b.whenLog("(VI_1) Expected unicast packet but received multicast packet"));
        List<Ip4> dsts = b.advertsBetween(us(3_414_062), us(3_414_063)).stream().map(FakeVrrpHost.Advert::dst).toList();
        assertEquals(List.of(Bench.SELF, Bench.PEER, third), dsts);

        Bench ttl = started(Bench.config(150, InitialState.BACKUP).unicastPeer(Bench.PEER).build());
        ReceivedAdvert a = ttl.advertFrom(Bench.PEER, 200);
        ttl.deliver(s(1), new ReceivedAdvert(a.ifName(), a.src(), a.dst(), 64, a.vrrp()));
        ttl.runSeconds(10);
        assertEquals(s(1) + us(3_414_062), ttl.when(VrrpState.MASTER, 0), "a unicast advert with TTL 64 still counts");
    }

    @Test
    @DisplayName("§2 Own IP in peer list: the MASTER logs the equal-priority warning and stays MASTER (vrrp.c:2131-2134)")
    void ownAddressInPeers() {
        Bench b = master150(Bench.config(150, InitialState.MASTER).unicastPeer(Bench.SELF).unicastPeer(Bench.PEER));
        b.deliver(s(5), b.advertFrom(Bench.SELF, 150));
        b.runSeconds(6);
        assertEquals(s(5), b.whenLog("(VI_1) WARNING - equal priority advert received from remote host with our IP address."));
        assertEquals(VrrpState.MASTER, b.instance.state());
    }

    @Test
    @DisplayName("§2 v2 interval mismatch: dropped with keepalived's line, the timer keeps running (vrrp.c:948-955)")
    void intervalMismatch() {
        Bench b = new Bench(V2);
        b.start(Bench.config(100, InitialState.BACKUP).build());
        VrrpInstanceConfig c = b.instance.config();
        byte[] twoSeconds = VrrpPacket.v2(51, 150, 2, 1, c.authData(), c.vipAddresses()).encode(null, null, false);
        b.deliver(s(1), new ReceivedAdvert(Bench.IF, Bench.PEER, VrrpPacket.MULTICAST_GROUP, 255, twoSeconds));
        b.runSeconds(10);
        assertEquals(s(1), b.whenLog("(VI_1) advertisement interval mismatch mine=1 sec rcv'd=2 sec"));
        assertEquals(us(3_609_375), b.when(VrrpState.MASTER, 0));
    }

    @Test
    @DisplayName("§2 auth PASS: all 8 bytes compared, a wrong password is logged and ignored (vrrp.c:910-920)")
    void badPassword() {
        Bench b = new Bench(V2);
        b.start(Bench.config(100, InitialState.BACKUP).build());
        byte[] wrong = VrrpPacket.v2(51, 150, 1, 1, "secreT\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                b.instance.config().vipAddresses()).encode(null, null, false);
        b.deliver(s(1), new ReceivedAdvert(Bench.IF, Bench.PEER, VrrpPacket.MULTICAST_GROUP, 255, wrong));
        b.runSeconds(10);
        assertEquals(s(1), b.whenLog("(VI_1) received an invalid passwd!"));
        assertEquals(us(3_609_375), b.when(VrrpState.MASTER, 0));
        assertNotEquals(-1, b.when(VrrpState.MASTER, 0));
    }

    @Test
    @DisplayName("§1.1 a multicast advert with TTL != 255 is discarded")
    void multicastTtl() {
        Bench b = new Bench(V2);
        b.start(Bench.config(100, InitialState.BACKUP).build());
        ReceivedAdvert a = b.advertFrom(Bench.PEER, 150);
        b.deliver(s(1), new ReceivedAdvert(a.ifName(), a.src(), a.dst(), 254, a.vrrp()));
        b.runSeconds(10);
        assertEquals(s(1), b.whenLog("(VI_1) invalid TTL/HL. Received 254 and expect 255"));
        assertEquals(us(3_609_375), b.when(VrrpState.MASTER, 0));
    }

    @Test
    @DisplayName("§2.1 weight != 0: priority moves by the weight, clamped to [1,254], logged; a BACKUP's timer moves with the MDI")
    void weightChangesPriority() {
        Bench b = new Bench(V2);
        b.script(VrrpScriptConfig.of("up", "check").withWeight(60));
        b.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= s(5) ? 0 : 1));
        b.start(Bench.config(100, InitialState.BACKUP).build().toBuilder().trackScript("up", 60).build());
        // The peer is master at 150 until our weight lifts us to 160.
        b.peerAdverts(ms(500), s(30), s(1), 150);
        b.runSeconds(30);
        long lifted = s(5) + ms(5);
        assertEquals(lifted, b.whenLog("(VI_1) Changing effective priority from 100 to 160"));
        // Last accepted advert at 4.5 s armed 3.609375 s; the MDI at 160 is 3.375 s, so the timer moves 0.234375 s earlier.
        assertEquals(ms(4_500) + us(3_375_000), b.when(VrrpState.MASTER, 0));
        assertEquals(160, b.instance.effectivePriority());
        assertFalse(b.logs().contains("(VI_1) Changing effective priority from 160 to 254"));
    }

    @Test
    @DisplayName("§2.1 weights clamp to [1,254] and never touch an owner (255)")
    void weightClamp() {
        Bench low = new Bench(V2);
        low.script(VrrpScriptConfig.of("down", "check"));
        low.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), 1));
        low.start(Bench.config(20, InitialState.BACKUP).trackScript("down", -50).build());
        low.runSeconds(2);
        assertEquals(1, low.instance.effectivePriority());
        assertEquals(ms(5), low.whenLog("(VI_1) Changing effective priority from 20 to 1"));

        Bench owner = new Bench(V2);
        owner.script(VrrpScriptConfig.of("down", "check"));
        owner.host.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), 1));
        owner.start(Bench.config(255, InitialState.MASTER).trackScript("down", -50).build());
        owner.runSeconds(2);
        assertEquals(255, owner.instance.effectivePriority());
    }

    @Test
    @DisplayName("§2 track_interface / own interface down -> FAULT at once in 2.x (netlink), up -> BACKUP with a full MDI")
    void interfaceDown() {
        Bench b = master150(Bench.config(150, InitialState.MASTER));
        b.clock.at(s(5), "down", () -> {
            b.host.setUp(Bench.IF, false);
            b.instance.interfaceChanged(Bench.IF, false);
        });
        b.clock.at(s(8), "up", () -> {
            b.host.setUp(Bench.IF, true);
            b.instance.interfaceChanged(Bench.IF, true);
        });
        b.runSeconds(15);
        assertEquals(s(5), b.when(VrrpState.FAULT, 0));
        assertEquals(s(8), b.when(VrrpState.BACKUP, s(5)));
        assertEquals(s(8) + us(3_414_062), b.when(VrrpState.MASTER, s(8)));
    }

    @Test
    @DisplayName("§1.3/§1.4 v3: a BACKUP adopts the master's advertised interval for its MDI (RFC 5798 §6.4.2, vrrp.c update_master_adver_int)")
    void v3LearnsMasterInterval() {
        Bench b = new Bench(V2);
        b.start(VrrpInstanceConfig.builder("VI_1", Bench.IF, 51).version(3).advertIntervalMicros(500_000).virtualAddress(Bench.VIP).build());
        assertEquals(3 * 500_000 + 304_687, b.instance.masterDownMicros(), "own 50 cs: 1.5 s + 156 x 50 x 625/16 µs");
        byte[] slowMaster = VrrpPacket.v3(51, 150, 100, List.of(Bench.VIP.ip())).encode(Bench.PEER, VrrpPacket.MULTICAST_GROUP, false);
        b.deliver(ms(500), new ReceivedAdvert(Bench.IF, Bench.PEER, VrrpPacket.MULTICAST_GROUP, 255, slowMaster));
        b.runSeconds(10);
        assertEquals(ms(500) + us(3_609_375), b.when(VrrpState.MASTER, 0), "3 x 100 cs + (256-100) x 100 x 625/16 µs");
        // As MASTER it advertises its own 50 cs again.
        assertEquals(50, b.host.adverts.get(0).packet().advertInterval());
        assertEquals(List.of(ms(500) + us(3_609_375), ms(1_000) + us(3_609_375)),
                b.host.adverts.subList(0, 2).stream().map(FakeVrrpHost.Advert::time).toList());
    }
}
