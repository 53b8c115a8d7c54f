package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.testkit.ManualEnv;

/**
 * Properties of quoting and field splitting over random text full of shell metacharacters: a value written
 * the way the trace quotes it comes back byte for byte (XCU 2.2.2 single quotes), and an unquoted
 * expansion splits into exactly the blank-separated words a linear oracle finds (XCU 2.6.5, default IFS).
 */
class QuotingPropertyTest {
    private static final String ALPHABET = "ab Z9\t'\"\\$`*?[];|&<>()#~=-—日\n";
    private static final long SEED = 0x5eed_2026L;

    private static String randomText(SplittableRandom rnd) {
        int n = rnd.nextInt(0, 24);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    private static Shell shellWith(ManualEnv env, String script) {
        return new Shell(env, CommandRegistry.withoutStack(Optional.empty()),
                ScriptFiles.of(SeedScripts.parse("/p.sh", script)));
    }

    @Test @DisplayName("quoteForTrace(s) assigned and echoed back yields s exactly")
    void quotedValuesRoundTrip() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        for (int i = 0; i < 500; i++) {
            String s = randomText(rnd);
            ManualEnv env = new ManualEnv("n", i);
            // bash's echo prints its operand as is; the leading x keeps a value like "-n" from being an option.
            Shell shell = shellWith(env, "#!/bin/bash\nX=" + Shell.quoteForTrace(s) + "\necho \"x$X\" > /tmp/out\n");
            shell.run("/p.sh", List.of(), st -> { });
            assertEquals("x" + s + "\n", shell.files().read("/tmp/out").orElse("<none>"),
                    "seed " + SEED + " case " + i + " value " + Arrays.toString(s.toCharArray()));
        }
    }

    @Test @DisplayName("an unquoted $X gives as many fields as blank-separated words in its value")
    void fieldSplittingMatchesOracle() {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 500; i++) {
            String s = randomText(rnd);
            long expected = Arrays.stream(s.split("[ \t\n]+")).filter(w -> !w.isEmpty()).count();
            ManualEnv env = new ManualEnv("n", i);
            Shell shell = shellWith(env, "X=" + Shell.quoteForTrace(s) + "\nset -- $X\necho $# > /tmp/n\n");
            shell.run("/p.sh", List.of(), st -> { });
            assertEquals(expected + "\n", shell.files().read("/tmp/n").orElse("<none>"),
                    "seed " + (SEED + 1) + " case " + i + " value " + Arrays.toString(s.toCharArray()));
        }
    }
}
