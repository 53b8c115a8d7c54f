package org.nettwin.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.topologies.ImpairmentSpec;
import org.nettwin.topologies.InterfaceSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.TopologyGraph;
import org.nettwin.topologies.TopologySpec;
import org.nettwin.topologies.TopologyWarning;
import org.nettwin.topologies.yaml.Units;
import org.nettwin.topologies.yaml.YamlValue;

/** The text {@code nettwin topo check} prints: nodes, links with their non-default impairments, warnings. */
final class TopologySummary {
    private TopologySummary() {}

    static String of(TopologySpec t) {
        StringBuilder out = new StringBuilder();
        out.append("topology ").append(t.name()).append(" (").append(t.file()).append("): ")
                .append(count(t.nodes().size(), "node")).append(", ").append(count(t.links().size(), "link")).append('\n');

        out.append("nodes:\n");
        List<String[]> rows = new ArrayList<>();
        for (NodeSpec n : t.nodes().values()) rows.add(new String[] {n.name(), YamlValue.spelling(n.kind()), interfaces(n)});
        table(out, rows);

        out.append("links:\n");
        rows.clear();
        for (LinkSpec l : t.links()) rows.add(new String[] {l.name(), l.a() + " <-> " + l.b(), impairments(l)});
        table(out, rows);

        List<String> warnings = new ArrayList<>();
        for (TopologyWarning w : t.warnings()) warnings.add(w.toString());
        warnings.addAll(disconnected(t));
        out.append("warnings: ").append(warnings.size()).append('\n');
        for (String w : warnings) out.append("  ").append(w).append('\n');
        return out.toString();
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String interfaces(NodeSpec n) {
        return n.interfaces().stream().map(TopologySummary::iface).collect(Collectors.joining(", "));
    }

    static String iface(InterfaceSpec i) {
        StringBuilder sb = new StringBuilder(i.name());
        for (IfAddr a : i.addresses()) sb.append(' ').append(a);
        if (i.mtu() != InterfaceSpec.DEFAULT_MTU) sb.append(" mtu ").append(i.mtu());
        return sb.toString();
    }

    /** One description when both directions agree, else "a->b: ...; b->a: ...". */
    static String impairments(LinkSpec l) {
        if (l.aToB().equals(l.bToA())) return describe(l.aToB());
        return "a->b: " + describe(l.aToB()) + "; b->a: " + describe(l.bToA());
    }

    private static String describe(ImpairmentSpec s) {
        List<String> parts = new ArrayList<>();
        if (s.delayNs() != 0) parts.add("delay " + Units.formatDuration(s.delayNs()));
        if (s.jitterNs() != 0) parts.add("jitter " + Units.formatDuration(s.jitterNs()));
        if (s.loss() != 0) parts.add("loss " + Units.formatPercent(s.loss()));
        if (s.burst() != null) {
            parts.add(String.format(Locale.ROOT, "burst-loss %s/%s/%s/%s", Units.formatPercent(s.burst().pGoodToBad()),
                    Units.formatPercent(s.burst().pBadToGood()), Units.formatPercent(s.burst().lossInGood()),
                    Units.formatPercent(s.burst().lossInBad())));
        }
        if (s.rateBps() != 0) parts.add("rate " + Units.formatRate(s.rateBps()));
        if (s.queuePackets() != ImpairmentSpec.DEFAULT_QUEUE_PACKETS) parts.add("queue " + s.queuePackets());
        if (s.mtu() != ImpairmentSpec.DEFAULT_MTU) parts.add("mtu " + s.mtu());
        return parts.isEmpty() ? "ideal" : String.join(" ", parts);
    }

    /** A topology in pieces is legal (a lab may keep spare nodes) but worth a word. */
    static List<String> disconnected(TopologySpec t) {
        List<Set<String>> components = TopologyGraph.of(t).connectedComponents();
        List<String> lines = new ArrayList<>();
        if (components.size() <= 1) return lines;
        String first = components.get(0).iterator().next();
        for (Set<String> c : components.subList(1, components.size())) {
            lines.add("not connected to " + first + ": " + String.join(", ", c));
        }
        return lines;
    }

    /** Rows padded to column width, indented by two; the last column is not padded. */
    static void table(StringBuilder out, List<String[]> rows) {
        if (rows.isEmpty()) return;
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) for (int c = 0; c < columns; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                line.append(r[c]);
                if (c < columns - 1) line.append(" ".repeat(width[c] - r[c].length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
