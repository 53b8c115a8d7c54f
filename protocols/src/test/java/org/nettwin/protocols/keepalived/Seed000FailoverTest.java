package org.nettwin.protocols.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nettwin.protocols.env.Time.s;
import static org.nettwin.protocols.env.Time.us;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.FakeVrrpHost;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.TestClock;
import org.nettwin.protocols.vrrp.VirtualAddress;
import org.nettwin.protocols.vrrp.Wire;

/**
 * protocol-facts §8.0: the two Gate Peers of seed 000 (keepalived 2.x, VRRPv2, unicast peers {.100, .101}, both
 * `state MASTER`, P150 / P100), their real configuration files, on a test wire with a 100 µs one-way delay.
 */
class Seed000FailoverTest {
    private static final long WIRE = us(100);
    private static final String VI = "vrrp/VI_1";
    private static final Ip4 P1_IP = Ip4.parse("172.16.0.100");
    private static final Ip4 P2_IP = Ip4.parse("172.16.0.101");
    private static final VirtualAddress VIP = VirtualAddress.of(IfAddr.parse("172.16.0.150/32"));

    private final TestClock clock = new TestClock(2022);
    private final Wire wire = new Wire(clock, WIRE);
    private final FakeVrrpHost gp1 = new FakeVrrpHost(clock, "gp1").iface("vxlan0", Mac.parse("0a:00:00:00:00:64"), P1_IP);
    private final FakeVrrpHost gp2 = new FakeVrrpHost(clock, "gp2").iface("vxlan0", Mac.parse("0a:00:00:00:00:65"), P2_IP);
    private Keepalived k1;
    private Keepalived k2;

    private void boot(String p1Config, String p2Text) throws ConfigError {
        k1 = new Keepalived(SeedConfigTest.seed(p1Config, KeepalivedProfile.V2_2), gp1.env(), gp1);
        k2 = new Keepalived(KeepalivedConfParser.parse("gp2.conf", p2Text), gp2.env(), gp2);
        wire.attach(gp1, k1::receive);
        wire.attach(gp2, k2::receive);
        k1.start();
        k2.start();
    }

    private void bootPlain() throws ConfigError {
        boot("000_gate_peer1_keepalived.conf", SeedConfigTest.resource("000_gate_peer2_keepalived.conf"));
    }

    private long became(String node, String state, long from) {
        TraceRecord r = clock.first(from, TestClock.stateTo(node, VI, state));
        return r == null ? -1 : r.time();
    }

    private long logged(String node, String text, long from) {
        TraceRecord r = clock.first(from, TestClock.log(node, text));
        return r == null ? -1 : r.time();
    }

    @Test
    @DisplayName("§8.0 item 1, cold start: both BACKUP (init); P1 MASTER at its MDI 3.414 s; 2 unicast adverts/s; the self-advert warning every second")
    void coldStart() throws ConfigError {
        bootPlain();
        clock.runUntil(s(20));
        assertEquals(0, logged("gp1", "(VI_1) Entering BACKUP STATE (init)", 0));
        assertEquals(0, logged("gp2", "(VI_1) Entering BACKUP STATE (init)", 0));
        assertEquals(us(3_414_062), became("gp1", "MASTER", 0));
        assertEquals(-1, became("gp2", "MASTER", 0));
        assertEquals(List.of(VIP), gp1.vipsOn("vxlan0"));
        List<FakeVrrpHost.Advert> steady = gp1.advertsBetween(s(10), s(20));
        assertEquals(20, steady.size());
        assertEquals(List.of(P1_IP, P2_IP), steady.subList(0, 2).stream().map(FakeVrrpHost.Advert::dst).toList());
        long warnings = clock.all(r -> r.time() >= s(10) && TestClock.log("gp1", "(VI_1) WARNING - equal priority advert received from remote host with our IP address.").test(r)).size();
        assertEquals(10, warnings);
        assertTrue(gp2.adverts.isEmpty(), "a BACKUP never advertises");
    }

    @Test
    @DisplayName("§8.0 item 2, `systemctl stop` on P1: priority 0, VIP gone; P2 MASTER after Skew_Time 0.609 s, 5+5 GARPs, 1 GARP per 60 s, notify MASTER 100")
    void cleanStop() throws ConfigError {
        String p2Router = SeedConfigTest.resource("000_router_master_keepalived.conf").replace("priority 150", "priority 100");
        boot("000_gate_peer1_keepalived.conf", p2Router);
        clock.at(s(20), "stop", k1::stop);
        clock.runUntil(s(90));
        List<FakeVrrpHost.Advert> goodbye = gp1.advertsBetween(s(20), s(20) + 1);
        assertEquals(List.of(0, 0), goodbye.stream().map(FakeVrrpHost.Advert::priority).toList());
        assertTrue(gp1.vipsOn("vxlan0").isEmpty());
        long takeover = s(20) + WIRE + us(609_375);
        assertEquals(takeover, became("gp2", "MASTER", 0));
        assertEquals(List.of(VIP), gp2.vipsOn("vxlan0"));
        List<Long> garps = gp2.garpsBetween(0, s(90)).stream().map(FakeVrrpHost.Frame::time).distinct().toList();
        assertEquals(List.of(takeover, takeover + s(5), takeover + s(61)), garps);
        assertEquals(5, gp2.garpsBetween(takeover + s(5), takeover + s(5) + 1).size());
        assertEquals(1, gp2.garpsBetween(takeover + s(61), takeover + s(61) + 1).size());
        List<List<String>> notified = gp2.notifies.stream().map(FakeVrrpHost.Notify::argv).toList();
        assertEquals(List.of(
                List.of("/usr/local/bin/switch-route-trigger.sh", "INSTANCE", "VI_1", "BACKUP", "100"),
                List.of("/usr/local/bin/switch-route-trigger.sh", "INSTANCE", "VI_1", "MASTER", "100")), notified);
        assertEquals(s(20), clock.first(0, TestClock.stateTo("gp1", "process/keepalived", "STOPPED")).time());
    }

    @Test
    @DisplayName("§8.0 item 3, kill -9 of P1: nothing sent, the VIP stays on P1; P2 takes over at last advert + MDI 3.609 s")
    void silentDeath() throws ConfigError {
        bootPlain();
        long killedAt = s(20) + us(500_000);
        clock.at(killedAt, "kill", k1::kill);
        clock.runUntil(s(40));
        long lastAdvert = us(3_414_062) + s(17);
        assertEquals(lastAdvert, gp1.adverts.get(gp1.adverts.size() - 1).time());
        assertTrue(gp1.advertsBetween(killedAt, s(40)).isEmpty());
        assertEquals(List.of(VIP), gp1.vipsOn("vxlan0"), "SIGKILL leaves the VIP on the interface");
        long takeover = lastAdvert + WIRE + us(3_609_375);
        assertEquals(takeover, became("gp2", "MASTER", 0));
        long afterCut = takeover - killedAt;
        assertTrue(afterCut > us(2_609_375) && afterCut <= us(3_609_375), "takeover " + afterCut + " ns after the kill, within (MDI-1, MDI]");
        assertEquals(s(20) + us(500_000), clock.first(0, TestClock.stateTo("gp1", "process/keepalived", "KILLED")).time());
    }

    @Test
    @DisplayName("§8.0 item 3, network cut of P1 while keepalived runs: both MASTER (split brain) until the path heals")
    void cutAndHeal() throws ConfigError {
        bootPlain();
        clock.at(s(20) + us(500_000), "cut", () -> wire.cut(gp1));
        clock.at(s(30) + us(500_000), "heal", () -> wire.heal(gp1));
        clock.runUntil(s(29));
        assertTrue(k1.instance("VI_1").orElseThrow().ownsVips());
        assertTrue(k2.instance("VI_1").orElseThrow().ownsVips(), "split brain while cut");
        clock.runUntil(s(40));
        // P2 became MASTER at P1's last advert before the cut + MDI; its first advert after the heal reaches P1,
        // which answers at once ("forcing new election"), and that answer sends P2 back to BACKUP.
        long p2Master = us(3_414_062) + s(17) + WIRE + us(3_609_375);
        assertEquals(p2Master, became("gp2", "MASTER", 0));
        assertEquals(p2Master + s(7) + WIRE,
                logged("gp1", "(VI_1) Received advert from 172.16.0.101 with lower priority 100, ours 150, forcing new election", s(30)));
        long backAt = logged("gp2", "(VI_1) Master received advert from 172.16.0.100 with higher priority 150, ours 100", s(30));
        assertEquals(p2Master + s(7) + 2 * WIRE, backAt);
        assertEquals(backAt, became("gp2", "BACKUP", s(30)));
        assertTrue(gp2.vipsOn("vxlan0").isEmpty());
    }

    @Test
    @DisplayName("§8.0 item 4, P1 returns: BACKUP, discards P2's lower adverts, preempts at its own MDI 3.414 s; P2 logs 'higher priority 150'")
    void returnPreempts() throws ConfigError {
        bootPlain();
        clock.at(s(20), "stop", k1::stop);
        clock.at(s(46), "start", k1::start);
        clock.runUntil(s(60));
        assertEquals(s(46), logged("gp1", "(VI_1) Entering BACKUP STATE (init)", s(40)));
        long firstDiscard = logged("gp1", "(VI_1) received lower priority (100) advert from 172.16.0.101 - discarding", s(46));
        assertTrue(firstDiscard > s(46) && firstDiscard < s(47), "P2 keeps advertising every second: " + firstDiscard);
        long preempt = s(46) + us(3_414_062);
        assertEquals(preempt, became("gp1", "MASTER", s(46)));
        assertEquals(preempt + WIRE, logged("gp2", "(VI_1) Master received advert from 172.16.0.100 with higher priority 150, ours 100", s(46)));
        assertEquals(preempt + WIRE, became("gp2", "BACKUP", s(46)));
        assertTrue(gp2.vipsOn("vxlan0").isEmpty());
        assertEquals(List.of(VIP), gp1.vipsOn("vxlan0"));
    }

    @Test
    @DisplayName("reload (SIGHUP) keeps a MASTER master, adds a new VIP with GARPs, starts a new instance; a removed one is released")
    void reload() throws ConfigError {
        bootPlain();
        clock.runUntil(s(10));
        String text = SeedConfigTest.resource("000_gate_peer1_keepalived.conf").replace("        172.16.0.150\n", "        172.16.0.150\n        172.16.0.151\n");
        KeepalivedConfig next = KeepalivedConfParser.parse("gp1.conf", text);
        clock.at(s(10) + us(1), "hup", () -> k1.reload(next));
        clock.runUntil(s(12));
        assertNull(clock.first(s(10), TestClock.stateTo("gp1", VI, "BACKUP")));
        assertEquals(List.of(VIP, VirtualAddress.of(IfAddr.parse("172.16.0.151/32"))), gp1.vipsOn("vxlan0"));
        assertEquals(10, gp1.garpsBetween(s(10), s(11)).size(), "5 rounds for each of the two VIPs");
        assertEquals(2, gp1.advertsBetween(s(10) + us(1), s(10) + us(2)).size(), "reload_master: an advert at once");
        TraceRecord sent = clock.first(s(10), r -> r.node().equals("gp1") && r.event() instanceof TraceEvent.Log l && l.text().equals("Reloading"));
        assertNotNull(sent);

        // A second reload renames the instance: VI_1 is released (priority 0, VIPs gone) and VI_2 starts afresh.
        KeepalivedConfig renamed = KeepalivedConfParser.parse("gp1.conf", text.replace("VI_1", "VI_2").replace("virtual_router_id 51", "virtual_router_id 52"));
        clock.at(s(12), "hup2", () -> k1.reload(renamed));
        clock.runUntil(s(13));
        assertEquals(List.of(0, 0), gp1.advertsBetween(s(12), s(12) + 1).stream().map(FakeVrrpHost.Advert::priority).toList());
        assertEquals(s(12), clock.first(s(12), TestClock.stateTo("gp1", VI, "DELETED")).time());
        assertTrue(gp1.vipsOn("vxlan0").isEmpty());
        assertEquals(s(12), logged("gp1", "(VI_2) Entering BACKUP STATE (init)", s(12)));
        assertEquals(List.of("VI_2"), k1.instances().stream().map(i -> i.name()).toList());
    }
}
