package org.nettwin.scenarios.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * The fingerprint of every shipped example scenario, pinned (OMNeT++-style fingerprint regression): any change
 * of behaviour anywhere in the stack shows up here, to be reviewed and accepted with -Dnettwin.updateGolden=true.
 */
class FingerprintTest {
    @Test @DisplayName("every example scenario's trace fingerprint matches the table")
    void fingerprintsOfExamples() throws Exception {
        StringBuilder table = new StringBuilder();
        for (Path p : scenarios()) {
            String fp = ScenarioRunner.run(ScenarioLoader.load(p), RunOptions.quiet()).fingerprint();
            table.append(Examples.dir().relativize(p)).append(' ').append(fp).append('\n');
        }
        Golden.assertMatches("fingerprints.txt", table.toString());
    }

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> s = Files.walk(Examples.dir())) {
            return s.filter(p -> p.toString().endsWith(".scenario.yml")).sorted().toList();
        }
    }
}
