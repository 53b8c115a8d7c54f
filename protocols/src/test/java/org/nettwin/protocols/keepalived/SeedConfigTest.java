package org.nettwin.protocols.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.VirtualAddress;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig.InitialState;
import org.nettwin.protocols.vrrp.VrrpPacket;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;
import org.nettwin.protocols.vrrp.VrrpTiming;

/** The keepalived.conf files of seeds 000 and 002 (test resources seeds/, see README there), read as keepalived reads them. */
class SeedConfigTest {

    static String resource(String name) {
        try (InputStream in = SeedConfigTest.class.getResourceAsStream("/seeds/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeepalivedConfig seed(String name, KeepalivedProfile profile) throws ConfigError {
        return KeepalivedConfParser.parse(name, resource(name), profile);
    }

    @Test
    @DisplayName("seed 000: the restored files differ from the seed's one-line copies only in whitespace")
    void seed000FixturesMatchSeedText() {
        List<String> flattened = resource("000_flattened_configs.txt").lines().toList();
        List<String> files = List.of("000_gate_peer1_keepalived.conf", "000_gate_peer2_keepalived.conf", "000_router_master_keepalived.conf");
        assertEquals(3, flattened.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(String.join(" ", flattened.get(i).trim().split("\\s+")), String.join(" ", resource(files.get(i)).trim().split("\\s+")), files.get(i));
        }
    }

    @Test
    @DisplayName("seed 000 as extracted is one '#' comment line per file: keepalived reads no instance from it")
    void seed000FlattenedLineIsAComment() throws ConfigError {
        String line = resource("000_flattened_configs.txt").lines().findFirst().orElseThrow();
        KeepalivedConfig flat = KeepalivedConfParser.parse("flat", line);
        assertTrue(flat.instances().isEmpty());
        assertEquals(List.of(), flat.warnings());
    }

    @Test
    @DisplayName("seed 000 Gate Peer 1 (§8.0): VI_1 on vxlan0, VRID 51, P150, `state MASTER`, PASS 1234, unicast peers, VIP /32, GARP refresh 60 s")
    void gatePeer1() throws ConfigError {
        KeepalivedConfig c = seed("000_gate_peer1_keepalived.conf", KeepalivedProfile.V2_2);
        assertEquals(List.of(), c.warnings());
        assertEquals(List.of(), c.notes());
        assertEquals(60 * VrrpTiming.TIMER_HZ, c.global().garp().masterRefreshMicros());
        VrrpInstanceConfig vi = c.instances().get(0);
        VrrpInstanceConfig expected = VrrpInstanceConfig.builder("VI_1", "vxlan0", 51)
                .version(2).priority(150).advertIntervalMicros(VrrpTiming.TIMER_HZ).initialState(InitialState.MASTER)
                .authPass("1234")
                .unicastPeer(Ip4.parse("172.16.0.100")).unicastPeer(Ip4.parse("172.16.0.101"))
                .virtualAddress(VirtualAddress.of(IfAddr.parse("172.16.0.150/32")))
                .garp(new VrrpInstanceConfig.Garp(5 * VrrpTiming.TIMER_HZ, 5, 60 * VrrpTiming.TIMER_HZ, 1))
                .build();
        assertEquals(expected, vi);
        assertEquals(VrrpPacket.AUTH_PASS, vi.authType());
        assertEquals("[49, 50, 51, 52, 0, 0, 0, 0]", java.util.Arrays.toString(vi.authData()));
    }

    @Test
    @DisplayName("seed 000 Gate Peer 2 is Gate Peer 1 at priority 100; the router variant adds the generic notify")
    void gatePeer2AndRouter() throws ConfigError {
        VrrpInstanceConfig gp1 = seed("000_gate_peer1_keepalived.conf", KeepalivedProfile.V2_2).instances().get(0);
        VrrpInstanceConfig gp2 = seed("000_gate_peer2_keepalived.conf", KeepalivedProfile.V2_2).instances().get(0);
        assertEquals(gp1.toBuilder().priority(100).build(), gp2);
        VrrpInstanceConfig router = seed("000_router_master_keepalived.conf", KeepalivedProfile.V2_2).instances().get(0);
        assertEquals(List.of("/usr/local/bin/switch-route-trigger.sh"), router.notifyScripts().generic());
        assertEquals(gp1.toBuilder().notifyScripts(router.notifyScripts()).build(), router);
    }

    @Test
    @DisplayName("seed 002 main under 2.x: `raise 3` -> \"Unknown keyword 'raise'\" at its line, rise stays 1 (§2 last row, §8.2)")
    void seed002MainV2() throws ConfigError {
        KeepalivedConfig c = seed("002_main_keepalived.conf", KeepalivedProfile.V2_2);
        assertEquals(List.of(new ParseWarning("002_main_keepalived.conf", 11, "Unknown keyword 'raise'")), c.warnings());
        VrrpScriptConfig chk = c.script("check_ftth").orElseThrow();
        assertEquals(1, chk.rise());
        assertEquals(3, chk.fall());
        assertEquals(VrrpTiming.TIMER_HZ, chk.intervalMicros());
        assertEquals(0, chk.weight());
        assertEquals(List.of("ping", "-n", "-s", "0", "-c", "1", "-I", "ppp0", "<ping対象のIPアドレス>"), chk.argv());
        VrrpInstanceConfig vi = c.instance("VI_1").orElseThrow();
        assertEquals("eth0", vi.interfaceName());
        assertEquals(InitialState.MASTER, vi.initialState());
        assertEquals(51, vi.vrid());
        assertEquals(100, vi.priority());
        assertEquals("xxxxxxxx", vi.authPass());
        assertEquals(List.of(new VirtualAddress(IfAddr.parse("192.168.0.254/24"), Ip4.parse("192.168.0.255"), "eth0", null, null)), vi.virtualAddresses());
        assertEquals(List.of(new VrrpInstanceConfig.TrackScript("check_ftth", 0)), vi.trackScripts());
        assertEquals(List.of("/etc/keepalived/master.sh"), vi.notifyScripts().master());
        assertEquals(List.of("/etc/keepalived/backup.sh"), vi.notifyScripts().backup());
        assertEquals(List.of("/etc/keepalived/backup.sh"), vi.notifyScripts().fault());
        assertEquals(List.of(), vi.unicastPeers());
    }

    @Test
    @DisplayName("seed 002 main under 1.2.13: `raise` is skipped silently (a twin note only); same values otherwise")
    void seed002MainV1() throws ConfigError {
        KeepalivedConfig v1 = seed("002_main_keepalived.conf", KeepalivedProfile.V1_2);
        KeepalivedConfig v2 = seed("002_main_keepalived.conf", KeepalivedProfile.V2_2);
        assertEquals(List.of(), v1.warnings());
        assertEquals(1, v1.notes().size());
        assertEquals(11, v1.notes().get(0).line());
        assertEquals(v2.instances(), v1.instances());
        assertEquals(v2.scripts(), v1.scripts());
    }

    @Test
    @DisplayName("seed 002 sub (trailing blanks on every line): BACKUP, priority 50, no track_script, no warnings")
    void seed002Sub() throws ConfigError {
        for (KeepalivedProfile p : KeepalivedProfile.values()) {
            KeepalivedConfig c = seed("002_sub_keepalived.conf", p);
            assertEquals(List.of(), c.warnings(), p.name());
            VrrpInstanceConfig vi = c.instances().get(0);
            assertEquals(InitialState.BACKUP, vi.initialState());
            assertEquals(50, vi.priority());
            assertEquals(List.of(), vi.trackScripts());
            assertNull(vi.sourceIp());
            assertEquals(c.global().notificationEmails(), List.of());
        }
    }
}
