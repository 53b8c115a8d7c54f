package org.nettwin.protocols.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.ms;
import static org.nettwin.protocols.env.Time.s;
import static org.nettwin.protocols.env.Time.us;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.FakeVrrpHost;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.TestClock;
import org.nettwin.protocols.vrrp.Wire;

/**
 * protocol-facts §8.2: the two Raspberry Pis of seed 002 with their real configurations (multicast, auth PASS,
 * main tracking `check_ftth`, fall 3, `raise 3` ignored), on a LAN wire with 100 µs delay. The FTTH ping
 * fails while ppp0 is gone (τ = 30.3 s, `poff`) and works again from 60.3 s (`pon`); each ping takes 5 ms.
 */
class Seed002FailoverTest {
    private static final long WIRE = us(100);
    private static final long POFF = ms(30_300);
    private static final long PON = ms(60_300);
    private static final String VI = "vrrp/VI_1";

    private final TestClock clock = new TestClock(2016);
    private final Wire wire = new Wire(clock, WIRE);
    private final FakeVrrpHost main = new FakeVrrpHost(clock, "main").iface("eth0", Mac.parse("b8:27:eb:00:00:01"), Ip4.parse("192.168.0.1"));
    private final FakeVrrpHost sub = new FakeVrrpHost(clock, "sub").iface("eth0", Mac.parse("b8:27:eb:00:00:02"), Ip4.parse("192.168.0.2"));

    private void boot(KeepalivedProfile profile) throws ConfigError {
        main.checks((name, argv, now) -> new FakeVrrpHost.CheckOutcome(ms(5), now >= POFF && now < PON ? 2 : 0));
        Keepalived kMain = new Keepalived(SeedConfigTest.seed("002_main_keepalived.conf", profile), main.env(), main);
        Keepalived kSub = new Keepalived(SeedConfigTest.seed("002_sub_keepalived.conf", profile), sub.env(), sub);
        wire.attach(main, kMain::receive);
        wire.attach(sub, kSub::receive);
        kMain.start();
        kSub.start();
        clock.runUntil(s(80));
    }

    private long became(String node, String state, long from) {
        TraceRecord r = clock.first(from, TestClock.stateTo(node, VI, state));
        return r == null ? -1 : r.time();
    }

    private long notified(FakeVrrpHost host, String script, long from) {
        return host.notifies.stream().filter(n -> n.time() >= from && n.argv().equals(List.of(script))).findFirst()
                .map(FakeVrrpHost.Notify::time).orElse(-1L);
    }

    @Test
    @DisplayName("§8.2 under 1.2.13: FAULT at the advert tick after the 3rd failure (τ+[2,4) s); sub owns the VIP 0.805 s + 1 s later")
    void keepalived1213() throws ConfigError {
        boot(KeepalivedProfile.V1_2);
        assertEquals(s(2), became("main", "MASTER", 0), "GOTO_MASTER at start, 'Entering MASTER' two intervals later");
        // Pings at 31, 32, 33 s fail; the third makes the script KO at 33.005 s; main's ticks fall on whole seconds.
        long fault = s(34);
        assertEquals(fault, became("main", "FAULT", 0));
        long phaseA = fault - POFF;
        assertTrue(phaseA >= s(2) && phaseA < s(4), "phase A " + phaseA);
        assertEquals(fault, notified(main, "/etc/keepalived/backup.sh", s(3)));
        long transition = fault + WIRE + us(804_687);
        assertEquals(transition, clock.first(0, TestClock.log("sub", "VRRP_Instance(VI_1) Transition to MASTER STATE")).time());
        assertEquals(transition + s(1), became("sub", "MASTER", 0));
        assertEquals(transition + s(1), notified(sub, "/etc/keepalived/master.sh", 0));
        assertTrue(sub.garpsBetween(0, transition + s(1)).isEmpty());
        // Failback: the first ping after `pon` succeeds at 61.005 s; main claims on sub's next advert, +1 s to MASTER.
        long subAdvert = transition + s(1) + s(26) + WIRE;
        assertEquals(subAdvert, clock.first(PON, TestClock.log("main", "VRRP_Instance(VI_1) prio is higher than received advert")).time());
        assertEquals(subAdvert + WIRE, became("sub", "BACKUP", PON));
        // sub's parting advert reaches main 2 wire delays after its claim and, as any advert read in 1.2.13's
        // MASTER state does, restarts main's one-interval timer: the VIPs follow 1 s after that.
        assertEquals(subAdvert + 2 * WIRE + s(1), became("main", "MASTER", PON));
    }

    @Test
    @DisplayName("§8.2 under 2.x: FAULT when the script turns KO (τ+[2,3) s); sub MASTER after Skew_Time 0.805 s; failback after MDI 3.609 s")
    void keepalived2() throws ConfigError {
        boot(KeepalivedProfile.V2_2);
        assertEquals(us(5_000) + us(3_609_375), became("main", "MASTER", 0), "FAULT until the first check, then BACKUP with a full MDI");
        long fault = s(33) + ms(5);
        assertEquals(0, became("main", "FAULT", 0), "2.x holds the instance in FAULT while its script is in init");
        assertEquals(fault, became("main", "FAULT", s(1)));
        long phaseA = fault - POFF;
        assertTrue(phaseA >= s(2) && phaseA < s(3), "phase A " + phaseA);
        assertEquals(List.of(0, 0), main.advertsBetween(fault, fault + 1).stream().map(FakeVrrpHost.Advert::priority).toList());
        assertEquals(fault + WIRE + us(804_687), became("sub", "MASTER", 0));
        long recovered = s(61) + ms(5);
        assertEquals(recovered, became("main", "BACKUP", PON));
        assertEquals(recovered + us(3_609_375), became("main", "MASTER", PON));
        assertEquals(recovered + us(3_609_375) + WIRE, became("sub", "BACKUP", PON));
        assertEquals(List.of("Unknown keyword 'raise'"), clock.all(TestClock.logStarting("main", "Unknown keyword")).stream()
                .map(r -> ((org.nettwin.protocols.trace.TraceEvent.Log) r.event()).text()).toList());
    }
}
