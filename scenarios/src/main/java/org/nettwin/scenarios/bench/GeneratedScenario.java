package org.nettwin.scenarios.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a generated network (topology, scenario and the files they name) into a fresh temporary directory,
 * so a benchmark workload is loaded by the same {@code ScenarioLoader} path a user's files take, with the
 * same validation and file:line errors. The directory is removed when the JVM exits.
 */
final class GeneratedScenario {
    private GeneratedScenario() {}

    /** Writes {@code files} (name relative to the directory -> content) and returns the path of {@code scenarioName}. */
    static Path write(String prefix, Map<String, ? extends CharSequence> files, String scenarioName) {
        try {
            Path dir = Files.createTempDirectory("nettwin-bench-" + prefix);
            dir.toFile().deleteOnExit();
            for (Map.Entry<String, ? extends CharSequence> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.writeString(p, f.getValue());
                p.toFile().deleteOnExit();
            }
            Path scenario = dir.resolve(scenarioName);
            if (!files.containsKey(scenarioName)) throw new IllegalArgumentException("no file " + scenarioName + " among " + files.keySet());
            return scenario;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a file shipped with the project (an example's config), for copying into a generated network. */
    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (run the benchmark from the nettwin checkout)", e);
        }
    }
}
