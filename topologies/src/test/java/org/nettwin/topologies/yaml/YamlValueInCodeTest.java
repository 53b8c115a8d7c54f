package org.nettwin.topologies.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.topologies.SourcePos;

/** Values made in code read like the same text in a file, and every message names the place each one gives. */
class YamlValueInCodeTest {
    private static final SourcePos A = new SourcePos("MyTest.java", 12, 0);
    private static final SourcePos B = new SourcePos("Other.java", 40, 0);

    @Test void aScalarConvertsAsTheSameTextInAFile() throws Exception {
        assertEquals(1_500_000_000L, YamlValue.scalar("1.5s", A).duration());
        assertEquals(0.3, YamlValue.scalar("30%", A).fraction(), 1e-12);
        assertFalse(YamlValue.scalar("null", A).isNull(), "text made in code is never YAML's null");
        ConfigError e = assertThrows(ConfigError.class, () -> YamlValue.scalar("10x", A).duration());
        assertEquals("MyTest.java:12: not a duration: '10x' (" + Units.DURATION_EXAMPLES + ")", e.getMessage());
        assertEquals(A, YamlValue.scalar("x", A).pos());
    }

    @Test void eachValueOfATreeKeepsItsOwnPlace() throws Exception {
        Map<String, YamlValue> entries = new LinkedHashMap<>();
        entries.put("at", YamlValue.scalar("5s", A));
        entries.put("groups", YamlValue.list(List.of(YamlValue.list(List.of(YamlValue.scalar("r1", B)), B)), B));
        YamlMap m = YamlValue.mapping(entries, A).map("event");
        assertEquals(A, m.pos());
        assertTrue(m.has("at"));
        YamlValue r1 = m.require("groups").list("groups").get(0).list("nodes").get(0);
        assertEquals("r1", r1.string());
        assertEquals(B, r1.pos());
        ConfigError e = assertThrows(ConfigError.class, () -> m.allowOnly("at"));
        assertEquals("MyTest.java:12: unknown key 'groups' in event (allowed keys: at)", e.getMessage());
    }

    @Test void aValueReadFromAFileCannotJoinATreeMadeInCode() throws Exception {
        YamlValue read = YamlDoc.parse(java.nio.file.Path.of("f.yml"), "a: 1\n");
        assertThrows(IllegalArgumentException.class, () -> YamlValue.list(List.of(read), A));
    }
}
