package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under scenarios/src/test/resources/golden. A deliberate change of behaviour is accepted by
 * rerunning the tests with -Dnettwin.updateGolden=true and reviewing the diff of the golden files.
 */
final class Golden {
    private Golden() {}

    static Path dir() {
        return Examples.dir().getParent().resolve("scenarios/src/test/resources/golden");
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = dir().resolve(name);
        if (Boolean.getBoolean("nettwin.updateGolden")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "<missing " + file + ">";
        assertEquals(expected, actual, "golden file " + name + " differs; if the change is intended, rerun with -Dnettwin.updateGolden=true");
    }
}
