package org.nettwin.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.topologies.CloudSpec;
import org.nettwin.topologies.Endpoint;
import org.nettwin.topologies.InterfaceSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.RouteSpec;
import org.nettwin.topologies.TopologySpec;
import org.nettwin.topologies.TopologyWarning;
import org.nettwin.topologies.yaml.Units;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * What {@code nettwin topo show} prints: every node with its kind, region, interfaces and addresses, routes and
 * what runs on it; each switch with what hangs on its ports; links with their impairments; clouds; warnings.
 * Everything in file order, and the topology's own files relative to its directory, so the text is the same
 * on every machine (a test compares it with a golden file).
 */
final class TopologyDescription {
    private TopologyDescription() {}

    static String of(TopologySpec t) {
        StringBuilder out = new StringBuilder();
        long switches = t.nodes().values().stream().filter(n -> n.kind() == NodeKind.SWITCH).count();
        out.append("topology ").append(t.name()).append(": ").append(TopologySummary.count(t.nodes().size() - (int) switches, "node"))
                .append(", ").append(TopologySummary.count((int) switches, "switch").replace("switchs", "switches"))
                .append(", ").append(TopologySummary.count(t.links().size(), "link"))
                .append(", ").append(TopologySummary.count(t.clouds().size(), "cloud")).append('\n');
        if (!t.regions().isEmpty()) {
            out.append("regions:\n");
            t.regions().forEach((region, nodes) -> out.append("  ").append(region).append(": ").append(String.join(", ", nodes)).append('\n'));
        }

        out.append("\nnodes:\n");
        for (NodeSpec n : t.nodes().values()) if (n.kind() != NodeKind.SWITCH) node(out, t, n);

        if (switches > 0) {
            out.append("\nswitches:\n");
            for (NodeSpec n : t.nodes().values()) if (n.kind() == NodeKind.SWITCH) switchPorts(out, t, n);
        }

        out.append("\nlinks:\n");
        List<String[]> rows = new ArrayList<>();
        for (LinkSpec l : t.links()) rows.add(new String[] {l.name(), l.a() + " <-> " + l.b(), TopologySummary.impairments(l)});
        TopologySummary.table(out, rows);

        if (!t.clouds().isEmpty()) {
            out.append("\nclouds:\n");
            for (CloudSpec c : t.clouds().values()) cloud(out, c);
        }

        List<String> warnings = new ArrayList<>();
        for (TopologyWarning w : t.warnings()) warnings.add(inTopology(t, Path.of(w.pos().file())) + ":" + w.pos().line() + ": " + w.message());
        warnings.addAll(TopologySummary.disconnected(t));
        out.append("\nwarnings: ").append(warnings.size()).append('\n');
        for (String w : warnings) out.append("  ").append(w).append('\n');
        return out.toString();
    }

    private static void node(StringBuilder out, TopologySpec t, NodeSpec n) {
        StringBuilder head = new StringBuilder("  ").append(n.name()).append("  ").append(YamlValue.spelling(n.kind()));
        if (n.region() != null) head.append("  region ").append(n.region());
        if (n.forwarding() != n.kind().forwardsByDefault()) head.append(n.forwarding() ? "  forwarding on" : "  forwarding off");
        if (n.execLatencyNs() != NodeSpec.DEFAULT_EXEC_LATENCY_NS) head.append("  exec-latency ").append(Units.formatDuration(n.execLatencyNs()));
        out.append(head).append('\n');
        for (InterfaceSpec i : n.interfaces()) out.append("    ").append(iface(i)).append(linkOf(t, n.name(), i.name())).append('\n');
        for (RouteSpec r : n.routes()) out.append("    route ").append(route(r)).append('\n');
        if (n.keepalivedConf() != null) {
            out.append("    keepalived ").append(n.keepalivedProfile() == KeepalivedProfile.V1_2 ? "1.2.13" : "2.2")
                    .append(" ").append(inTopology(t, n.keepalivedConf())).append('\n');
        }
        n.files().forEach((onNode, file) -> out.append("    file ").append(onNode).append(" <- ").append(inTopology(t, file)).append('\n'));
        for (NodeSpec.SetupCommand c : n.setup()) out.append("    setup ").append(c.command()).append('\n');
    }

    private static String iface(InterfaceSpec i) {
        StringBuilder sb = new StringBuilder(TopologySummary.iface(i));
        if (i.mac() != null) sb.append(" mac ").append(i.mac());
        if (i.ppp() != null) {
            sb.append(" pppoe ").append(i.ppp().provider()).append(" session ").append(i.ppp().session());
            if (i.ppp().defaultRoute()) sb.append(" defaultroute");
        }
        if (i.masquerade()) sb.append(" nat masquerade");
        return sb.toString();
    }

    /** "  -> link NAME to NODE:IF", or a note that nothing is plugged in. */
    private static String linkOf(TopologySpec t, String node, String iface) {
        Endpoint here = new Endpoint(node, iface);
        for (LinkSpec l : t.links()) {
            if (l.touches(here)) return "  -> " + (l.a().equals(here) ? l.b() : l.a()) + " (" + l.name() + ")";
        }
        return "  (no link)";
    }

    private static String route(RouteSpec r) {
        StringBuilder sb = new StringBuilder(r.to().equals(Prefix4.DEFAULT) ? "default" : r.to().toString());
        if (r.via() != null) sb.append(" via ").append(r.via());
        if (r.dev() != null) sb.append(" dev ").append(r.dev());
        if (r.metric() != 0) sb.append(" metric ").append(r.metric());
        return sb.toString();
    }

    private static void switchPorts(StringBuilder out, TopologySpec t, NodeSpec n) {
        out.append("  ").append(n.name());
        if (n.region() != null) out.append("  region ").append(n.region());
        out.append('\n');
        for (InterfaceSpec port : n.interfaces()) {
            out.append("    ").append(port.name());
            if (port.mtu() != InterfaceSpec.DEFAULT_MTU) out.append(" mtu ").append(port.mtu());
            out.append(linkOf(t, n.name(), port.name())).append('\n');
        }
    }

    /** The kind's own keys, briefly; a kind this text does not know yet still shows its name and latency. */
    private static void cloud(StringBuilder out, CloudSpec c) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("api-latency", Units.formatDuration(c.apiLatencyNs()));
        String kind;
        if (c instanceof CloudSpec.Aws aws) {
            kind = "aws";
            List<String> instances = new ArrayList<>();
            aws.instanceIds().forEach((node, id) -> instances.add(node + "=" + id));
            facts.put("instances", String.join(", ", instances));
            aws.routeTables().forEach((table, routes) -> facts.put("route table " + table,
                    String.join(", ", routes.stream().map(r -> r.destination() + " -> " + r.instance()).toList())));
        } else if (c instanceof CloudSpec.Soracom soracom) {
            kind = "soracom";
            soracom.sims().forEach((imsi, sim) -> facts.put("sim " + imsi, "link " + sim.link() + " at " + sim.node()));
        } else {
            kind = c.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }
        out.append("  ").append(c.name()).append("  ").append(kind).append('\n');
        facts.forEach((k, v) -> out.append("    ").append(k).append(": ").append(v).append('\n'));
    }

    /** A file of the topology as the run names it: relative to the topology's directory (as in traces). */
    private static String inTopology(TopologySpec t, Path file) {
        Path base = t.file().toAbsolutePath().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return base != null && abs.startsWith(base.normalize()) ? base.normalize().relativize(abs).toString() : abs.getFileName().toString();
    }
}
