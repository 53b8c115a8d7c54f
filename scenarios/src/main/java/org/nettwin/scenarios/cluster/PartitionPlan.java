package org.nettwin.scenarios.cluster;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every member needs to build its part of one run, identical on all members: the engine factory (a class
 * name, instantiated by reflection on each member), the run's source (a scenario file path, or what the engine
 * factory understands), the seed, the last virtual instant to run (inclusive, like {@code runUntil}), and
 * which partition hosts each node.
 */
public record PartitionPlan(String engineFactory, String source, long seed, long endNs, int partitions,
                            Map<String, Integer> partitionOfNode) implements ClusterMessage {
    public PartitionPlan {
        Objects.requireNonNull(engineFactory, "engineFactory");
        Objects.requireNonNull(source, "source");
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        if (endNs < 0) throw new IllegalArgumentException("endNs must not be negative");
        partitionOfNode = Map.copyOf(partitionOfNode);
        for (Map.Entry<String, Integer> e : partitionOfNode.entrySet()) {
            if (e.getValue() < 0 || e.getValue() >= partitions) {
                throw new IllegalArgumentException("node " + e.getKey() + " is assigned to partition " + e.getValue() + " of " + partitions);
            }
        }
    }

    /** The partition hosting {@code node}; IllegalArgumentException for a node the plan does not know. */
    public int partitionOf(String node) {
        Integer p = partitionOfNode.get(node);
        if (p == null) throw new IllegalArgumentException("node " + node + " is in no partition of the plan");
        return p;
    }

    /** Nodes hosted by {@code partition}, sorted by name (the order does not matter to engines; it is stable for messages). */
    public List<String> nodesOf(int partition) {
        return partitionOfNode.entrySet().stream().filter(e -> e.getValue() == partition).map(Map.Entry::getKey).sorted().toList();
    }
}
