package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.capture.Tshark;

/** tshark reads every pcap a scenario writes without a malformed or unknown frame (CI installs tshark). */
class PcapDissectionTest {
    @Test @DisplayName("ARP, ICMP echo/reply, redirect and unreachable decode as such in the twin's pcaps")
    void tsharkDecodesScenarioCaptures(@TempDir Path tmp) throws Exception {
        ScenarioRunner.CompletedRun run = ScenarioRunner.execute(ScenarioLoader.load(Examples.file("basics/redirect-lan.scenario.yml")),
                new RunOptions(null, tmp, null, 1, true, null));
        List<String> ping = run.trace().stream().filter(r -> r.event() instanceof TraceEvent.Log l && l.program().equals("ping/p1"))
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        assertTrue(ping.stream().anyMatch(l -> l.startsWith("From 10.0.0.1 icmp_seq=1 Redirect Host(New nexthop: 10.0.0.2)")), ping.toString());
        assertTrue(ping.stream().anyMatch(l -> l.startsWith("From 10.0.0.2 icmp_seq=6 Destination Net Unreachable")), ping.toString());
        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Set<String> stacks = new HashSet<>();
        for (String name : PingAcrossRouterTest.pcaps(tmp)) {
            Tshark.Dissection d = Tshark.dissect(tmp.resolve(name));
            assertFalse(d.hasMalformed(), name + ": " + d.problems());
            assertTrue(d.problems().isEmpty(), name + ": " + d.problems());
            stacks.addAll(d.protocolStacks());
        }
        assertTrue(stacks.contains("eth:ethertype:arp"), stacks.toString());
        assertTrue(stacks.contains("eth:ethertype:ip:icmp:data"), stacks.toString());
        assertTrue(stacks.stream().anyMatch(s -> s.startsWith("eth:ethertype:ip:icmp:ip:icmp")), "errors quote the echo: " + stacks);
    }

    @Test @DisplayName("seed 002 captures: VRRP (checksums good), PPPoE sessions, GARPs; the only expert note is the VIP moving")
    void tsharkDecodesVrrpAndPppoe(@TempDir Path tmp) throws Exception {
        ScenarioRunner.execute(ScenarioLoader.load(Examples.file("ftth-lte/ftth-lte-failover.scenario.yml")), new RunOptions(null, tmp, null, 1, true, null));
        Assumptions.assumeTrue(Tshark.available(), "tshark not installed");
        Set<String> stacks = new HashSet<>();
        for (String name : PingAcrossRouterTest.pcaps(tmp)) {
            Tshark.Dissection d = Tshark.dissect(tmp.resolve(name));
            assertFalse(d.hasMalformed(), name + ": " + d.problems());
            // A gratuitous ARP from sub for the address main answered for before is what tshark calls a duplicate.
            assertTrue(d.problems().stream().allMatch(p -> p.toString().contains("Duplicate IP address configured (192.168.0.254)")), name + ": " + d.problems());
            stacks.addAll(d.protocolStacks());
        }
        assertTrue(stacks.contains("eth:ethertype:ip:vrrp"), stacks.toString());
        assertTrue(stacks.contains("eth:ethertype:pppoes:ppp:ip:icmp:data"), stacks.toString());
    }
}
