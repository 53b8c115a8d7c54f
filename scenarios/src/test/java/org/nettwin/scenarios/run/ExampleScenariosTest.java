package org.nettwin.scenarios.run;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nettwin.scenarios.junit.ScenarioTests;

/** Every shipped example scenario meets its own expectations: the way a user's repository runs theirs. */
class ExampleScenariosTest {
    @TestFactory Stream<DynamicTest> examples() {
        return ScenarioTests.in(Examples.dir());
    }
}
