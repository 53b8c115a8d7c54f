package org.nettwin.scenarios.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;

/** vrrp-mesh: a chain of keepalived pairs, every pair failing over at once. */
class VrrpMeshTest {
    @Test @DisplayName("every pair's two instances go MASTER on a at start and on b after the stop; a ping loses at most one reply (protocol-facts §8.0 item 2)")
    void everyPairFailsOver() throws ConfigError {
        int routers = 8;
        LeanRun.Outcome o = LeanRun.run(VrrpMesh.generate(routers), LeanRun.Wiring.NONE, true, 1);
        LeanRun.Probes p = o.probes();
        assertEquals(routers / 2, p.streams(), "one ping per LAN but the last");
        // a (priority 150, state MASTER) after its Master_Down_Interval, 3 x 1 s + (256 - 150) / 256 s = 3.414 s; b 0.609 s after the stop.
        long[] masters = new long[p.mastersBySecond().length];
        masters[3] = routers;
        masters[GateScale.STOP_S] = routers;
        assertArrayEquals(masters, p.mastersBySecond(), "VRRP MASTER transitions by second: " + p.masterTimeline());
        assertTrue(p.longestLossStreak() <= 1, "losses by second: " + p.lossTimeline());
        assertTrue(p.replies() >= (long) p.streams() * 54 - p.lost(), "replies " + p.replies());
    }

    @Test @DisplayName("LAN numbers become the second and third octets")
    void addressing() {
        assertEquals("10.0.0", VrrpMesh.net(0));
        assertEquals("10.1.244", VrrpMesh.net(500));
        assertThrows(IllegalArgumentException.class, () -> VrrpMesh.generate(7));
    }
}
