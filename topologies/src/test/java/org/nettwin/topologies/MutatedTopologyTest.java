package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;

/**
 * Property: whatever a user does to a valid file, loading it either succeeds or fails with a ConfigError
 * that points inside the file. Never an NPE, ClassCastException or a raw SnakeYAML exception.
 */
class MutatedTopologyTest {
    @TempDir Path dir;

    /** Characters that change YAML structure most. */
    private static final String NASTY = ":-[]{},#&*!|>'\"%@` \t\n0123456789abc./";

    @Test void randomEditsOfTheExampleOnlyEverGiveConfigErrors() throws Exception {
        Path example = DocumentedExampleTest.example("lab.topo.yml");
        Files.copy(DocumentedExampleTest.example("r1-keepalived.conf"), dir.resolve("r1-keepalived.conf"));
        String original = Files.readString(example, StandardCharsets.UTF_8);
        long seed = 0x70_9010_6eedL;
        SplittableRandom random = new SplittableRandom(seed);
        Path file = dir.resolve("lab.topo.yml");
        int errors = 0;
        for (int i = 0; i < 1000; i++) {
            String text = original;
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) text = mutate(text, random);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            try {
                TopologyLoader.load(file);
            } catch (ConfigError err) {
                errors++;
                long lines = text.lines().count() + 1;
                assertTrue(err.line() >= 0 && err.line() <= lines, "seed " + seed + " iteration " + i + ": " + err.getMessage());
                assertTrue(err.file().equals(file.toString()) || err.file().endsWith(".conf"),
                        "seed " + seed + " iteration " + i + ": " + err.getMessage());
            } catch (RuntimeException raw) {
                fail("seed " + seed + " iteration " + i + ": raw " + raw + " for\n" + text, raw);
            }
        }
        assertTrue(errors > 300, "seed " + seed + ": the edits should break most files, broke " + errors);
    }

    private static String mutate(String text, SplittableRandom random) {
        if (text.isEmpty()) return text;
        int at = random.nextInt(text.length());
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + NASTY.charAt(random.nextInt(NASTY.length())) + text.substring(at);
            case 2 -> text.substring(0, at) + NASTY.charAt(random.nextInt(NASTY.length())) + text.substring(at + 1);
            default -> {
                int start = text.lastIndexOf('\n', at) + 1;
                int end = text.indexOf('\n', at);
                String line = end < 0 ? text.substring(start) : text.substring(start, end + 1);
                yield text.substring(0, start) + line + text.substring(start);
            }
        };
    }
}
