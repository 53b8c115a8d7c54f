package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

class ClusterCommandTest {
    private static Path example(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (!p.resolve("examples").toFile().isDirectory()) p = p.getParent();
        return p.resolve("examples").resolve(relative);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("cluster run --check: ping-router on this JVM and a child JVM, same fingerprint as `nettwin run`")
    void runsAcrossTwoJvmsAndChecks() throws Exception {
        Path file = example("basics/ping-router.scenario.yml");
        Cli cli = Cli.run("cluster", "run", file.toString(), "--check");
        assertEquals(Main.EXIT_OK, cli.exitCode(), cli.out() + cli.err());
        String single = ScenarioRunner.run(ScenarioLoader.load(file), RunOptions.quiet()).fingerprint();
        assertTrue(cli.out().contains("fingerprint " + single + "\n"), cli.out());
        assertTrue(cli.out().contains("same fingerprint as the single-JVM run"), cli.out());
        assertTrue(cli.out().contains("partition 0: ") && cli.out().contains("partition 1: "), cli.out());
    }

    @Test
    @DisplayName("a scenario that does not load is a user error (exit 2) before any member starts")
    void missingScenarioIsAUserError() {
        Cli cli = Cli.run("cluster", "run", "no-such.scenario.yml");
        assertEquals(Main.EXIT_USER_ERROR, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.err().contains("no-such.scenario.yml"), cli.err());
        assertTrue(!cli.out().contains("coordinator "), "nothing may start: " + cli.out());
    }
}
