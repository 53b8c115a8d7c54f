package org.nettwin.protocols.vyatta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.heartbeat.HeartbeatConfig;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;

/** The `set` lines of seed 001 (placeholders filled in) and Config.pm's checks (protocol-facts §4). */
class VyattaConfigTest {
    static final String SEED_A = """
            set system host-name vyatta-a
            set system time-zone Asia/Tokyo

            set interfaces tunnel tun00 address '169.254.0.1/24'
            set interfaces tunnel tun00 encapsulation 'gre'
            set interfaces tunnel tun00 local-ip '10.0.1.10'
            set interfaces tunnel tun00 remote-ip '10.0.2.10'
            set interfaces tunnel tun00 multicast enable

            set cluster interface tun00
            set cluster pre-shared-secret cloudpack
            set cluster group aws
            set cluster group aws primary vyatta-a
            set cluster group aws secondary vyatta-c
            """;

    @Test @DisplayName("seed 001: tunnel tun00 (gre, ttl 255 default, multicast) and cluster aws with Vyatta's Heartbeat defaults")
    void seed() throws ConfigError {
        VyattaConfig c = VyattaConfig.parse("vyatta-a.conf", SEED_A);
        assertEquals("vyatta-a", c.hostName());
        VyattaConfig.Tunnel t = c.tunnels().get("tun00");
        assertEquals(List.of(IfAddr.parse("169.254.0.1/24")), t.addresses());
        assertEquals(Ip4.parse("10.0.2.10"), t.remoteIp());
        assertEquals(255, t.ttl());
        assertTrue(t.multicast());
        assertEquals(4, t.at().line());
        assertTrue(c.unmodelled().isEmpty(), c.unmodelled().toString());
        HeartbeatConfig hb = c.heartbeat("vyatta-a");
        assertEquals(Time.s(5), hb.keepaliveNs());
        assertEquals(Time.s(20), hb.deadNs());
        assertEquals(Time.s(10), hb.warnNs(), "min(2 x keepalive, dead)");
        assertEquals(Time.s(30), hb.initDeadNs());
        assertEquals(Ip4.parse("239.251.252.253"), hb.mcastGroup());
        assertEquals(694, hb.port());
        assertEquals(1, hb.mcastTtl());
        assertTrue(hb.isPrimary());
        assertEquals("vyatta-c", hb.peer());
    }

    private static ConfigError error(String extra) {
        return assertThrows(ConfigError.class, () -> VyattaConfig.parse("v.conf", SEED_A + extra).heartbeat("vyatta-a"));
    }

    @Test @DisplayName("Config.pm: dead > 2 x keepalive, dead < initdead 30 s, keepalive >= 100 ms; errors point at file:line:col")
    void checks() {
        ConfigError e = error("set cluster dead-interval 10000\n");
        assertEquals("v.conf", e.file());
        assertEquals(15, e.line());
        assertEquals(27, e.column());
        assertTrue(e.problem().contains("twice keepalive-interval"), e.problem());
        assertTrue(error("set cluster dead-interval 30000\n").problem().contains("less than the initdead"));
        assertTrue(error("set cluster keepalive-interval 50\n").problem().contains("below the minimum"));
        assertTrue(error("set cluster keepalive-interval soon\n").problem().startsWith("bad value"));
    }

    @Test @DisplayName("Heartbeat names nodes by uname -n: a host that is neither primary nor secondary is refused")
    void hostName() throws ConfigError {
        ConfigError e = assertThrows(ConfigError.class, () -> VyattaConfig.parse("v.conf", SEED_A).heartbeat("vyatta-b"));
        assertEquals(13, e.line());
        assertTrue(e.problem().contains("neither the primary"), e.problem());
    }

    @Test @DisplayName("unknown set paths are kept with their line for a Diagnostic; other commands and shell expansion are errors")
    void unknown() throws ConfigError {
        VyattaConfig c = VyattaConfig.parse("v.conf", SEED_A + "set service ssh port 22\nset interfaces tunnel tun00 description 'x y'\n");
        assertEquals(List.of(new VyattaConfig.Unmodelled(new VyattaConfig.At(15, 5), "set service ssh port 22"),
                new VyattaConfig.Unmodelled(new VyattaConfig.At(16, 5), "set interfaces tunnel tun00 description x y")), c.unmodelled());
        assertEquals(17, assertThrows(ConfigError.class, () -> VyattaConfig.parse("v.conf", SEED_A + "\n\ndelete cluster\n")).line(), "after 14 seed lines and 2 blank ones");
        assertThrows(ConfigError.class, () -> VyattaConfig.parse("v.conf", SEED_A + "set cluster pre-shared-secret $SECRET\n"));
        assertThrows(ConfigError.class, () -> VyattaConfig.parse("v.conf", SEED_A + "set interfaces tunnel tun00 encapsulation gre-bridge\n"));
    }

    @Test @DisplayName("a config without cluster is only interfaces")
    void noCluster() throws ConfigError {
        assertNull(VyattaConfig.parse("v.conf", "set interfaces tunnel tun1 encapsulation gre\nset interfaces tunnel tun1 local-ip 1.1.1.1\n"
                + "set interfaces tunnel tun1 remote-ip 2.2.2.2\n").cluster());
    }
}
