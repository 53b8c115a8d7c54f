package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mistake in a user's file prints exactly {@code file:line:col: problem (hint)} on stderr, nothing on
 * stdout, no stack trace, and exits 2.
 */
class UserErrorTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Runs {@code topo check} on {@code yaml} and asserts exit 2 and exactly {@code expected} on stderr. */
    private void assertTopoError(String yaml, String expected) throws IOException {
        Path f = write("t.topo.yml", yaml);
        Cli r = Cli.run("topo", "check", f.toString());
        assertUserError(r, f + expected);
    }

    static void assertUserError(Cli r, String expectedLine) {
        assertEquals(expectedLine + System.lineSeparator(), r.err());
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode(), r.err());
        assertEquals("", r.out());
        assertFalse(r.err().contains("\tat "), "no stack trace");
        assertFalse(r.err().contains("Exception"), "no exception class names");
    }

    @Test @DisplayName("broken YAML: SnakeYAML's mark becomes file:line:col")
    void brokenYaml() throws IOException {
        assertTopoError("""
                nodes:
                  r1: { kind: router
                  r2: { kind: router }
                """, ":3:5: YAML syntax error: expected ',' or '}', but got : (while parsing a flow mapping at line 2)");
    }

    @Test void unknownNodeInALink() throws IOException {
        assertTopoError("""
                nodes:
                  r1: { kind: router, interfaces: { eth0: { address: 10.0.0.1/30 } } }
                links:
                  - endpoints: ["r1:eth0", "r2:eth0"]
                """, ":4:28: link endpoint 'r2:eth0': no node named 'r2' (did you mean 'r1'? nodes: r1)");
    }

    @Test void duplicateInterface() throws IOException {
        assertTopoError("""
                nodes:
                  r1:
                    kind: router
                    interfaces:
                      eth0: { address: 10.0.0.1/30 }
                      eth0: { address: 10.0.1.1/30 }
                """, ":6:7: 'eth0' is defined twice in interfaces of node 'r1' (first at line 5)");
    }

    @Test void addressOutsideItsSubnet() throws IOException {
        assertTopoError("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.1.2/24 } }
                    routes:
                      - { to: default, via: 10.0.2.1 }
                """, ":6:29: node 'h1': gateway 10.0.2.1 is an address outside its subnets (connected: 10.0.1.0/24 on eth0)");
    }

    @Test void unknownKeyWithDidYouMean() throws IOException {
        assertTopoError("""
                nodes:
                  r1: { kind: router, interfaces: { eth0: { address: 10.0.0.1/30 } } }
                  r2: { kind: router, interfaces: { eth0: { address: 10.0.0.2/30 } } }
                links:
                  - endpoints: ["r1:eth0", "r2:eth0"]
                    dealy: 10ms
                """, ":6:5: unknown key 'dealy' in link (did you mean 'delay'? allowed keys: endpoints, name, a-to-b, b-to-a, "
                + "delay, jitter, loss, burst-loss, rate, queue, mtu)");
    }

    @Test void missingFile() {
        Path f = dir.resolve("nope.topo.yml");
        assertUserError(Cli.run("topo", "check", f.toString()), f + ": file not found (looked for " + f.toAbsolutePath().normalize() + ")");
    }

    @Test @DisplayName("run: an error in the topology a scenario names points into the topology file")
    void runReportsTopologyErrors() throws IOException {
        Path topo = write("bad.topo.yml", "nodes:\n  r1: { kind: rooter }\n");
        Path scenario = write("s.scenario.yml", "topology: bad.topo.yml\nduration: 10s\n");
        assertUserError(Cli.run("run", scenario.toString()),
                topo.toAbsolutePath().normalize() + ":2:15: unknown node kind 'rooter' (did you mean 'router'? allowed: host, router, switch)");
    }

    @Test void runReportsScenarioErrors() throws IOException {
        write("t.topo.yml", "nodes:\n  h1: { kind: host }\n");
        Path scenario = write("s.scenario.yml", "topology: t.topo.yml\nduration: 10s\nevents:\n  - { at: 11s, run: reboot, on: h1 }\n");
        assertUserError(Cli.run("run", scenario.toString()), scenario + ":4:11: 11s is after the end of the run (duration is 10s)");
    }

    @Test void badOptionValueIsAUsageError() {
        Cli r = Cli.run("run", "x.yml", "--threads", "zero");
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
        assertFalse(r.err().contains("\tat "));
    }

    @Test void missingSubcommandIsAUsageError() {
        Cli r = Cli.run();
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode());
        assertEquals("Missing required subcommand", r.err().lines().findFirst().orElseThrow());
    }
}
