package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nettwin.protocols.config.ConfigError;

/** Writes YAML text to a file in a temporary directory and loads it, for tests of the error messages. */
final class TopologyFiles {
    private final Path dir;

    TopologyFiles(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TopologySpec load(String yaml) throws ConfigError {
        return TopologyLoader.load(write("t.topo.yml", yaml));
    }

    /** Loads {@code yaml}, expects a ConfigError in this file at {@code line}, returns it for message checks. */
    ConfigError error(String yaml, int line) {
        Path file = write("t.topo.yml", yaml);
        ConfigError e = assertThrows(ConfigError.class, () -> TopologyLoader.load(file));
        assertEquals(file.toString(), e.file(), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        return e;
    }
}
