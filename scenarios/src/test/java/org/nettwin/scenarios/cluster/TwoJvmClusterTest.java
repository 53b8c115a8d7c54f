package org.nettwin.scenarios.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * The window protocol over a real two-member Pekko cluster on 127.0.0.1, the second member a child JVM that
 * serves both tests (one JVM start and one cluster join for the class). Each step is bounded: a test by
 * {@code @Timeout}, a coordinator step by its step timeout, and the child is ended in {@code @AfterAll}
 * whatever happened (and by itself if this JVM dies).
 */
class TwoJvmClusterTest {
    private static TwoJvms cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TwoJvms();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("vrrp-kill split across two JVMs: the fingerprint of the single-JVM run (issue #8 item 5)")
    void keepalivedScenarioAcrossTwoJvms() throws Exception {
        Path file = Examples.file("keepalived-lan/vrrp-kill.scenario.yml");
        ScenarioRunner.CompletedRun single = ScenarioRunner.execute(ScenarioLoader.load(file), RunOptions.quiet());
        PartitionPlan plan = ScenarioPartitionEngine.plan(file, 2, null);
        PartitionedResult distributed = cluster.run(plan, Duration.ofSeconds(45), "vrrp-kill");
        List<String> singleLines = single.trace().stream().map(TraceRecord::line).toList();
        assertTrue(distributed.crossFrames() > 0, "frames must cross between the JVMs, plan " + plan.partitionOfNode());
        assertEquals(single.result().fingerprint(), distributed.fingerprint(), "two-JVM fingerprint differs from the single-JVM run of " + file
                + " (plan " + plan.partitionOfNode() + ")\n" + ScenarioPartitionsTest.firstDifference(singleLines, distributed.lines()));
        assertEquals(singleLines.size(), distributed.records());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("toy model split across two JVMs: same trace and fingerprint as one partition in one JVM")
    void toyModelAcrossTwoJvms() throws Exception {
        int[] halves = {0, 0, 0, 0, 1, 1, 1, 1};
        PartitionedResult reference = InProcessPartitions.run(ToyRingEngine.plan("ring:8", 11, 200_000_000L, 1, new int[8]), true);
        PartitionedResult distributed = cluster.run(ToyRingEngine.plan("ring:8", 11, 200_000_000L, 2, halves), Duration.ofSeconds(45), "toy-ring");
        assertTrue(distributed.crossFrames() > 0 && distributed.windows() > 10,
                "the run must cross JVMs many times: " + distributed.windows() + " windows, " + distributed.crossFrames() + " frames");
        assertEquals(reference.lines(), distributed.lines());
        assertEquals(reference.fingerprint(), distributed.fingerprint());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    @DisplayName("an engine failing in the child JVM fails the run with its error, and the member serves the next run")
    void failureInTheChildFailsTheRun() throws Exception {
        int[] halves = {0, 0, 0, 0, 1, 1, 1, 1};
        AssertionError failure = assertThrows(AssertionError.class,
                () -> cluster.run(ToyRingEngine.plan("ring:8:fail", 11, 200_000_000L, 2, halves), Duration.ofSeconds(45), "toy-ring-failing"));
        assertTrue(failure.getMessage().contains("partition 1 failed") && failure.getMessage().contains("toy engine failure in partition 1"),
                failure.getMessage());
        PartitionedResult next = cluster.run(ToyRingEngine.plan("ring:8", 11, 20_000_000L, 2, halves), Duration.ofSeconds(45), "toy-ring-after-failure");
        assertEquals(InProcessPartitions.run(ToyRingEngine.plan("ring:8", 11, 20_000_000L, 1, new int[8]), false).fingerprint(), next.fingerprint());
    }
}
