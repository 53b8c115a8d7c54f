package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.gre.GreHeader;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.Tshark;

/**
 * Seed 001: Vyatta HA over GRE with Heartbeat, from the Vyatta `set` lines of examples/vyatta-gre-ha.
 * Times follow from the Vyatta defaults of protocol-facts §4 (keepalive 5 s, warntime 10 s, deadtime 20 s).
 */
class VyattaGreHaTest {
    private static final long KEEPALIVE = Time.s(5), WARNTIME = Time.s(10), DEADTIME = Time.s(20);
    private static final long FAILURE = Time.s(60);
    private static final String CLUSTER = "cluster/aws";
    private static final Ip4 MCAST = Ip4.parse("239.251.252.253");

    private static ScenarioRunner.CompletedRun run(String scenario, Path pcaps) throws Exception {
        return ScenarioRunner.execute(ScenarioLoader.load(Examples.file("vyatta-gre-ha/" + scenario)), new RunOptions(null, pcaps, null, 1, true, null));
    }

    /** When {@code node}'s cluster state went to {@code to} after {@code from}, if it did. */
    private static Optional<Long> became(List<TraceRecord> trace, String node, String to, long from) {
        return trace.stream().filter(r -> r.node().equals(node) && r.time() >= from && r.event() instanceof TraceEvent.StateChanged s
                && s.machine().equals(CLUSTER) && s.to().equals(to)).map(TraceRecord::time).findFirst();
    }

    private static Optional<Long> logged(List<TraceRecord> trace, String node, String text, long from) {
        return trace.stream().filter(r -> r.node().equals(node) && r.time() >= from && r.event() instanceof TraceEvent.Log l
                && l.program().equals("heartbeat") && l.text().contains(text)).map(TraceRecord::time).findFirst();
    }

    /** Heartbeats from {@code sender}'s tunnel end that reached the VPC router, as GRE on its link (pcap time = send time). */
    private static List<Long> heartbeatsSent(Path pcaps, String link, Ip4 outerSrc) throws Exception {
        return LinkCapture.read(pcaps, link).stream().filter(f -> f.ip().filter(ip -> ip.protocol() == IpProto.GRE && ip.src().equals(outerSrc)
                && inner(ip).dst().equals(MCAST)).isPresent()).map(LinkCapture.Frame::timeNs).toList();
    }

    private static Ipv4Packet inner(Ipv4Packet outer) {
        byte[] p = GreHeader.decode(outer.payload(), 0, outer.payload().length).payload();
        return Ipv4Packet.decode(p, 0, p.length);
    }

    @Test @DisplayName("§8.1: primary vyatta-a is active after boot; heartbeats cross the VPC only inside GRE (proto 47, ttl 255, DF, inner TTL 1)")
    void bootAndWireFormat(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun r = run("primary-dies.scenario.yml", tmp);
        // Both start Heartbeat at 1 ms (setup). Each one's first heartbeat leaves after an ARP round trip for the VPC
        // router (2 ms) and crosses the VPC in 2 ms: communication is up at 5 ms and T_STARTING goes out; each answers
        // the other's with a resource report (7 ms), which arrives at 9 ms: RSCRCVD, and the primary takes the group
        // RQSTDELAY (10 s) later (nice_failback, heartbeat hb_resource.c:1115, heartbeat.c:1897).
        assertEquals(Time.ms(9) + Time.s(10), became(r.trace(), "vyatta-a", "ACTIVE", 0).orElseThrow(), "both start together: the primary takes the group after RQSTDELAY");
        assertTrue(logged(r.trace(), "vyatta-c", "No local resources [/usr/share/heartbeat/ResourceManager listkeys vyatta-c] to acquire.", 0).isPresent());
        assertEquals(Optional.empty(), became(r.trace(), "vyatta-c", "ACTIVE", 0).filter(t -> t < FAILURE));
        List<LinkCapture.Frame> vpcA = LinkCapture.read(tmp, "vpc-a");
        Ipv4Packet gre = vpcA.stream().flatMap(f -> f.ip().stream()).filter(ip -> ip.protocol() == IpProto.GRE).findFirst().orElseThrow();
        assertEquals(255, gre.ttl(), "Vyatta tunnel ttl default (protocol-facts §3.2)");
        assertTrue(gre.dontFragment(), "iproute2's default pmtudisc puts DF on every outer packet (ip_tunnel_xmit)");
        assertEquals(Ip4.parse("10.0.1.10"), gre.src());
        assertEquals(Ip4.parse("10.0.2.10"), gre.dst());
        Ipv4Packet hb = inner(gre);
        assertEquals(MCAST, hb.dst());
        assertEquals(1, hb.ttl(), "mcast tun00 239.251.252.253 694 1 0");
        assertEquals(Ip4.parse("169.254.0.1"), hb.src());
        // keepalive 5 s: one heartbeat per 5 s while nothing changes (extra ones only announce a takeover, at 10.009 s).
        List<Long> sent = heartbeatsSent(tmp, "vpc-a", Ip4.parse("10.0.1.10")).stream().filter(t -> t > Time.s(11) && t < FAILURE).toList();
        for (int i = 1; i < sent.size(); i++) assertEquals(KEEPALIVE, sent.get(i) - sent.get(i - 1), "heartbeat " + i);
        boolean multicastOnVpc = vpcA.stream().anyMatch(f -> f.ip().filter(ip -> ip.dst().isMulticast()).isPresent());
        assertFalse(multicastOnVpc, "the VPC carries no multicast: heartbeats travel only as unicast GRE");
        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Tshark.Dissection d = Tshark.dissect(tmp.resolve("vpc-a.pcap"));
        assertFalse(d.hasMalformed(), d.problems().toString());
        Set<String> stacks = new TreeSet<>(d.protocolStacks());
        assertTrue(stacks.stream().anyMatch(s -> s.startsWith("eth:ethertype:ip:gre:ip:udp")), stacks.toString());
    }

    @Test @DisplayName("§8.1: primary dies silently -> late warning at +warntime, takeover at +deadtime after its last heartbeat (15-20 s); no failback")
    void primaryDiesThenReturns(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun r = run("primary-dies.scenario.yml", tmp);
        assertTrue(r.result().passed(), r.result().failures().toString());
        List<Long> heard = heartbeatsSent(tmp, "vpc-a", Ip4.parse("10.0.1.10")).stream().filter(t -> t < FAILURE).toList();
        long lastHeartbeat = heard.get(heard.size() - 1);
        long late = logged(r.trace(), "vyatta-c", "Late heartbeat: Node vyatta-a", FAILURE).orElseThrow();
        long takeover = became(r.trace(), "vyatta-c", "ACTIVE", FAILURE).orElseThrow();
        // The VPC path is 2 x 1 ms: the heartbeat left vyatta-a's link 2 ms before vyatta-c heard it.
        long oneWay = Time.ms(2);
        assertEquals(lastHeartbeat + oneWay + WARNTIME, late);
        assertEquals(lastHeartbeat + oneWay + DEADTIME, takeover);
        long afterFailure = takeover - FAILURE;
        assertTrue(afterFailure >= DEADTIME - KEEPALIVE && afterFailure <= DEADTIME, "takeover " + Time.format(afterFailure) + " after the failure");
        assertTrue(logged(r.trace(), "vyatta-c", "node vyatta-a: is dead", FAILURE).orElseThrow() == takeover);
        assertTrue(logged(r.trace(), "vyatta-c", "Dead node vyatta-a gave up resources.", FAILURE).isPresent());
        // The client's pings: lost from the failure until the takeover's gratuitous ARP, answered afterwards; those
        // queued while the client re-resolves the address (up to 3 s of them: 3 probes × 1 s, protocol-facts §7) are
        // answered when the gratuitous ARP arrives.
        ProbeTally server = r.probes().get("server");
        assertTrue(server.lost() >= 12 && server.lost() <= 21, "lost " + server.lost());
        // Primary back (Heartbeat restarted at 96 s): it hears vyatta-c holding the group and stays standby.
        assertTrue(became(r.trace(), "vyatta-a", "STANDBY", Time.s(96)).isPresent());
        assertEquals(Optional.empty(), became(r.trace(), "vyatta-a", "ACTIVE", Time.s(96)), "auto_failback off: no failback");
        assertEquals(Optional.empty(), became(r.trace(), "vyatta-c", "STANDBY", takeover), "vyatta-c keeps the group");
    }

    @Test @DisplayName("§8.1: only the GRE path breaks -> both ACTIVE (split brain) deadtime after their last heartbeats")
    void splitBrain(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun r = run("split-brain.scenario.yml", tmp);
        assertTrue(r.result().passed(), r.result().failures().toString());
        long cTakes = became(r.trace(), "vyatta-c", "ACTIVE", FAILURE).orElseThrow();
        long aDeclares = logged(r.trace(), "vyatta-a", "node vyatta-c: is dead", FAILURE).orElseThrow();
        for (long t : List.of(cTakes, aDeclares)) {
            assertTrue(t - FAILURE > DEADTIME - KEEPALIVE && t - FAILURE <= DEADTIME, "dead " + Time.format(t - FAILURE) + " after the cut");
        }
        assertEquals(Optional.empty(), became(r.trace(), "vyatta-a", "STANDBY", FAILURE), "vyatta-a keeps the group too");
        boolean bothActive = became(r.trace(), "vyatta-a", "ACTIVE", 0).isPresent() && became(r.trace(), "vyatta-c", "STANDBY", cTakes).isEmpty();
        assertTrue(bothActive, "split brain: both hold 192.168.10.1");
    }

    /**
     * The GRE path is cut at 60 s and heals at 90 s (split-brain-heals.scenario.yml). Both routers start Heartbeat at
     * 1 ms and send a heartbeat every 5 s from then on (x.001 s), each crossing the VPC in 2 ms. Heartbeat 3.0.6:
     * <ul>
     *   <li>the last heartbeats before the cut left at 55.001 s and arrived at 55.003 s: both declare the other dead
     *       deadtime (20 s) later, 75.003 s; vyatta-c takes the group, vyatta-a (holding it since 10.009 s) keeps it;</li>
     *   <li>90.001 s: both send a heartbeat. vyatta-c's arrives at 90.003 s. vyatta-a's waits 2 ms for ARP to
     *       resolve the VPC router again (its entry failed during the cut), so vyatta-a is the first to hear a node
     *       it marked dead with an unchanged generation: "returning after partition" (heartbeat.c:5686-5713) at
     *       90.003 s; it sends its status at once (5717), which reaches vyatta-c at 90.005 s, which does the same;</li>
     *   <li>2 s later (5720) each gives up the group (cause_shutdown_restart 4717, hb_giveup_resources
     *       hb_resource.c:2003): 92.003 and 92.005 s; each receives the other's T_SHUTDONE while shutting down
     *       ("Resource takeover cancelled", hb_resource.c:1288);</li>
     *   <li>1 s after its own T_SHUTDONE (hb_resource.c:244) phase 0/1, 1 s later phase 2 (heartbeat.c:2158):
     *       "Heartbeat restart triggered." (2190) and STOPPED at 94.003 and 94.005 s; the sleep of
     *       (20000 + 999) / 1000 + 1 = 21 s (heartbeat.c:4250) ends at 115.003 and 115.005 s;</li>
     *   <li>vyatta-a's fresh first heartbeat (115.003 s) reaches vyatta-c at 115.005 s, the instant vyatta-c restarts
     *       (its restart, armed earlier, runs first): communication up at vyatta-c, T_STARTING to vyatta-a (115.007 s),
     *       which answers with its own and a report, arriving at 115.009 s (vyatta-c: RSCRCVD); vyatta-c's report
     *       reaches vyatta-a at 115.011 s (RSCRCVD). RQSTDELAY (10 s) later: vyatta-c has no resources of its own
     *       (125.009 s), vyatta-a takes the group (125.011 s). Nobody holds it from 92.005 s to 125.011 s.</li>
     * </ul>
     * Both daemons restarted, so neither logs "Heartbeat restart on node" (5730): a fresh daemon has seen no earlier generation.
     */
    @Test @DisplayName("§8.1 + heal: split brain while the GRE path is cut; once healed both give up and restart, and the primary alone is active")
    void splitBrainHeals(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun r = run("split-brain-heals.scenario.yml", tmp);
        assertTrue(r.result().passed(), r.result().failures().toString());
        List<TraceRecord> t = r.trace();
        long dead = Time.ms(55_003) + DEADTIME;
        assertEquals(dead, became(t, "vyatta-c", "ACTIVE", FAILURE).orElseThrow());
        assertEquals(dead, logged(t, "vyatta-a", "WARN: node vyatta-c: is dead", FAILURE).orElseThrow());
        assertEquals(Optional.empty(), became(t, "vyatta-a", "STANDBY", FAILURE).filter(x -> x < Time.s(90)), "vyatta-a keeps the group during the cut");

        long aSees = Time.ms(90_003), cSees = Time.ms(90_005);
        List<String> partition = List.of("CRIT: Cluster node %s returning after partition.",
                "info: For information on cluster partitions, See URL: http://linux-ha.org/wiki/Split_Brain",
                "WARN: Deadtime value may be too small.", "info: See FAQ for information on tuning deadtime.",
                "info: URL: http://linux-ha.org/wiki/FAQ#Heavy_Load");
        for (String node : List.of("vyatta-a", "vyatta-c")) {
            long sees = node.equals("vyatta-a") ? aSees : cSees;
            String peer = node.equals("vyatta-a") ? "vyatta-c" : "vyatta-a";
            List<String> lines = t.stream().filter(x -> x.node().equals(node) && x.time() == sees && x.event() instanceof TraceEvent.Log l
                    && l.program().equals("heartbeat")).map(x -> ((TraceEvent.Log) x.event()).text()).limit(5).toList();
            assertEquals(partition.stream().map(p -> String.format(p, peer)).toList(), lines, node);
            long giveUp = sees + Time.s(2), stopped = giveUp + 2 * Time.s(1), fresh = stopped + Time.s(21);
            assertEquals(giveUp, became(t, node, "STANDBY", Time.s(90)).orElseThrow(), node + ": gives up 2 s after");
            assertEquals(giveUp, logged(t, node, "info: All HA resources relinquished.", Time.s(90)).orElseThrow(), node);
            long notice = logged(t, node, "info: Received shutdown notice from '" + peer + "'.", Time.s(90)).orElseThrow();
            assertEquals(notice, logged(t, node, "info: Resource takeover cancelled - shutdown in progress.", Time.s(90)).orElseThrow(), node);
            assertEquals(stopped, became(t, node, "STOPPED", Time.s(90)).orElseThrow(), node);
            assertEquals(stopped, logged(t, node, "info: Heartbeat restart triggered.", Time.s(90)).orElseThrow(), node);
            assertEquals(fresh, became(t, node, "STANDBY", stopped).orElseThrow(), node + ": fresh daemon after the 21 s sleep");
            assertEquals(Optional.empty(), logged(t, node, "Heartbeat restart on node", 0), node);
            // Silent while restarting: no heartbeat leaves the node's tunnel end between phase 2 and the fresh start.
            Ip4 outer = Ip4.parse(node.equals("vyatta-a") ? "10.0.1.10" : "10.0.2.10");
            String link = node.equals("vyatta-a") ? "vpc-a" : "vpc-c";
            assertEquals(List.of(), heartbeatsSent(tmp, link, outer).stream().filter(x -> x > stopped && x < fresh).toList(), node + " is silent");
        }
        assertEquals(Time.ms(125_011), became(t, "vyatta-a", "ACTIVE", Time.s(95)).orElseThrow(), "the primary takes the group RQSTDELAY after the restart");
        assertEquals(Time.ms(125_009), logged(t, "vyatta-c", "No local resources [/usr/share/heartbeat/ResourceManager listkeys vyatta-c] to acquire.", Time.s(95)).orElseThrow());
        assertEquals(Optional.empty(), became(t, "vyatta-c", "ACTIVE", Time.s(95)), "the secondary stays standby");
        assertEquals(Optional.empty(), became(t, "vyatta-a", "STANDBY", Time.ms(125_011)), "the primary keeps it to the end");
    }

    /**
     * vyatta-c (secondary, standby) crashes at 60 s and reboots at 80 s (secondary-reboots.scenario.yml). Its last
     * heartbeat before the crash left at 55.001 s and reached vyatta-a at 55.003 s: vyatta-a declares it dead
     * deadtime later, 75.003 s, and keeps the group. The reboot runs `vyatta-config` at 80.001 s, as at boot:
     * Heartbeat reads the generation its first daemon left on disk (1) and starts with 2 (IncrGeneration,
     * heartbeat.c:6554). Its first heartbeat waits 2 ms for ARP and crosses the VPC in 2 ms: at 80.005 s vyatta-a
     * sees a higher generation from a node it marked dead: "Heartbeat restart on node vyatta-c" (heartbeat.c:5730),
     * no partition handling, the group stays. With the generation lost in the reboot (1 again) vyatta-a would take
     * it for a returning partition and give the group up for 25 s + RQSTDELAY.
     */
    @Test @DisplayName("§8.1: the standby secondary reboots after being declared dead: its generation went up on disk, the primary keeps the group")
    void secondaryReboots(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun r = run("secondary-reboots.scenario.yml", tmp);
        assertTrue(r.result().passed(), r.result().failures().toString());
        List<TraceRecord> t = r.trace();
        long crash = Time.s(60), reboot = Time.s(80);
        assertEquals(Time.ms(55_003) + DEADTIME, logged(t, "vyatta-a", "WARN: node vyatta-c: is dead", crash).orElseThrow());
        assertEquals(reboot + Time.ms(1), logged(t, "vyatta-c", "info: Heartbeat generation: 2", reboot).orElseThrow(), "the generation from disk, plus one");
        long seen = reboot + Time.ms(1) + Time.ms(2) + Time.ms(2);
        assertEquals(seen, logged(t, "vyatta-a", "info: Heartbeat restart on node vyatta-c", 0).orElseThrow());
        assertEquals(seen, logged(t, "vyatta-a", "info: Link vyatta-c:tun00 up.", reboot).orElseThrow());
        assertEquals(Optional.empty(), logged(t, "vyatta-a", "returning after partition", 0));
        assertEquals(Optional.empty(), logged(t, "vyatta-c", "returning after partition", 0));
        assertEquals(Optional.empty(), became(t, "vyatta-a", "STANDBY", Time.s(11)), "vyatta-a keeps the group");
        assertTrue(logged(t, "vyatta-c", "No local resources [/usr/share/heartbeat/ResourceManager listkeys vyatta-c] to acquire.", reboot).isPresent());
        assertEquals(Optional.empty(), became(t, "vyatta-c", "ACTIVE", 0), "the secondary stays standby");
        assertEquals(0, r.probes().get("server").lost());
    }

    @Test @DisplayName("same seed, same run: identical trace lines")
    void deterministic(@TempDir Path tmp) throws Exception {
        List<String> a = run("split-brain.scenario.yml", tmp.resolve("a")).trace().stream().map(TraceRecord::line).toList();
        List<String> b = run("split-brain.scenario.yml", tmp.resolve("b")).trace().stream().map(TraceRecord::line).toList();
        assertEquals(a, b);
    }
}
