package org.nettwin.scenarios.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.RunResult;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;

/**
 * Scenario files as JUnit 5 tests, for a user's own repository:
 *
 * <pre>{@code
 * class NetworkTest {
 *     @TestFactory Stream<DynamicTest> scenarios() { return ScenarioTests.in(Path.of("network")); }
 * }
 * }</pre>
 *
 * One dynamic test per {@code *.scenario.yml} under the directory: it fails with the scenario's
 * unmet expectations (each with its file:line), or with the file:line of a mistake in the files.
 */
public final class ScenarioTests {
    private ScenarioTests() {}

    /** A dynamic test for each scenario file under {@code dir}, in path order. */
    public static Stream<DynamicTest> in(Path dir) {
        return files(dir).stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), f.toUri(), () -> check(f)));
    }

    /** Runs one scenario file and fails the test with its unmet expectations. */
    public static void check(Path scenario) throws Exception {
        check(ScenarioLoader.load(scenario), scenario.toString());
    }

    /**
     * Runs one scenario, e.g. one written in Java with {@link org.nettwin.scenarios.spec.Scenario}, and fails the
     * test with its unmet expectations (each with the Java file and line that wrote it).
     */
    public static void check(ScenarioSpec scenario) throws ConfigError {
        check(scenario, "scenario " + scenario.name());
    }

    private static void check(ScenarioSpec scenario, String label) throws ConfigError {
        RunResult r = ScenarioRunner.run(scenario, RunOptions.quiet());
        if (!r.passed()) Assertions.fail(label + ": " + String.join("; ", r.failures()) + " (fingerprint " + r.fingerprint() + ")");
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".scenario.yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios under " + dir, e);
        }
    }
}
