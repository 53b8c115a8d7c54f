package org.nettwin.scenarios.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * Shipped scenarios split into partition kernels in one JVM, driven window by window through the same
 * conductor as the cluster: the merged trace is the single run's, record for record.
 */
class ScenarioPartitionsTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"basics/ping-router.scenario.yml", "keepalived-lan/vrrp-kill.scenario.yml", "basics/redirect-lan.scenario.yml"})
    @DisplayName("two and three partitions merge into exactly the single-kernel trace and fingerprint")
    void partitionedRunEqualsSingleRun(String example) throws Exception {
        Path file = Examples.file(example);
        ScenarioRunner.CompletedRun single = ScenarioRunner.execute(ScenarioLoader.load(file), RunOptions.quiet());
        List<String> singleLines = single.trace().stream().map(TraceRecord::line).toList();
        for (int partitions = 2; partitions <= 3; partitions++) {
            PartitionPlan plan = ScenarioPartitionEngine.plan(file, partitions, null);
            PartitionedResult split = InProcessPartitions.run(plan, true);
            String context = example + " in " + partitions + " partitions " + plan.partitionOfNode();
            assertTrue(split.crossFrames() > 0, "frames must cross partitions: " + context);
            assertEquals(singleLines.size(), split.lines().size(), "record count, " + context + "\n" + firstDifference(singleLines, split.lines()));
            assertEquals(singleLines, split.lines(), context + "\n" + firstDifference(singleLines, split.lines()));
            assertEquals(single.result().fingerprint(), split.fingerprint(), context);
        }
    }

    @Test
    @DisplayName("another seed gives another merged fingerprint (the comparison can fail)")
    void seedOverrideReachesThePartitions() throws Exception {
        Path file = Examples.file("basics/ping-router.scenario.yml");
        PartitionedResult scenarioSeed = InProcessPartitions.run(ScenarioPartitionEngine.plan(file, 2, null), false);
        PartitionedResult otherSeed = InProcessPartitions.run(ScenarioPartitionEngine.plan(file, 2, 43L), false);
        assertNotEquals(scenarioSeed.fingerprint(), otherSeed.fingerprint());
    }

    @Test
    @DisplayName("partitioner: keepalived-lan splits at links with delay, deterministically, in balanced halves")
    void partitionerSplitsKeepalivedLan() throws Exception {
        var topo = ScenarioLoader.load(Examples.file("keepalived-lan/vrrp-kill.scenario.yml")).topology();
        Map<String, Integer> split = TopologyPartitioner.split(topo, 2);
        assertEquals(split, TopologyPartitioner.split(topo, 2));
        Map<Integer, List<String>> byPartition = split.entrySet().stream()
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        // Grown from h: the LAN switch, then r1 (first of the routers tied on one link each).
        assertEquals(Map.of(0, List.of("h", "lan", "r1"), 1, List.of("r2", "isp", "server")), byPartition);
    }

    static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "first difference at record " + i + ":\n  single:      " + expected.get(i) + "\n  partitioned: " + actual.get(i);
            }
        }
        return expected.size() == actual.size() ? "no difference" : "one trace is a prefix of the other";
    }
}
