package org.nettwin.protocols.rtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/** The RTX1210 configuration of seed 003, verbatim, and the file:line:column errors of the importer. */
class RtxConfigTest {
    /** Seed 003's full `show config`, as published (the pre-shared keys are the seed's placeholders). */
    static final String SEED_003 = String.join("\n",
            "ip route default gateway pp 1",
            "ip route 172.16.1.0/24 gateway tunnel 1 metric 1 hide gateway tunnel 2 metric 2",
            "ip lan1 address 192.168.1.1/24",
            "ip lan2 nat descriptor 1",
            "pp select 1",
            " pppoe use lan2",
            " pp auth accept pap chap",
            " pp auth myname xxx@yyy zzz",
            " ppp lcp mru on 1454",
            " ppp ipcp ipaddress on",
            " ppp ipcp msext on",
            " ppp ccp type none",
            " ip pp mtu 1454",
            " ip pp nat descriptor 1",
            " pp enable 1",
            "tunnel select 1",
            " ipsec tunnel 101",
            "  ipsec sa policy 101 1 esp aes-cbc sha-hmac",
            "  ipsec ike duration ipsec-sa 1 3600",
            "  ipsec ike duration ike-sa 1 28800",
            "  ipsec ike encryption 1 aes-cbc",
            "  ipsec ike group 1 modp1024",
            "  ipsec ike hash 1 sha",
            "  ipsec ike keepalive use 1 on dpd",
            "  ipsec ike local address 1 192.168.1.1",
            "  ipsec ike pfs 1 on",
            "  ipsec ike pre-shared-key 1 text xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "  ipsec ike remote address 1 198.51.100.123",
            " tunnel enable 1",
            "tunnel select 2",
            " ipsec tunnel 102",
            "  ipsec sa policy 102 2 esp aes-cbc sha-hmac",
            "  ipsec ike duration ipsec-sa 2 3600",
            "  ipsec ike duration ike-sa 2 28800",
            "  ipsec ike encryption 2 aes-cbc",
            "  ipsec ike group 2 modp1024",
            "  ipsec ike hash 2 sha",
            "  ipsec ike keepalive use 2 on dpd",
            "  ipsec ike local address 2 192.168.1.1",
            "  ipsec ike pfs 2 on",
            "  ipsec ike pre-shared-key 2 text xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "  ipsec ike remote address 2 198.51.100.234",
            " tunnel enable 2",
            "nat descriptor type 1 masquerade",
            "nat descriptor address outer 1 ipcp",
            "nat descriptor address inner 1 auto",
            "nat descriptor masquerade static 1 1 192.168.1.1 udp 500",
            "nat descriptor masquerade static 1 2 192.168.1.1 udp 4500",
            "nat descriptor masquerade static 1 3 192.168.1.1 esp",
            "ipsec auto refresh on",
            "dhcp service server",
            "dhcp server rfc2131 compliant except remain-silent",
            "dhcp scope 1 192.168.1.101-192.168.1.200/24",
            "dns server pp 1",
            "dns private address spoof on");

    @Test @DisplayName("seed 003: two tunnels with DPD defaults 10 s x 6 (§5.1), SA lifetime 3600 s, the hide route line")
    void seedConfig() throws ConfigError {
        RtxConfig c = RtxConfig.parse("rtx.conf", SEED_003);
        assertEquals(2, c.tunnels().size());
        RtxConfig.Tunnel t1 = c.tunnels().get(0), t2 = c.tunnels().get(1);
        assertEquals(Ip4.parse("198.51.100.123"), t1.remote());
        assertEquals(Ip4.parse("198.51.100.234"), t2.remote());
        assertEquals(Ip4.parse("192.168.1.1"), t1.local());
        assertEquals(DeadPeerDetection.RTX_DEFAULT, t1.dpd());
        assertEquals(Time.s(60), t1.dpd().earliestDetectionNs(), "dead in about 60 s (§8.3)");
        assertEquals(Time.s(3600), t2.lifetimeNs());
        assertTrue(t1.enabled() && t2.enabled() && c.autoRefresh());
        assertEquals("tunnel1", t1.interfaceName());

        assertEquals(1, c.routes().size(), "the default route via pp 1 is not modelled");
        RtxConfig.RouteLine r = c.routes().get(0);
        assertEquals(Prefix4.parse("172.16.1.0/24"), r.destination());
        assertEquals(List.of(new RtxConfig.Gateway(1, null, 1, true), new RtxConfig.Gateway(2, null, 2, false)), r.gateways(),
                "hide belongs to tunnel 1, whose parameters follow it");
        assertTrue(c.unmodelled().stream().anyMatch(u -> u.text().startsWith("ip route gateway pp") && u.line() == 1));
        assertTrue(c.unmodelled().stream().anyMatch(u -> u.text().equals("pp select 1") && u.known()));
        assertTrue(c.unmodelled().stream().allMatch(RtxConfig.Unmodelled::known), "every seed line is a real RTX command: " + c.unmodelled());
    }

    @Test @DisplayName("keepalive parameters: interval and count given, or off")
    void keepaliveForms() throws ConfigError {
        String base = "tunnel select 1\n ipsec ike remote address 1 10.0.0.2\n ipsec ike local address 1 10.0.0.1\n ipsec ike pre-shared-key 1 text k\n";
        assertEquals(DeadPeerDetection.rtx(30, 3), RtxConfig.parse("f", base + " ipsec ike keepalive use 1 on dpd 30 3\n").tunnels().get(0).dpd());
        assertEquals(DeadPeerDetection.rtx(5, 4), RtxConfig.parse("f", base + " ipsec ike keepalive use 1 on 5 4 0\n").tunnels().get(0).dpd());
        assertNull(RtxConfig.parse("f", base + " ipsec ike keepalive use 1 off\n").tunnels().get(0).dpd());
        assertNull(RtxConfig.parse("f", base).tunnels().get(0).dpd(), "no keepalive line: no DPD");
    }

    @Test @DisplayName("errors point at file:line:column")
    void errors() {
        ConfigError e = assertThrows(ConfigError.class, () -> RtxConfig.parse("rtx.conf",
                SEED_003.replace("keepalive use 2 on dpd", "keepalive use 2 on dpd 0 6")));
        assertEquals(38, e.line());
        assertEquals(36, e.column());
        assertTrue(e.getMessage().startsWith("rtx.conf:38:36: 0 is out of range 1..600"), e.getMessage());

        e = assertThrows(ConfigError.class, () -> RtxConfig.parse("rtx.conf", SEED_003.replace("gateway tunnel 2 metric 2", "gateway tunnel 3 metric 2")));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("tunnel 3, which is not configured"), e.getMessage());

        e = assertThrows(ConfigError.class, () -> RtxConfig.parse("rtx.conf", SEED_003.replace("remote address 1 198.51.100.123", "remote address 1 198.51.100.300")));
        assertEquals("rtx.conf:28:30: not an IPv4 address: '198.51.100.300'", e.getMessage());

        e = assertThrows(ConfigError.class, () -> RtxConfig.parse("rtx.conf", SEED_003.replace("metric 1 hide", "metric 1 hide weight 3")));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("gateway parameter 'weight' is not modelled"), e.getMessage());
    }
}
