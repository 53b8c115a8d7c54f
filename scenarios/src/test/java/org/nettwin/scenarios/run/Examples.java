package org.nettwin.scenarios.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's examples/ directory from a module's test working directory. */
public final class Examples {
    private Examples() {}

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("examples");
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }
}
