package org.nettwin.scenarios.chaos;

import java.util.List;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.topologies.ImpairmentPatch;
import org.nettwin.topologies.ImpairmentSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * One fault of a chaos schedule, in the scenario language's own vocabulary ({@link ScenarioAction}): what
 * starts it and what clears it. Two faults with the same {@link #target()} never overlap in a schedule, so
 * a clearing action undoes exactly its own fault.
 */
public sealed interface Fault {
    /** What the fault acts on; a schedule holds at most one active fault per target. */
    String target();

    /** The action that starts the fault. */
    ScenarioAction start();

    /** The actions that clear it, returning the network to the topology's state. */
    List<ScenarioAction> clear(TopologySpec topology);

    /** {@code ip link set down} at both ends of a link; cleared by setting it up. */
    record LinkDown(String link) implements Fault {
        public String target() { return "link " + link; }
        public ScenarioAction start() { return new ScenarioAction.LinkAdmin(link, false); }
        public List<ScenarioAction> clear(TopologySpec topology) { return List.of(new ScenarioAction.LinkAdmin(link, true)); }
    }

    /** A silent cut, of the frames {@code fromNode} sends or (null) both ways; cleared by healing it. */
    record Cut(String link, String fromNode) implements Fault {
        public String target() { return "link " + link; }
        public ScenarioAction start() { return new ScenarioAction.LinkCut(link, fromNode); }
        public List<ScenarioAction> clear(TopologySpec topology) { return List.of(new ScenarioAction.LinkHeal(link, fromNode)); }
    }

    /**
     * Loss and/or extra delay on a link ({@code fromNode} null: both ways). Cleared by an impair event that
     * puts back the topology's own loss and delay, per direction when the two directions differ.
     */
    record Impair(String link, String fromNode, Double loss, Long delayNs) implements Fault {
        public Impair {
            if (loss == null && delayNs == null) throw new IllegalArgumentException("an impairment needs loss or delay");
        }

        public String target() { return "link " + link; }

        public ScenarioAction start() {
            return new ScenarioAction.LinkImpair(link, fromNode, new ImpairmentPatch(delayNs, null, loss, null, null, null, null));
        }

        public List<ScenarioAction> clear(TopologySpec topology) {
            LinkSpec l = topology.link(link).orElseThrow(() -> new IllegalArgumentException("no link " + link));
            if (fromNode != null) return List.of(restore(l.a().node().equals(fromNode) ? l.aToB() : l.bToA(), fromNode));
            if (restorePatch(l.aToB()).equals(restorePatch(l.bToA()))) return List.of(restore(l.aToB(), null));
            return List.of(restore(l.aToB(), l.a().node()), restore(l.bToA(), l.b().node()));
        }

        private ScenarioAction restore(ImpairmentSpec original, String direction) {
            return new ScenarioAction.LinkImpair(link, direction, restorePatch(original));
        }

        /** Only the fields this fault changed, at the topology's values. */
        private ImpairmentPatch restorePatch(ImpairmentSpec original) {
            return new ImpairmentPatch(delayNs == null ? null : original.delayNs(), null, loss == null ? null : original.loss(),
                    null, null, null, null);
        }
    }

    /**
     * keepalived on {@code node} stopped ({@code systemctl stop keepalived}, SIGTERM) or killed
     * ({@code pkill -9 keepalived}, SIGKILL); cleared by {@code systemctl start keepalived}. The other
     * routers still hear each other.
     */
    record KeepalivedDown(String node, boolean kill) implements Fault {
        public String target() { return "keepalived " + node; }
        public ScenarioAction start() {
            return new ScenarioAction.NodeCommand(node, kill ? "pkill -9 keepalived" : "systemctl stop keepalived");
        }
        public List<ScenarioAction> clear(TopologySpec topology) {
            return List.of(new ScenarioAction.NodeCommand(node, "systemctl start keepalived"));
        }
    }
}
