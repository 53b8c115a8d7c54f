package org.nettwin.scenarios.spec;

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
}
