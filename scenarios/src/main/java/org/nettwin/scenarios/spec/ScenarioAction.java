package org.nettwin.scenarios.spec;

import java.util.List;
import org.nettwin.topologies.ImpairmentPatch;

/**
 * What a scenario event does. Links are referred to by their topology name (a scenario may write an
 * endpoint, "r1:eth1"; the loader resolves it); {@code fromNode} null means both directions, otherwise only
 * the frames that node sends onto the link.
 */
public sealed interface ScenarioAction {
    /** {@code ip link set ... down/up} on both ends: carrier changes, nodes notice. */
    record LinkAdmin(String link, boolean up) implements ScenarioAction {}

    /** A silent cut (a dead fibre, a lost upstream): frames vanish, carrier stays up, nobody is told. */
    record LinkCut(String link, String fromNode) implements ScenarioAction {}

    /** Undoes a {@link LinkCut} (in the given direction, or both). */
    record LinkHeal(String link, String fromNode) implements ScenarioAction {}

    /** Changes impairments from now on; fields of {@code patch} left null keep their value. */
    record LinkImpair(String link, String fromNode, ImpairmentPatch patch) implements ScenarioAction {}

    /** A shell command run on a node, e.g. "systemctl stop keepalived", "poff dsl-provider". */
    record NodeCommand(String node, String command) implements ScenarioAction {}

    /** How a flapping link fails: {@code ip link set down} (carrier lost, nodes notice) or a silent cut of both directions. */
    enum FlapMode { DOWN, CUT }

    /**
     * A link that fails every {@code periodNs} for {@code downNs}, from the event's time for {@code durationNs};
     * the last failure ends by the end of that window, so the link is whole afterwards.
     */
    record LinkFlap(String link, FlapMode mode, long periodNs, long downNs, long durationNs) implements ScenarioAction {
        /** Start offsets (from the event's time) of the failures: 0, period, 2 period, ... while a whole failure fits. */
        public List<Long> failureOffsets() {
            List<Long> offsets = new java.util.ArrayList<>();
            for (long t = 0; t + downNs <= durationNs; t += periodNs) offsets.add(t);
            return offsets;
        }
    }

    /**
     * Node groups that can no longer reach each other: {@code links} are the links the loader found between them
     * (see docs/scenario-format.md for how switches are split), each cut silently in both directions.
     */
    record Partition(List<List<String>> groups, List<String> links) implements ScenarioAction {
        public Partition {
            groups = groups.stream().map(List::copyOf).toList();
            links = List.copyOf(links);
        }
    }

    /** Heals the cuts of earlier partitions: {@code links} in both directions. */
    record HealPartition(List<String> links) implements ScenarioAction {
        public HealPartition {
            links = List.copyOf(links);
        }
    }

    /**
     * Nodes stop at once (power lost, kernel panic): their ports fall silent, every timer and process dies, all
     * state is lost. {@code region} names the region they were taken from, or is null for a single {@code crash}.
     */
    record NodeCrash(List<String> nodes, String region) implements ScenarioAction {
        public NodeCrash {
            nodes = List.copyOf(nodes);
        }
    }

    /** Nodes boot again from their topology (setup commands, keepalived from scratch); a running node is crashed first. */
    record NodeReboot(List<String> nodes, String region) implements ScenarioAction {
        public NodeReboot {
            nodes = List.copyOf(nodes);
        }
    }
}
