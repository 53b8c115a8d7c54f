package org.nettwin.protocols.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig.InitialState;
import org.nettwin.protocols.vrrp.VrrpPacket;
import org.nettwin.protocols.vrrp.VrrpTiming;

class KeepalivedConfParserTest {
    private static final String MINIMAL = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n%s\n}\n";

    private static KeepalivedConfig parse(String text) throws ConfigError {
        return KeepalivedConfParser.parse("k.conf", text);
    }

    private static VrrpInstanceConfig instance(String body) throws ConfigError {
        return parse(String.format(java.util.Locale.ROOT, MINIMAL, body)).instances().get(0);
    }

    private static ConfigError error(String text) {
        return assertThrows(ConfigError.class, () -> parse(text));
    }

    @Test
    @DisplayName("§2 Default version 2 and priority 100 for BACKUP; 2.x derives 255 from `state MASTER`, 1.2.13 keeps 100")
    void defaults() throws ConfigError {
        VrrpInstanceConfig backup = instance("");
        assertEquals(2, backup.version());
        assertEquals(100, backup.priority());
        assertEquals(InitialState.BACKUP, backup.initialState());
        assertEquals(VrrpTiming.TIMER_HZ, backup.advertIntervalMicros());
        assertEquals(VrrpInstanceConfig.Garp.DEFAULT, backup.garp());
        assertEquals(255, instance("state MASTER").priority());
        String text = String.format(java.util.Locale.ROOT, MINIMAL, "state MASTER");
        assertEquals(100, KeepalivedConfParser.parse("k.conf", text, KeepalivedProfile.V1_2).instances().get(0).priority());
        // Priority 255 without a state means MASTER (vrrp.c: "derive it from the priority").
        assertEquals(InitialState.MASTER, instance("priority 255").initialState());
    }

    @Test
    @DisplayName("global vrrp_version 3 applies to instances without their own; v3 drops authentication with keepalived's warning")
    void version3() throws ConfigError {
        KeepalivedConfig c = parse("global_defs {\n vrrp_version 3\n}\n" + String.format(java.util.Locale.ROOT, MINIMAL,
                "authentication {\nauth_type PASS\nauth_pass abc\n}\nadvert_int 0.5"));
        VrrpInstanceConfig vi = c.instances().get(0);
        assertEquals(3, vi.version());
        assertEquals(VrrpPacket.AUTH_NONE, vi.authType());
        assertEquals(500_000, vi.advertIntervalMicros());
        assertEquals(50, vi.advertIntervalWire());
        assertEquals(List.of("(VI_1) VRRP version 3 does not support authentication. Ignoring."), c.warnings().stream().map(ParseWarning::text).toList());
        assertEquals(2, instance("version 2").version());
    }

    @Test
    @DisplayName("§2 advert_int: a v2 fraction is rounded with keepalived's warning; v3 keeps 10 ms steps (vrrp.c:3310-3349)")
    void advertIntRounding() throws ConfigError {
        KeepalivedConfig c = parse(String.format(java.util.Locale.ROOT, MINIMAL, "advert_int 1.5"));
        assertEquals(2 * VrrpTiming.TIMER_HZ, c.instances().get(0).advertIntervalMicros());
        assertEquals(List.of(new ParseWarning("k.conf", 4, "(VI_1) VRRPv2 advertisement interval 1.500000s must be an integer. rounding")), c.warnings());
        assertEquals(1_230_000, instance("version 3\nadvert_int 1.234").advertIntervalMicros());
    }

    @Test
    @DisplayName("§2 auth PASS: longer than 8 characters is truncated with a warning")
    void passwordTruncated() throws ConfigError {
        KeepalivedConfig c = parse(String.format(java.util.Locale.ROOT, MINIMAL, "authentication {\n auth_type PASS\n auth_pass 0123456789\n}"));
        assertEquals("01234567", c.instances().get(0).authPass());
        assertEquals(List.of("Truncating auth_pass to 8 characters"), c.warnings().stream().map(ParseWarning::text).toList());
    }

    @Test
    @DisplayName("§2 Preempt: nopreempt and preempt_delay are cleared with `state MASTER` (vrrp.c:3153-3178)")
    void nopreemptWithStateMaster() throws ConfigError {
        KeepalivedConfig c = parse(String.format(java.util.Locale.ROOT, MINIMAL, "state MASTER\npriority 150\nnopreempt\npreempt_delay 10"));
        VrrpInstanceConfig vi = c.instances().get(0);
        assertFalse(vi.nopreempt());
        assertEquals(0, vi.preemptDelayMicros());
        assertEquals(List.of("(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing",
                "(VI_1) Warning - preempt delay will not work with initial state MASTER - clearing"), c.warnings().stream().map(ParseWarning::text).toList());
        VrrpInstanceConfig backup = instance("nopreempt");
        assertTrue(backup.nopreempt());
        assertEquals(2_500_000, instance("preempt_delay 2.5").preemptDelayMicros());
    }

    @Test
    @DisplayName("syntax: braces on the next line, '!' and '#' comments, quoted strings, everything on one line")
    void syntax() throws ConfigError {
        String text = """
                ! a comment line
                vrrp_script chk
                {
                    script "/usr/bin/test -f '/tmp/a b'"   # trailing comment
                    interval 2
                }
                vrrp_instance VI_9
                {
                    interface eth1 ! comment after a value
                    virtual_router_id 9
                    track_script {
                        chk weight -20
                    }
                    track_interface { eth2 weight 10 }
                    unicast_peer { 10.0.0.2 }
                    virtual_ipaddress { 10.0.0.100/24 dev eth1 label eth1:vip }
                    notify "/bin/notify.sh" 
                }
                """;
        KeepalivedConfig c = parse(text);
        assertEquals(List.of("/usr/bin/test", "-f", "/tmp/a b"), c.script("chk").orElseThrow().argv());
        assertEquals(2 * VrrpTiming.TIMER_HZ, c.script("chk").orElseThrow().intervalMicros());
        VrrpInstanceConfig vi = c.instances().get(0);
        assertEquals("eth1", vi.interfaceName());
        assertEquals(List.of(new VrrpInstanceConfig.TrackScript("chk", -20)), vi.trackScripts());
        assertEquals(List.of(new VrrpInstanceConfig.TrackInterface("eth2", 10)), vi.trackInterfaces());
        assertEquals(List.of(Ip4.parse("10.0.0.2")), vi.unicastPeers());
        assertEquals("10.0.0.100/24 dev eth1 label eth1:vip", vi.virtualAddresses().get(0).toString());
        assertEquals(List.of("/bin/notify.sh"), vi.notifyScripts().generic());
    }

    @Test
    @DisplayName("§2 Unknown keyword: 2.x warns at its line, 1.2.13 says nothing; an unknown block is skipped whole")
    void unknownKeywords() throws ConfigError {
        String text = "global_defs {\n  router_id r1\n  colour blue\n}\nfrobnicate {\n  priority 1\n}\n" + String.format(java.util.Locale.ROOT, MINIMAL, "");
        KeepalivedConfig v2 = KeepalivedConfParser.parse("k.conf", text, KeepalivedProfile.V2_2);
        assertEquals(List.of(new ParseWarning("k.conf", 3, "Unknown keyword 'colour'"), new ParseWarning("k.conf", 5, "Unknown keyword 'frobnicate'")), v2.warnings());
        assertEquals("r1", v2.global().routerId());
        KeepalivedConfig v1 = KeepalivedConfParser.parse("k.conf", text, KeepalivedProfile.V1_2);
        assertEquals(List.of(), v1.warnings());
        assertEquals(2, v1.notes().size());
        assertEquals(1, v1.instances().size());
    }

    @Test
    @DisplayName("keywords keepalived knows but the twin does not model become notes, not warnings")
    void unmodelledKeywords() throws ConfigError {
        KeepalivedConfig c = parse("vrrp_sync_group G1 {\n group {\n VI_1\n }\n}\n" + String.format(java.util.Locale.ROOT, MINIMAL, "smtp_alert"));
        assertEquals(List.of(), c.warnings());
        assertEquals(List.of(1, 9), c.notes().stream().map(ParseWarning::line).toList());
    }

    @Test
    @DisplayName("track_script naming a script not defined above is ignored with keepalived's warning (2.x and 1.2.13 text)")
    void trackScriptNotFound() throws ConfigError {
        String text = String.format(java.util.Locale.ROOT, MINIMAL, "track_script {\n  nosuch\n}");
        assertEquals(List.of("(VI_1) track script nosuch not found, ignoring..."), parse(text).warnings().stream().map(ParseWarning::text).toList());
        assertEquals(List.of("     nosuch no match, ignoring..."),
                KeepalivedConfParser.parse("k.conf", text, KeepalivedProfile.V1_2).warnings().stream().map(ParseWarning::text).toList());
        assertEquals(List.of(), parse(text).instances().get(0).trackScripts());
    }

    @Test
    @DisplayName("errors: unbalanced braces point at the opening or the stray brace")
    void unbalancedBraces() {
        ConfigError open = error("global_defs {\n router_id x\n}\nvrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n");
        assertEquals(4, open.line());
        assertEquals(20, open.column());
        assertTrue(open.getMessage().startsWith("k.conf:4:20: block 'vrrp_instance VI_1' opened here is never closed"), open.getMessage());
        ConfigError extra = error(String.format(java.util.Locale.ROOT, MINIMAL, "") + "}\n");
        assertEquals(6, extra.line());
        assertTrue(extra.hint().contains("'{'"), extra.hint());
        ConfigError noBrace = error("vrrp_instance VI_1\n interface eth0\n");
        assertEquals(1, noBrace.line());
    }

    @Test
    @DisplayName("errors: missing values, bad numbers, VRID and priority out of range, bad addresses, missing interface")
    void valueErrors() {
        ConfigError missing = error(String.format(java.util.Locale.ROOT, MINIMAL, "  priority"));
        assertEquals(4, missing.line());
        assertTrue(missing.problem().contains("'priority' needs"), missing.problem());
        ConfigError notNumber = error(String.format(java.util.Locale.ROOT, MINIMAL, "  priority high"));
        assertEquals("k.conf:4:12: priority 'high' is not a whole number (use a whole number in 1..255)", notNumber.getMessage());
        ConfigError vrid = error("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 256\n}\n");
        assertEquals("k.conf:3:20: virtual_router_id 256 is out of range (use a whole number in 1..255)", vrid.getMessage());
        assertEquals(3, error("vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 0\n}\n").line());
        assertEquals(4, error(String.format(java.util.Locale.ROOT, MINIMAL, "priority 0")).line());
        assertEquals(4, error(String.format(java.util.Locale.ROOT, MINIMAL, "priority 256")).line());
        ConfigError vip = error(String.format(java.util.Locale.ROOT, MINIMAL, "virtual_ipaddress {\n 10.0.0.300/24\n}"));
        assertEquals(5, vip.line());
        ConfigError peer = error(String.format(java.util.Locale.ROOT, MINIMAL, "unicast_peer {\n fe80::1\n}"));
        assertEquals(5, peer.line());
        ConfigError noIf = error("vrrp_instance VI_1 {\n virtual_router_id 5\n}\n");
        assertTrue(noIf.problem().contains("has no interface"), noIf.problem());
        ConfigError noVrid = error("vrrp_instance VI_1 {\n interface eth0\n}\n");
        assertTrue(noVrid.problem().contains("has no virtual_router_id"), noVrid.problem());
        assertEquals(3, error("vrrp_script s {\n script x\n fall -1\n}\n").line());
        assertEquals(2, error("vrrp_script s {\n script \"unterminated\n}\n").line());
    }
}
