package org.nettwin.realadapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * Real programs meet simulated nodes: a network namespace on a Linux bridge, the twin's r1:eth0 bound to a
 * veth end on the same bridge. Needs root and iproute2 (CI has both); skipped with the reason otherwise.
 */
@Tag("real")
@Timeout(30)
class HilPingInteropTest {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(8);

    @BeforeAll
    static void requireRootAndNetns() {
        Optional<String> why = NetNs.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "hardware-in-the-loop tests skipped: " + why.orElse(""));
    }

    static Path resource(String name) throws Exception {
        return Path.of(HilPingInteropTest.class.getResource("/hil/" + name).toURI());
    }

    @Test
    @DisplayName("a real ping reaches the simulated router and, through it, a simulated host; the twin's ping reaches the real kernel")
    void realAndSimulatedPingsCrossTheBridge() throws Exception {
        ScenarioSpec spec = ScenarioLoader.load(resource("router.scenario.yml"));
        ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);
        try (NetNs net = NetNs.create()) {
            NetNs.Namespace client = net.addNamespace("client", "198.18.2.10/24", "198.18.2.1");
            String device = net.addTwinPort();
            HilRun.Options options = new HilRun.Options(List.of(new HilBinding("r1", "eth0", device)), null, null, OverrunPolicy.bestEffort(), console);
            try (HilRun run = HilRun.open(spec, options)) {
                run.start();
                NetNs.ExecResult toRouter = net.exec(client, PING_TIMEOUT, "ping", "-n", "-c", "3", "-W", "1", "-i", "0.2", "198.18.2.1");
                NetNs.ExecResult throughRouter = net.exec(client, PING_TIMEOUT, "ping", "-n", "-c", "3", "-W", "1", "-i", "0.2", "198.51.100.2");
                HilResult result = run.await();
                String seen = "\nconsole:\n" + consoleBytes.toString(StandardCharsets.UTF_8);
                // Kept in the surefire output file: what a user of `nettwin hil` would have seen.
                System.out.println(toRouter.output() + throughRouter.output() + seen);

                assertEquals(0, toRouter.exitCode(), toRouter.output() + seen);
                assertTrue(toRouter.output().contains("3 packets transmitted, 3 received"), toRouter.output());
                // r1 answers itself: Linux's default TTL, untouched (protocol-facts §7).
                assertTrue(toRouter.output().contains("from 198.18.2.1: icmp_seq=1 ttl=64"), toRouter.output());

                assertEquals(0, throughRouter.exitCode(), throughRouter.output() + seen);
                assertTrue(throughRouter.output().contains("3 packets transmitted, 3 received"), throughRouter.output());
                // h2's reply was forwarded once, by the simulated r1: 64 - 1.
                assertTrue(throughRouter.output().contains("from 198.51.100.2: icmp_seq=1 ttl=63"), throughRouter.output());

                assertTrue(result.passed(), result.failures() + seen);
                assertEquals(5, result.probes().get("h2-ns").replies(), seen);
                assertTrue(consoleBytes.toString(StandardCharsets.UTF_8).contains("64 bytes from 198.18.2.10: icmp_seq=1 ttl=63 "), seen);
            }
        }
    }

    @Test
    @DisplayName("a bound switch port: a real ping reaches a simulated host through the simulated learning switch")
    void realPingThroughASimulatedSwitch() throws Exception {
        ScenarioSpec spec = ScenarioLoader.load(resource("lan.scenario.yml"));
        try (NetNs net = NetNs.create()) {
            NetNs.Namespace client = net.addNamespace("client", "203.0.113.10/24", null);
            String device = net.addTwinPort();
            HilRun.Options options = new HilRun.Options(List.of(new HilBinding("sw", "p2", device)), null, null, OverrunPolicy.bestEffort(), null);
            try (HilRun run = HilRun.open(spec, options)) {
                // p1 comes from the topology's link, so the new port is the bridge's second (index 1).
                assertEquals(new org.nettwin.sim.link.PortRef("sw", 1), run.network().boundPorts().get("sw:p2"));
                run.start();
                NetNs.ExecResult ping = net.exec(client, PING_TIMEOUT, "ping", "-n", "-c", "2", "-W", "1", "-i", "0.2", "203.0.113.1");
                run.close();
                assertEquals(0, ping.exitCode(), ping.output());
                // A switch does not route: h1's reply keeps its TTL.
                assertTrue(ping.output().contains("from 203.0.113.1: icmp_seq=1 ttl=64"), ping.output());
            }
        }
    }
}
