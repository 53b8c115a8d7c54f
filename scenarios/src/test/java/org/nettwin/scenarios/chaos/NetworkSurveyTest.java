package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/** What the survey finds in the shipped networks, and the recovery bounds it derives from their own timers. */
class NetworkSurveyTest {

    private static NetworkSurvey survey(String scenario) throws Exception {
        ScenarioSpec base = ScenarioLoader.load(Examples.file(scenario));
        return NetworkSurvey.of(base, base.durationNs());
    }

    @Test
    @DisplayName("seed 001: Heartbeat found on both routers; bound = a healed partition: keepalive 5 s + restart 25 s (2 s + 2 × 1 s + ceil(deadtime 20 s) + 1 s) + RQSTDELAY 10 s + keepalive 5 s")
    void vyattaHeartbeat() throws Exception {
        NetworkSurvey s = survey("vyatta-gre-ha/primary-dies.scenario.yml");
        assertEquals(List.of("vyatta-a", "vyatta-c"), s.heartbeatNodes());
        assertEquals(List.of(), s.keepalivedNodes());
        assertEquals(20 * Time.S, s.slowestDetectionNs(), "deadtime: " + s.timers());
        // The keepalive is measured as the dead timer's re-arming: 5 s, within a link delay or two. A peer back after a
        // fault needs max(deadtime 20 s, initdead 30 s) + 5 s = 35 s; a healed partition (heartbeat 3.0.6, see
        // HeartbeatNode) 5 + 2 + 2 × 1 + 21 + 10 + 5 = 45 s, the slower.
        NetworkSurvey.RecoveryTimer slowest = s.slowestRecovery();
        assertTrue(slowest.what().startsWith("Heartbeat on vyatta-"), slowest.toString());
        assertTrue(slowest.derivation().contains("RQSTDELAY 10.000 s"), "read from the traced rqstdelay timer: " + slowest);
        long bound = s.recoveryBoundNs();
        assertTrue(Math.abs(bound - 45 * Time.S) <= 10 * Time.MS, "bound " + bound + ": " + s.timers());
    }

    @Test
    @DisplayName("seed 003: four tunnels with RTX DPD 10 s × 6; bound = latest detection 70 s + IKE retry 10 s (protocol-facts §5.1)")
    void rtxTunnels() throws Exception {
        NetworkSurvey s = survey("rtx-ipsec/rtx-ipsec-failover.scenario.yml");
        assertEquals(List.of(new NetworkSurvey.Tunnel("rtx", "tunnel1"), new NetworkSurvey.Tunnel("rtx", "tunnel2"),
                new NetworkSurvey.Tunnel("east", "rtx"), new NetworkSurvey.Tunnel("west", "rtx")), s.tunnels());
        assertEquals(70 * Time.S, s.slowestDetectionNs(), s.timers().toString());
        assertEquals(80 * Time.S, s.recoveryBoundNs(), s.timers().toString());
    }

    @Test
    @DisplayName("seed 004: six tunnels with AWS DPD idle 10 s × 3; bound = 50 s + IKE retry 10 s (protocol-facts §5.3)")
    void multicloudTunnels() throws Exception {
        NetworkSurvey s = survey("multicloud-vpn/multicloud-vpn.scenario.yml");
        assertEquals(6, s.tunnels().size(), s.tunnels().toString());
        assertEquals(60 * Time.S, s.recoveryBoundNs(), s.timers().toString());
    }

    @Test
    @DisplayName("seed 002: keepalived on main and sub, PPPoE sessions found with their providers; bound = PPP connect + main's VRRP recovery")
    void ftthLte() throws Exception {
        NetworkSurvey s = survey("ftth-lte/ftth-lte-failover.scenario.yml");
        assertEquals(List.of("main", "sub"), s.keepalivedNodes());
        assertTrue(s.pppSessions().contains(new NetworkSurvey.PppSession("main", "ppp0", "dsl-provider")), s.pppSessions().toString());
        assertTrue(s.pppSessions().contains(new NetworkSurvey.PppSession("sub", "ppp0", "soracom")), s.pppSessions().toString());
        // check_ftth: interval 1 s, fall 3, rise 1 (protocol-facts §8.2): 4 s; master down at the worst skew ≈ 4 s; 1 advert.
        NetworkSurvey.RecoveryTimer slowest = s.slowestRecovery();
        assertTrue(slowest.what().equals("PPPoE main:ppp0"), slowest.toString());
        assertTrue(slowest.recoverNs() > NetworkSurvey.NEIGHBOUR_RECOVERY_NS, slowest.toString());
    }

    @Test
    @DisplayName("keepalived-lan: nothing slower than Linux neighbour re-resolution (protocol-facts §7), so the bound is its 10 s")
    void keepalivedLanFloor() throws Exception {
        NetworkSurvey s = survey("keepalived-lan/vrrp-kill.scenario.yml");
        assertEquals(List.of("r1", "r2"), s.keepalivedNodes());
        assertEquals(NetworkSurvey.NEIGHBOUR_RECOVERY_NS, s.recoveryBoundNs(), s.timers().toString());
    }
}
