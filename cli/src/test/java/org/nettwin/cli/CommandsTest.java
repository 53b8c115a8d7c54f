package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandsTest {
    @Test void topoCheckPrintsASummary() throws Exception {
        Path f = Path.of(CommandsTest.class.getResource("/lab.topo.yml").toURI());
        Cli r = Cli.run("topo", "check", f.toString());
        assertEquals("", r.err());
        assertEquals(Main.EXIT_OK, r.exitCode());
        String nl = System.lineSeparator();
        assertEquals(String.join(nl,
                "topology lab (" + f + "): 5 nodes, 3 links",
                "nodes:",
                "  h1   host    eth0 10.0.1.2/24",
                "  r1   router  eth0 10.0.1.1/24, eth1 10.0.2.1/24 10.0.2.254/24 mtu 9000, eth2",
                "  sw1  switch  p1, p2",
                "  h2   host    eth0 10.0.2.2/24",
                "  h9   host",
                "links:",
                "  h1:eth0--r1:eth0  h1:eth0 <-> r1:eth0  ideal",
                "  core              r1:eth1 <-> sw1:p1   a->b: delay 1.5ms loss 5% rate 100Mbps; b->a: delay 20ms burst-loss 1%/30%/0%/100% rate 100Mbps queue 50",
                "  sw1:p2--h2:eth0   sw1:p2 <-> h2:eth0   mtu 1400",
                "warnings: 2",
                "  " + f + ":11:7: warning: interface r1:eth2 has no link",
                "  not connected to h1: h9",
                ""), r.out().replace("\n", nl));
    }

    @Test void versionComesFromTheBuild() {
        Cli r = Cli.run("version");
        assertEquals(Main.EXIT_OK, r.exitCode());
        assertTrue(r.out().matches("nettwin \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), r.out());
        assertEquals(r.out(), Cli.run("--version").out(), "--version and version agree");
    }

    @Test void helpEverywhere() {
        Cli top = Cli.run("--help");
        assertEquals(Main.EXIT_OK, top.exitCode());
        for (String sub : new String[] {"run", "topo", "version"}) assertTrue(top.out().contains(sub), top.out());
        for (String[] args : new String[][] {{"run", "--help"}, {"topo", "--help"}, {"topo", "check", "--help"}, {"version", "--help"}, {"help", "run"}}) {
            Cli r = Cli.run(args);
            assertEquals(Main.EXIT_OK, r.exitCode(), String.join(" ", args));
            assertTrue(r.out().startsWith("Usage: nettwin " + args[args[0].equals("help") ? 1 : 0]), r.out());
        }
        assertTrue(Cli.run("run", "--help").out().contains("--seed=N"));
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override public Integer call() {
            throw new IllegalStateException("kaput");
        }
    }

    @Test void internalErrorIsOneLineWithAHint() {
        Cli r = Cli.runWith(cmd -> cmd.addSubcommand(new Boom()), "boom");
        assertEquals(Main.EXIT_FAILED, r.exitCode());
        assertEquals("nettwin: internal error: java.lang.IllegalStateException: kaput (rerun with --debug for the stack trace)"
                + System.lineSeparator(), r.err());
    }

    @Test void debugShowsTheStackTrace() {
        Cli r = Cli.runWith(cmd -> cmd.addSubcommand(new Boom()), "--debug", "boom");
        assertEquals(Main.EXIT_FAILED, r.exitCode());
        assertTrue(r.err().contains("\tat org.nettwin.cli.CommandsTest$Boom.call"), r.err());
        assertFalse(r.err().contains("rerun with --debug"));
    }

    @Test void debugIsAcceptedAfterTheSubcommandToo() {
        CommandLine cmd = Main.commandLine(System.out, System.err);
        cmd.addSubcommand(new Boom());
        assertEquals(Main.EXIT_FAILED, cmd.execute("boom", "--debug"));
    }
}
