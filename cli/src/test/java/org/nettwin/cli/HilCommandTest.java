package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.realadapter.NetNs;

/** `nettwin hil`: user errors exit 2 with one line, the verdict exits 0 or 1 (docs/hil.md). */
class HilCommandTest {
    @TempDir Path dir;
    Path scenario;

    @BeforeEach
    void writeScenario() throws IOException {
        Files.writeString(dir.resolve("hil.topo.yml"), """
                name: hilcli
                nodes:
                  r1: { kind: router, interfaces: { eth0: { address: 198.18.2.1/24 }, eth1: { address: 198.51.100.1/24 } } }
                  h2: { kind: host, interfaces: { eth0: { address: 198.51.100.2/24 } }, routes: [ { to: default, via: 198.51.100.1 } ] }
                links:
                  - { endpoints: ["r1:eth1", "h2:eth0"], name: r1-h2 }
                """, StandardCharsets.UTF_8);
        scenario = writeScenarioPinging("198.18.2.10");
    }

    /** A 2 s scenario in which h2 pings {@code target} 3 times and expects 3 replies. */
    private Path writeScenarioPinging(String target) throws IOException {
        return Files.writeString(dir.resolve("ping-" + target + ".scenario.yml"), """
                name: hilcli
                topology: hil.topo.yml
                duration: 2s
                probes:
                  - ping: { name: p, from: h2, to: %s, interval: 200ms, count: 3, start: 300ms }
                expect:
                  - { probe: p, replies-at-least: 3 }
                """.formatted(target), StandardCharsets.UTF_8);
    }

    @Test
    void bindingOfTheWrongFormIsAUserError() {
        UserErrorTest.assertUserError(Cli.run("hil", scenario.toString(), "--bind", "r1eth0"),
                "--bind r1eth0: is not of the form NODE:IFACE=DEVICE (e.g. --bind r1:eth0=veth-twin)");
    }

    @Test
    @DisplayName("a binding is checked against the topology before any device is opened (no root needed to learn of a typo)")
    void unknownNodeIsAUserError() {
        UserErrorTest.assertUserError(Cli.run("hil", scenario.toString(), "--bind", "r9:eth0=ntnosuch0"),
                "--bind r9:eth0=ntnosuch0: the topology has no node r9 (nodes: r1, h2)");
    }

    @Test
    void absentDeviceIsAUserError() {
        UserErrorTest.assertUserError(Cli.run("hil", scenario.toString(), "--bind", "r1:eth0=ntnosuch0"),
                "ntnosuch0: no such network device (create it first, e.g. `ip link add ntnosuch0 type veth peer name ntnosuch0p` (see docs/hil.md))");
    }

    @Test
    void badDurationAndMissingBindAreUsageErrors() {
        Cli badDuration = Cli.run("hil", scenario.toString(), "--bind", "r1:eth0=ntnosuch0", "--duration", "5");
        assertEquals(Main.EXIT_USER_ERROR, badDuration.exitCode(), badDuration.err());
        assertTrue(badDuration.err().startsWith("--duration 5: duration '5' needs a unit (write e.g. 250us, 10ms, 1.5s or 2m)"), badDuration.err());
        Cli noBind = Cli.run("hil", scenario.toString());
        assertEquals(Main.EXIT_USER_ERROR, noBind.exitCode(), noBind.err());
        assertTrue(noBind.err().startsWith("Missing required option: '--bind=NODE:IFACE=DEVICE'"), noBind.err());
    }

    @Test
    @Tag("real")
    @Timeout(40)
    @DisplayName("on a real segment: exit 0 when the expectations hold, 1 when one fails, 1 when the run falls behind a hard limit")
    void verdictIsTheExitCode() throws Exception {
        Optional<String> why = NetNs.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "hardware-in-the-loop test skipped: " + why.orElse(""));
        try (NetNs net = NetNs.create()) {
            net.addNamespace("client", "198.18.2.10/24", "198.18.2.1");
            String bind = "r1:eth0=" + net.addTwinPort();

            Cli passed = Cli.run("hil", scenario.toString(), "--bind", bind);
            assertEquals(Main.EXIT_OK, passed.exitCode(), passed.out() + passed.err());
            assertTrue(passed.out().contains("64 bytes from 198.18.2.10: icmp_seq=3 ttl=63 "), passed.out());
            assertTrue(passed.out().contains("\nwall-clock lag: worst "), passed.out());
            assertTrue(passed.out().endsWith("scenario hilcli passed (hil)" + System.lineSeparator()), passed.out());

            Cli failed = Cli.run("hil", writeScenarioPinging("198.18.2.99").toString(), "--bind", bind, "--duration", "1500ms");
            assertEquals(Main.EXIT_FAILED, failed.exitCode(), failed.out() + failed.err());
            assertTrue(failed.out().contains("EXPECTATION FAILED: "), failed.out());
            assertTrue(failed.out().endsWith("scenario hilcli FAILED (hil): 1 expectation not met" + System.lineSeparator()), failed.out());

            // Nothing can start within a nanosecond of its due time: the first item already breaks the limit.
            Cli overrun = Cli.run("hil", scenario.toString(), "--bind", bind, "--max-lag", "1ns");
            assertEquals(Main.EXIT_FAILED, overrun.exitCode(), overrun.out() + overrun.err());
            assertTrue(overrun.err().startsWith("nettwin hil: "), overrun.err());
            assertTrue(overrun.err().contains("late, over the hard limit 0.000000001s"), overrun.err());
            assertFalse(overrun.err().contains("\tat "), "no stack trace");
        }
    }
}
