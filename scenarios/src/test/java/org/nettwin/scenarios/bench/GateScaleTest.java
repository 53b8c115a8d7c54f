package org.nettwin.scenarios.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.run.Examples;

/** gate-scale: the seed 000 network with a fleet of devices, loaded as a user's files are, and what it shows. */
class GateScaleTest {
    private static final int DEVICES = 40;

    @Test @DisplayName("devices are numbered from 172.16.1.1 and stay in the seed's /16 until it is full")
    void addressing() {
        assertEquals(Ip4.parse("172.16.1.1"), GateScale.deviceAddress(0));
        assertEquals(Ip4.parse("172.16.2.0"), GateScale.deviceAddress(255));
        // 172.16.1.1 .. 172.16.255.254: 65,278 devices; one more needs 172.17.0.0, hence a /15.
        assertEquals(Ip4.parse("172.16.255.254"), GateScale.deviceAddress(65_277));
        assertEquals(16, GateScale.overlayPrefix(65_278));
        assertEquals(15, GateScale.overlayPrefix(65_279));
        assertEquals(15, GateScale.overlayPrefix(100_000));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(GateScale.Carrier.class)
    @DisplayName("stopping keepalived on Gate Peer 1 at 30 s: Gate Peer 2 takes over and each device loses at most one ping (protocol-facts §8.0 items 1, 2)")
    void failoverSeenByTheDevices(GateScale.Carrier carrier) throws ConfigError {
        GateScale.Generated g = GateScale.generate(DEVICES, Examples.dir().resolve("soracom-gate"), carrier);
        LeanRun.Outcome o = LeanRun.run(g.scenario(), g.wiring(), true, 1);
        LeanRun.Probes p = o.probes();
        assertEquals(DEVICES, p.streams());
        // §8.0 item 1: gp1 becomes MASTER at its 3.414 s Master_Down_Interval; item 2: gp2 0.609 s after the stop.
        long[] masters = new long[p.mastersBySecond().length];
        masters[3] = 1;
        masters[GateScale.STOP_S] = 1;
        assertArrayEquals(masters, p.mastersBySecond(), "VRRP MASTER transitions by second: " + p.masterTimeline());
        assertTrue(p.longestLossStreak() <= 1, "a device lost more than one ping in a row: " + p.longestLossStreak());
        long lostOutsideFailover = p.lost() - Arrays.stream(p.lostBySecond(), GateScale.STOP_S, GateScale.STOP_S + 4).sum();
        assertEquals(0, lostOutsideFailover, "losses by second: " + p.lossTimeline());
        // Pings run from 5 s + i/n to 60 s: 55 a device, less the ones lost and the last one still out.
        assertTrue(p.replies() >= (long) DEVICES * 54 - p.lost() && p.replies() <= (long) DEVICES * 55,
                "replies " + p.replies() + ", lost " + p.lost());
    }
}
