package org.nettwin.scenarios.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Java example of docs/junit.md is UplinkTest, which runs with the other tests: the doc cannot rot. */
class JunitDocTest {
    @Test @DisplayName("docs/junit.md's \"Scenarios in Java\" shows exactly UplinkTest.java (without its package line)")
    void docShowsTheTestedJavaScenario() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "junit.md"), StandardCharsets.UTF_8);
        int section = doc.indexOf("\n## Scenarios in Java\n");
        assertTrue(section >= 0, "docs/junit.md has a section \"Scenarios in Java\"");
        int start = doc.indexOf("```java\n", section) + "```java\n".length();
        String block = doc.substring(start, doc.indexOf("```", start));
        String source = Files.readString(Path.of("src/test/java/org/nettwin/scenarios/junit/UplinkTest.java"), StandardCharsets.UTF_8);
        assertEquals(source.substring(source.indexOf("\n\n") + 2), block);
    }
}
