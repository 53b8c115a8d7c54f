package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** Linux neighbour behaviour from protocol-facts §7 ("Next-hop ARP fails", "ARP defaults", "Duplicate IP"). */
class NeighbourTableTest {
    record ArpOut(long time, ArpPacket arp, Mac dst) {}
    record IpOut(long time, Mac dst, byte[] packet) {}

    private final ManualEnv env = new ManualEnv("h1", 7);
    private final List<ArpOut> arps = new ArrayList<>();
    private final List<IpOut> sent = new ArrayList<>();
    private final List<byte[]> failed = new ArrayList<>();
    private NeighbourTable table;
    private NetInterface eth0;

    private static final Ip4 GW = Ip4.parse("192.168.0.254");
    private static final Mac MAIN = Mac.parse("02:00:00:00:00:01");
    private static final Mac SUB = Mac.parse("02:00:00:00:00:02");

    @BeforeEach void setUp() {
        eth0 = new NetInterface("eth0", 0, 0, Mac.parse("02:00:00:00:00:66"), 1500);
        eth0.addAddress(IfAddr.parse("192.168.0.102/24"));
        table = new NeighbourTable(env, new NeighbourTable.Io() {
            public void sendArp(NetInterface ifc, ArpPacket arp, Mac dst) { arps.add(new ArpOut(env.now(), arp, dst)); }
            public void transmitIp(NetInterface ifc, Mac dst, byte[] p) { sent.add(new IpOut(env.now(), dst, p)); }
            public void resolutionFailed(NetInterface ifc, Ip4 nh, byte[] p) { failed.add(p); }
        }, NeighbourTable.Params.linux());
    }

    private ArpPacket reply(Mac from) { return new ArpPacket(ArpPacket.REPLY, from, GW, eth0.mac(), Ip4.parse("192.168.0.102")); }

    @Test @DisplayName("§7 next-hop ARP fails: 3 broadcast probes 1 s apart, then Host Unreachable for the queued packet at 3 s")
    void unresolvedNextHopFailsAfterThreeProbes() {
        table.output(eth0, GW, new byte[] {1});
        env.advanceTo(Time.s(10));
        assertEquals(List.of(0L, Time.s(1), Time.s(2)), arps.stream().map(ArpOut::time).toList());
        assertTrue(arps.stream().allMatch(a -> a.dst().isBroadcast()));
        assertEquals(1, failed.size());
        assertEquals(NeighbourTable.State.FAILED, table.lookup(eth0, GW).state());
        assertTrue(sent.isEmpty());
    }

    @Test @DisplayName("a reply resolves the entry and releases the queued packets in order")
    void replyFlushesQueue() {
        table.output(eth0, GW, new byte[] {1});
        table.output(eth0, GW, new byte[] {2});
        env.advanceTo(Time.ms(300));
        table.onArp(eth0, reply(MAIN), false, true);
        assertEquals(2, sent.size());
        assertEquals(MAIN, sent.get(0).dst());
        assertEquals(1, sent.get(0).packet()[0]);
        assertEquals(NeighbourTable.State.REACHABLE, table.lookup(eth0, GW).state());
    }

    @Test @DisplayName("§7 duplicate IP: the FIRST reply wins inside locktime (1 s); a later one after locktime overrides")
    void firstReplyWinsWithinLocktime() {
        table.output(eth0, GW, new byte[] {1});
        table.onArp(eth0, reply(MAIN), false, true);
        env.advanceTo(Time.ms(500));
        table.onArp(eth0, reply(SUB), false, true);
        assertEquals(MAIN, table.lookup(eth0, GW).mac());
        env.advanceTo(Time.ms(1600));
        table.onArp(eth0, reply(SUB), false, true);
        assertEquals(SUB, table.lookup(eth0, GW).mac());
    }

    @Test @DisplayName("§7 GARP overrides even inside locktime, and leaves the entry STALE")
    void garpOverrides() {
        table.output(eth0, GW, new byte[] {1});
        table.onArp(eth0, reply(MAIN), false, true);
        env.advanceTo(Time.ms(100));
        table.onArp(eth0, new ArpPacket(ArpPacket.REQUEST, SUB, GW, Mac.BROADCAST, GW), false, false);
        assertEquals(SUB, table.lookup(eth0, GW).mac());
        assertEquals(NeighbourTable.State.STALE, table.lookup(eth0, GW).state());
    }

    @Test @DisplayName("unsolicited ARP does not create entries (arp_accept=0)")
    void garpDoesNotCreate() {
        table.onArp(eth0, new ArpPacket(ArpPacket.REQUEST, SUB, GW, Mac.BROADCAST, GW), false, false);
        assertNull(table.lookup(eth0, GW));
    }

    @Test @DisplayName("§7 ARP defaults: reachable 15–45 s, then STALE; use → DELAY 5 s → 3 unicast probes → FAILED")
    void staleDelayProbeFailed() {
        long reach = table.reachableTimeNs();
        assertTrue(reach >= Time.s(15) && reach < Time.s(45), "reachable time " + reach);
        table.output(eth0, GW, new byte[] {1});
        table.onArp(eth0, reply(MAIN), false, true);
        env.advanceTo(reach + Time.s(6)); // unused for longer than delay_first_probe: REACHABLE -> STALE
        assertEquals(NeighbourTable.State.STALE, table.lookup(eth0, GW).state());
        arps.clear();
        long t0 = env.now();
        table.output(eth0, GW, new byte[] {2});
        assertEquals(MAIN, sent.get(sent.size() - 1).dst(), "a stale MAC is still used");
        assertEquals(NeighbourTable.State.DELAY, table.lookup(eth0, GW).state());
        env.advanceTo(t0 + Time.s(5) + Time.s(3) + 1);
        assertEquals(List.of(t0 + Time.s(5), t0 + Time.s(6), t0 + Time.s(7)), arps.stream().map(ArpOut::time).toList());
        assertTrue(arps.stream().allMatch(a -> a.dst().equals(MAIN)), "PROBE sends unicast to the cached MAC");
        assertEquals(NeighbourTable.State.FAILED, table.lookup(eth0, GW).state());
    }
}
