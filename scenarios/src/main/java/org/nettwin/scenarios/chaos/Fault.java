package org.nettwin.scenarios.chaos;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.topologies.ImpairmentPatch;
import org.nettwin.topologies.ImpairmentSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * One fault of a chaos schedule, in the scenario language's own vocabulary ({@link ScenarioAction}): what
 * starts it and what clears it. Two faults with the same {@link #target()} never overlap in a schedule, so
 * a clearing action undoes exactly its own fault.
 *
 * <p>A fault is a <em>path</em> fault ({@link #cutsPath()}) when it can stop two routers hearing each other
 * (a link, a PPPoE session, an IPsec tunnel), so that two masters or two active cluster nodes are the
 * expected outcome while it lasts; a process fault (keepalived, Heartbeat) is not.
 */
public sealed interface Fault {
    /** What the fault acts on; a schedule holds at most one active fault per target. */
    String target();

    /** The action that starts the fault. */
    ScenarioAction start();

    /** The actions that clear it, returning the network to the topology's state. */
    List<ScenarioAction> clear(TopologySpec topology);

    /** Whether the fault can split the network, so that redundant routers stop hearing each other. */
    boolean cutsPath();

    /** {@code ip link set down} at both ends of a link; cleared by setting it up. */
    record LinkDown(String link) implements Fault {
        public String target() { return linkTarget(link); }
        public ScenarioAction start() { return new ScenarioAction.LinkAdmin(link, false); }
        public List<ScenarioAction> clear(TopologySpec topology) { return List.of(new ScenarioAction.LinkAdmin(link, true)); }
        public boolean cutsPath() { return true; }
    }

    /** A silent cut, of the frames {@code fromNode} sends or (null) both ways; cleared by healing it. */
    record Cut(String link, String fromNode) implements Fault {
        public String target() { return linkTarget(link); }
        public ScenarioAction start() { return new ScenarioAction.LinkCut(link, fromNode); }
        public List<ScenarioAction> clear(TopologySpec topology) { return List.of(new ScenarioAction.LinkHeal(link, fromNode)); }
        public boolean cutsPath() { return true; }
    }

    /**
     * Loss and/or extra delay on a link ({@code fromNode} null: both ways). Cleared by an impair event that
     * puts back the topology's own loss and delay, per direction when the two directions differ.
     */
    record Impair(String link, String fromNode, Double loss, Long delayNs) implements Fault {
        public Impair {
            if (loss == null && delayNs == null) throw new IllegalArgumentException("an impairment needs loss or delay");
        }

        public String target() { return linkTarget(link); }

        public boolean cutsPath() { return true; }

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
        public String target() { return NodeCommandKind.KEEPALIVED.target(node, "keepalived"); }
        public ScenarioAction start() {
            return new ScenarioAction.NodeCommand(node, kill ? "pkill -9 keepalived" : "systemctl stop keepalived");
        }
        public List<ScenarioAction> clear(TopologySpec topology) {
            return List.of(new ScenarioAction.NodeCommand(node, "systemctl start keepalived"));
        }
        public boolean cutsPath() { return false; }
    }

    /**
     * Heartbeat on {@code node} stopped ({@code /etc/init.d/heartbeat stop}: it gives up the group and tells its
     * peer); cleared by {@code /etc/init.d/heartbeat start}, which waits initdead for a silent peer.
     */
    record HeartbeatDown(String node) implements Fault {
        public String target() { return NodeCommandKind.HEARTBEAT.target(node, "heartbeat"); }
        public ScenarioAction start() { return new ScenarioAction.NodeCommand(node, "/etc/init.d/heartbeat stop"); }
        public List<ScenarioAction> clear(TopologySpec topology) {
            return List.of(new ScenarioAction.NodeCommand(node, "/etc/init.d/heartbeat start"));
        }
        public boolean cutsPath() { return false; }
    }

    /** A PPPoE session hung up ({@code poff PROVIDER}, the routes it installed go); cleared by {@code pon PROVIDER}. */
    record PppDown(String node, String provider) implements Fault {
        public String target() { return NodeCommandKind.PPP.target(node, provider); }
        public ScenarioAction start() { return new ScenarioAction.NodeCommand(node, "poff " + provider); }
        public List<ScenarioAction> clear(TopologySpec topology) { return List.of(new ScenarioAction.NodeCommand(node, "pon " + provider)); }
        public boolean cutsPath() { return true; }
    }

    /**
     * An IPsec tunnel's data plane losing {@code loss} of its packets while IKE and DPD still pass
     * ({@code ipsec-degrade T N%}, protocol-facts §5.2, §8.4); cleared by {@code ipsec-degrade T 0%}.
     */
    record IpsecDegrade(String node, String tunnel, double loss) implements Fault {
        public String target() { return NodeCommandKind.IPSEC.target(node, tunnel); }
        public ScenarioAction start() {
            return new ScenarioAction.NodeCommand(node, "ipsec-degrade " + tunnel + " " + Math.round(loss * 100) + "%");
        }
        public List<ScenarioAction> clear(TopologySpec topology) {
            return List.of(new ScenarioAction.NodeCommand(node, "ipsec-degrade " + tunnel + " 0%"));
        }
        public boolean cutsPath() { return true; }
    }

    /** An IPsec tunnel disabled by an operator (DELETE sent, routes withdrawn); cleared by {@code ipsec-enable T}. */
    record IpsecDisable(String node, String tunnel) implements Fault {
        public String target() { return NodeCommandKind.IPSEC.target(node, tunnel); }
        public ScenarioAction start() { return new ScenarioAction.NodeCommand(node, "ipsec-disable " + tunnel); }
        public List<ScenarioAction> clear(TopologySpec topology) {
            return List.of(new ScenarioAction.NodeCommand(node, "ipsec-enable " + tunnel));
        }
        public boolean cutsPath() { return true; }
    }

    private static String linkTarget(String link) {
        return "link " + link;
    }

    /**
     * The commands chaos runs on nodes, and how a written scenario's {@code run:} line is read back to the
     * target it acts on (see {@link #targetOf}). The patterns accept exactly what the records above write.
     */
    enum NodeCommandKind {
        KEEPALIVED("(?:systemctl (?:stop|start) |pkill -9 )(keepalived)", false),
        HEARTBEAT("/etc/init.d/heartbeat (?:stop|start)", false),
        PPP("po(?:ff|n) (\\S+)", true),
        IPSEC("ipsec-(?:degrade (\\S+) \\d+%|disable (\\S+)|enable (\\S+))", true);

        private final Pattern pattern;
        private final boolean cutsPath;

        NodeCommandKind(String regex, boolean cutsPath) {
            this.pattern = Pattern.compile(regex);
            this.cutsPath = cutsPath;
        }

        String target(String node, String subject) {
            return name().toLowerCase(Locale.ROOT) + " " + node + (this == KEEPALIVED || this == HEARTBEAT ? "" : " " + subject);
        }

        /** The kind and target of a command chaos wrote, if it is one. */
        static Optional<Target> parse(String node, String command) {
            for (NodeCommandKind k : values()) {
                Matcher m = k.pattern.matcher(command);
                if (!m.matches()) continue;
                String subject = null;
                for (int g = 1; g <= m.groupCount() && subject == null; g++) subject = m.group(g);
                return Optional.of(new Target(k.target(node, subject), k.cutsPath));
            }
            return Optional.empty();
        }
    }

    /** What a scenario action acts on, as {@link Fault#target()} names it, and whether it is a path fault. */
    record Target(String name, boolean cutsPath) {}

    /**
     * The target of an action chaos writes: the inverse of {@link #start()} and {@link #clear}, so that a
     * written scenario's events are grouped into the faults they came from.
     *
     * @throws IllegalArgumentException for an action no fault writes
     */
    static Target targetOf(ScenarioAction a) {
        if (a instanceof ScenarioAction.LinkAdmin l) return new Target(linkTarget(l.link()), true);
        if (a instanceof ScenarioAction.LinkCut c) return new Target(linkTarget(c.link()), true);
        if (a instanceof ScenarioAction.LinkHeal h) return new Target(linkTarget(h.link()), true);
        if (a instanceof ScenarioAction.LinkImpair im) return new Target(linkTarget(im.link()), true);
        if (a instanceof ScenarioAction.NodeCommand nc) {
            return NodeCommandKind.parse(nc.node(), nc.command())
                    .orElseThrow(() -> new IllegalArgumentException("not a command chaos runs: " + nc.command() + " on " + nc.node()));
        }
        throw new IllegalArgumentException("not an action chaos writes: " + a);
    }
}
