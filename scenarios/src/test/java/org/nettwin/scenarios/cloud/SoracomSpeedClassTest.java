package org.nettwin.scenarios.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.run.Network;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.topologies.CloudSpec;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;

/**
 * Seed 002 (seed-networks.md §3) on examples/ftth-lte: sub's notify scripts change the SIM's speed class
 * through the SORACOM API, and the lte link's rate follows one API latency after the request leaves
 * (protocol-facts §6: s1.fast = 2 Mbps; s1.minimum's 32 kbps is UNVERIFIED, as in the topology).
 */
class SoracomSpeedClassTest {
    static final String IMSI = "440101234567890";
    /** protocol-facts §6, seed 002. */
    static final long S1_FAST_BPS = 2_000_000;
    /** protocol-facts §6, the usual figure (UNVERIFIED). */
    static final long S1_MINIMUM_BPS = 32_000;

    SimKernel kernel;
    Network net;
    Link lte;
    LinkParams initialAToB;
    long latency;
    SoracomCloud soracom;

    @BeforeEach void build() throws Exception {
        TopologySpec topo = TopologyLoader.load(Examples.file("ftth-lte/ftth-lte.topo.yml"));
        kernel = new SimKernel(new KernelConfig(2016, HostMode.INLINE, 1));
        net = Network.build(topo, kernel);
        lte = net.link("lte");
        initialAToB = lte.params(Direction.A_TO_B);
        CloudSpec.Soracom spec = (CloudSpec.Soracom) topo.clouds().get("soracom");
        latency = spec.apiLatencyNs();
        soracom = net.clouds().soracom(spec.name());
    }

    @AfterEach void close() {
        kernel.close();
    }

    /** Runs until sub's API request for {@code speedClass} leaves (within {@code withinNs}); returns that instant. */
    private long untilRequest(String speedClass, long withinNs) {
        String sent = "request UpdateSpeedClass " + IMSI + " " + speedClass + " sent";
        kernel.clearStopConditions();
        kernel.stopWhen(r -> r.node().equals("sub") && r.event() instanceof TraceEvent.Log l && l.program().equals("soracom") && l.text().startsWith(sent));
        kernel.runUntil(kernel.now() + withinNs);
        assertTrue(kernel.stoppedEarly(), "sub sent no " + speedClass + " request by " + Time.format(kernel.now()));
        kernel.clearStopConditions();
        return kernel.now();
    }

    private void assertRate(long bps, String when) {
        for (Direction d : Direction.BOTH.singles()) assertEquals(bps, lte.params(d).rateBitsPerSecond(), when + ", " + d);
        // Only the rate changes: delay and jitter stay the topology's.
        assertEquals(initialAToB.withRate(bps), lte.params(Direction.A_TO_B), when);
    }

    private void runOn(String node, String command) {
        kernel.onNode(node, kernel.now(), command, env -> net.host(node).run(command, "test", status -> { }));
    }

    @Test @DisplayName("§8.2: backup.sh at boot sets s1.minimum; master.sh after the FTTH loss sets s1.fast: 2 Mbps both ways one latency later")
    void masterBuysSpeed() {
        assertRate(S1_MINIMUM_BPS, "topology");
        long bootRequest = untilRequest("s1.minimum", Time.s(1));
        kernel.runUntil(bootRequest + latency - 1);
        assertEquals(Optional.empty(), soracom.speedClass(IMSI));
        kernel.runUntil(bootRequest + latency);
        assertEquals(Optional.of("s1.minimum"), soracom.speedClass(IMSI));
        assertRate(S1_MINIMUM_BPS, "after boot");

        kernel.runUntil(Time.s(10));
        runOn("main", "poff dsl-provider");
        long masterRequest = untilRequest("s1.fast", Time.s(10));
        kernel.runUntil(masterRequest + latency - 1);
        assertRate(S1_MINIMUM_BPS, "just before the s1.fast answer");
        kernel.runUntil(masterRequest + latency);
        assertRate(S1_FAST_BPS, "at the s1.fast answer");
        assertEquals(Optional.of("s1.fast"), soracom.speedClass(IMSI));
    }

    @Test @DisplayName("§8.2 failback: when main takes the VIP back, sub's backup.sh sets s1.minimum and the rate drops one latency later")
    void backupSlowsDown() {
        kernel.runUntil(Time.s(10));
        runOn("main", "poff dsl-provider");
        long masterRequest = untilRequest("s1.fast", Time.s(10));
        kernel.runUntil(masterRequest + latency);
        kernel.runUntil(kernel.now() + Time.s(5));
        runOn("main", "pon dsl-provider");
        long backupRequest = untilRequest("s1.minimum", Time.s(20));
        kernel.runUntil(backupRequest + latency - 1);
        assertRate(S1_FAST_BPS, "just before the s1.minimum answer");
        kernel.runUntil(backupRequest + latency);
        assertRate(S1_MINIMUM_BPS, "at the s1.minimum answer");
    }
}
