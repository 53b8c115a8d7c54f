package org.nettwin.scenarios.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RunSeedTest {
    @Test
    @DisplayName("run i's seed is the i-th number of SplittableRandom(master seed), computed without drawing the others")
    void runSeedIsTheSplitMixSequence() {
        for (long master : new long[] {0, 1, -1, 20261122, Long.MIN_VALUE}) {
            SplittableRandom sequence = new SplittableRandom(master);
            for (int i = 0; i < 1000; i++) assertEquals(sequence.nextLong(), ChaosRunner.runSeed(master, i), "master seed " + master + " run " + i);
        }
    }
}
