package org.nettwin.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files written first into a hidden staging directory inside the target, then moved into place one by one with
 * atomic renames, so a crash or an exception never leaves a half-written report file; closing without
 * {@link #commit()} leaves the target untouched.
 */
final class StagedFiles implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final List<String> written = new ArrayList<>();

    StagedFiles(Path target) throws IOException {
        this.target = target;
        Files.createDirectories(target);
        this.staging = Files.createTempDirectory(target, ".report-");
    }

    void put(String relative, String text) throws IOException {
        put(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    void put(String relative, byte[] bytes) throws IOException {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        written.add(relative);
    }

    void commit() throws IOException {
        for (String relative : written) {
            Path to = target.resolve(relative);
            Files.createDirectories(to.getParent());
            try {
                Files.move(staging.resolve(relative), to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging.resolve(relative), to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        written.clear();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(staging)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
