package org.nettwin.protocols.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.MalformedPacketException;

class HeartbeatMessageTest {
    private static HeartbeatMessage status() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", "status");
        f.put("st", "active");
        f.put("src", "vyatta-a");
        f.put("seq", "1f");
        f.put("rsc_hold", "all");
        return new HeartbeatMessage(f);
    }

    @Test @DisplayName("ha_msg wire form: >>> / name=value lines / auth=1 HMAC-SHA1 hex / <<<")
    void wireForm() {
        String text = new String(status().encode("cloudpack"), StandardCharsets.UTF_8);
        String body = "t=status\nst=active\nsrc=vyatta-a\nseq=1f\nrsc_hold=all\n";
        assertTrue(text.startsWith(">>>\n" + body + "auth=1 "), text);
        assertTrue(text.endsWith("\n<<<\n"), text);
        String digest = text.substring((">>>\n" + body + "auth=1 ").length(), text.length() - "\n<<<\n".length());
        assertEquals(40, digest.length(), "SHA-1 is 20 bytes, 40 hex digits");
        assertEquals(HeartbeatMessage.digest("cloudpack", body), digest);
    }

    @Test @DisplayName("authkeys: the right secret decodes; a wrong secret or a changed field is rejected")
    void authentication() {
        byte[] wire = status().encode("cloudpack");
        HeartbeatMessage m = HeartbeatMessage.decode(wire, "cloudpack");
        assertEquals("vyatta-a", m.source());
        assertEquals(0x1f, m.sequence());
        assertTrue(m.holdsResources());
        assertThrows(MalformedPacketException.class, () -> HeartbeatMessage.decode(wire, "other"));
        byte[] forged = new String(wire, StandardCharsets.UTF_8).replace("src=vyatta-a", "src=vyatta-c").getBytes(StandardCharsets.UTF_8);
        assertThrows(MalformedPacketException.class, () -> HeartbeatMessage.decode(forged, "cloudpack"));
        assertThrows(MalformedPacketException.class, () -> HeartbeatMessage.decode("hello".getBytes(StandardCharsets.UTF_8), "cloudpack"));
    }

    @Test @DisplayName("hg (generation, hex), dt (deadtime asked for, hex ms) and isstable; hg absent reads 0, as should_drop_message reads it")
    void generationDeadtimeStable() {
        Map<String, String> f = new LinkedHashMap<>(status().fields());
        assertEquals(0, new HeartbeatMessage(f).generation());
        assertEquals(7L, new HeartbeatMessage(f).deadtimeNs(7L), "no dt: the caller's default");
        f.put("hg", "1a");
        f.put("dt", "c350");
        f.put("isstable", "1");
        HeartbeatMessage m = HeartbeatMessage.decode(new HeartbeatMessage(f).encode("cloudpack"), "cloudpack");
        assertEquals(0x1a, m.generation());
        assertEquals(50_000_000_000L, m.deadtimeNs(0));
        assertTrue(m.stable());
    }

    @Test @DisplayName("a seq or hg that is not a hex counter makes the message malformed (dropped), not an exception in the node")
    void badCountersAreMalformed() {
        for (String[] bad : new String[][] {{"hg", "zz"}, {"seq", ""}, {"hg", "1234567890abcdef0"}}) {
            Map<String, String> f = new LinkedHashMap<>(status().fields());
            f.put(bad[0], bad[1]);
            byte[] wire = new HeartbeatMessage(f).encode("cloudpack");
            MalformedPacketException e = assertThrows(MalformedPacketException.class, () -> HeartbeatMessage.decode(wire, "cloudpack"));
            assertTrue(e.getMessage().contains("bad " + bad[0] + " field"), e.getMessage());
        }
    }
}
