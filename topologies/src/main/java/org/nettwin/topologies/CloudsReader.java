package org.nettwin.topologies;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.topologies.yaml.Suggestions;
import org.nettwin.topologies.yaml.YamlMap;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * Reads the top-level {@code clouds:} section once nodes and links are known, since it refers to both.
 * Every reference is checked here, so the simulator can trust a {@link CloudSpec}.
 */
final class CloudsReader {
    private static final List<String> COMMON_KEYS = List.of("kind", "api-latency");
    private static final List<String> AWS_KEYS = Stream.concat(COMMON_KEYS.stream(), Stream.of("route-tables", "instances")).toList();
    private static final List<String> SORACOM_KEYS = Stream.concat(COMMON_KEYS.stream(), Stream.of("sims")).toList();
    private static final List<String> GCP_KEYS = Stream.concat(COMMON_KEYS.stream(), Stream.of("project", "region", "networks")).toList();
    /** GCP resource names, regions and project ids: lower-case RFC 1035 labels. */
    private static final Pattern GCP_NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final List<String> ROUTE_KEYS = List.of("destination", "instance");
    private static final List<String> SIM_KEYS = List.of("link", "node");
    /** EC2 resource ids: a type prefix and 8 (older) or 17 hex digits. */
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern ROUTE_TABLE_ID = Pattern.compile("rtb-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    /** An IMSI has 15 digits (ITU-T E.212). */
    private static final Pattern IMSI = Pattern.compile("[0-9]{15}");

    private final Map<String, NodeSpec> nodes;
    private final Map<String, LinkSpec> links = new LinkedHashMap<>();
    /** What is unique across all clouds, with where it was first given. */
    private final Map<String, SourcePos> instanceIds = new HashMap<>();
    private final Map<String, SourcePos> imsis = new HashMap<>();
    /** A node answers one instance metadata service and holds one SORACOM account: node -> cloud name, per kind. */
    private final Map<CloudSpec.Kind, Map<String, String>> cloudOfNode = new HashMap<>();

    private CloudsReader(Map<String, NodeSpec> nodes, List<LinkSpec> links) {
        this.nodes = nodes;
        for (LinkSpec l : links) this.links.put(l.name(), l);
    }

    /** The clouds of {@code root}, in file order; empty when the section is absent. */
    static LinkedHashMap<String, CloudSpec> read(YamlMap root, Map<String, NodeSpec> nodes, List<LinkSpec> links) throws ConfigError {
        LinkedHashMap<String, CloudSpec> clouds = new LinkedHashMap<>();
        if (!root.has("clouds")) return clouds;
        CloudsReader reader = new CloudsReader(nodes, links);
        for (YamlMap.Entry e : root.require("clouds").map("clouds").entries()) {
            clouds.put(e.key(), reader.cloud(e.keyValue(), e.value()));
        }
        return clouds;
    }

    private CloudSpec cloud(YamlValue key, YamlValue value) throws ConfigError {
        String name = key.name();
        // The cloud's changes are traced under its name, beside the nodes' and links' records.
        if (nodes.containsKey(name) || links.containsKey(name)) {
            throw key.error("cloud '" + name + "' has the name of a " + (nodes.containsKey(name) ? "node" : "link"),
                    "traces would be ambiguous; name the cloud e.g. " + name + "-api");
        }
        String label = "cloud '" + name + "'";
        YamlMap m = value.map(label);
        CloudSpec.Kind kind = m.get("kind", v -> v.enumValue(CloudSpec.Kind.class, "cloud kind"));
        long latency = m.get("api-latency", YamlValue::duration, CloudSpec.DEFAULT_API_LATENCY_NS);
        return switch (kind) {
            case AWS -> {
                m.allowOnly(AWS_KEYS);
                Map<String, String> instances = instances(name, m);
                yield new CloudSpec.Aws(name, latency, routeTables(name, m, instances), instances, key.pos());
            }
            case SORACOM -> {
                m.allowOnly(SORACOM_KEYS);
                yield new CloudSpec.Soracom(name, latency, sims(name, m), key.pos());
            }
            case GCP -> {
                m.allowOnly(GCP_KEYS);
                String project = m.has("project") ? gcpName(m.require("project"), "project id") : CloudSpec.Gcp.DEFAULT_PROJECT;
                String region = m.has("region") ? gcpName(m.require("region"), "region") : CloudSpec.Gcp.DEFAULT_REGION;
                yield new CloudSpec.Gcp(name, latency, project, region, networks(name, m), key.pos());
            }
        };
    }

    /** node -> EC2 instance id. */
    private Map<String, String> instances(String cloud, YamlMap m) throws ConfigError {
        Map<String, String> instances = new LinkedHashMap<>();
        if (!m.has("instances")) return instances;
        for (YamlMap.Entry e : m.require("instances").map("instances of cloud '" + cloud + "'").entries()) {
            String node = scriptNode(e.keyValue(), CloudSpec.Kind.AWS, cloud);
            String id = e.value().string();
            if (!INSTANCE_ID.matcher(id).matches()) {
                throw e.value().error("'" + id + "' is not an EC2 instance id", "write i- and 8 or 17 hex digits, e.g. i-0a1b2c3d4e5f60001");
            }
            SourcePos first = instanceIds.putIfAbsent(id, e.value().pos());
            if (first != null) throw e.value().error("instance id " + id + " is given twice", "the other is at " + first.lineRef());
            instances.put(node, id);
        }
        return instances;
    }

    private Map<String, List<CloudSpec.Route>> routeTables(String cloud, YamlMap m, Map<String, String> instances) throws ConfigError {
        Map<String, List<CloudSpec.Route>> tables = new LinkedHashMap<>();
        if (!m.has("route-tables")) return tables;
        for (YamlMap.Entry t : m.require("route-tables").map("route-tables of cloud '" + cloud + "'").entries()) {
            if (!ROUTE_TABLE_ID.matcher(t.key()).matches()) {
                throw t.keyValue().error("'" + t.key() + "' is not an EC2 route table id", "write rtb- and 8 or 17 hex digits, e.g. rtb-212ba845");
            }
            List<CloudSpec.Route> routes = new ArrayList<>();
            Map<Prefix4, SourcePos> destinations = new HashMap<>();
            List<YamlValue> items = t.value().isNull() ? List.of() : t.value().list("routes of " + t.key());
            for (YamlValue item : items) {
                YamlMap r = item.map("route of " + t.key()).allowOnly(ROUTE_KEYS);
                YamlValue destValue = r.require("destination");
                Prefix4 destination = cidr(destValue);
                SourcePos first = destinations.putIfAbsent(destination, destValue.pos());
                if (first != null) {
                    throw destValue.error("route table " + t.key() + " has two routes to " + destination, "the other is at " + first.lineRef());
                }
                YamlValue instValue = r.require("instance");
                String node = instValue.name();
                if (!instances.containsKey(node)) {
                    String hint = nodes.containsKey(node)
                            ? "give node '" + node + "' an instance id under instances of cloud '" + cloud + "'"
                            : Suggestions.hint(node, instances.keySet(), "nodes with an instance id");
                    throw instValue.error("route target '" + node + "' is not an instance of cloud '" + cloud + "'", hint);
                }
                routes.add(new CloudSpec.Route(destination, node, item.pos()));
            }
            tables.put(t.key(), routes);
        }
        return tables;
    }

    /** An EC2 destination: CIDR notation with the length, no host bits (as EC2 and `ip route` want it). */
    private static Prefix4 cidr(YamlValue v) throws ConfigError {
        String text = v.string().trim();
        if (text.indexOf('/') < 0) throw v.error("destination '" + text + "' is not in CIDR notation", "write e.g. 172.16.0.0/16");
        Prefix4 p = v.prefix();
        TopologyLoader.checkNoHostBits(v, p);
        return p;
    }

    /** network -> the node that forwards it and runs its gcloud commands. */
    private Map<String, String> networks(String cloud, YamlMap m) throws ConfigError {
        Map<String, String> routers = new LinkedHashMap<>();
        YamlValue section = m.require("networks");
        for (YamlMap.Entry e : section.map("networks of cloud '" + cloud + "'").entries()) {
            String network = gcpName(e.keyValue(), "network name");
            YamlMap n = e.value().map("network " + network).allowOnly(List.of("router"));
            routers.put(network, scriptNode(n.require("router"), CloudSpec.Kind.GCP, cloud));
        }
        if (routers.isEmpty()) throw section.error("cloud '" + cloud + "' has no networks", "write e.g. networks: { default: { router: gcp-vpc } }");
        return routers;
    }

    private static String gcpName(YamlValue v, String what) throws ConfigError {
        String text = v.string();
        if (!GCP_NAME.matcher(text).matches()) throw v.error("'" + text + "' is not a GCP " + what, "lower-case letters, digits and '-', starting with a letter, e.g. default");
        return text;
    }

    /** IMSI -> SIM. */
    private Map<String, CloudSpec.Sim> sims(String cloud, YamlMap m) throws ConfigError {
        Map<String, CloudSpec.Sim> sims = new LinkedHashMap<>();
        if (!m.has("sims")) return sims;
        for (YamlMap.Entry e : m.require("sims").map("sims of cloud '" + cloud + "'").entries()) {
            String imsi = e.key();
            if (!IMSI.matcher(imsi).matches()) throw e.keyValue().error("'" + imsi + "' is not an IMSI", "an IMSI has 15 digits, e.g. 440101234567890");
            SourcePos first = imsis.putIfAbsent(imsi, e.keyValue().pos());
            if (first != null) throw e.keyValue().error("IMSI " + imsi + " is given twice", "the other is at " + first.lineRef());
            YamlMap s = e.value().map("SIM " + imsi).allowOnly(SIM_KEYS);
            String node = scriptNode(s.require("node"), CloudSpec.Kind.SORACOM, cloud);
            YamlValue linkValue = s.require("link");
            String linkName = linkValue.name();
            LinkSpec link = links.get(linkName);
            if (link == null) throw linkValue.error("SIM " + imsi + ": no link named '" + linkName + "'", Suggestions.hint(linkName, links.keySet(), "links"));
            if (!link.a().node().equals(node) && !link.b().node().equals(node)) {
                throw linkValue.error("SIM " + imsi + ": link '" + linkName + "' (" + link.a() + " - " + link.b() + ") does not end at node '" + node + "'",
                        "name the link of the node's LTE interface");
            }
            sims.put(imsi, new CloudSpec.Sim(imsi, linkName, node, e.keyValue().pos()));
        }
        return sims;
    }

    /** A node whose scripts may call a cloud of {@code kind}: it exists, runs scripts, and has no other cloud of that kind. */
    private String scriptNode(YamlValue v, CloudSpec.Kind kind, String cloud) throws ConfigError {
        String node = v.name();
        NodeSpec spec = nodes.get(node);
        if (spec == null) throw v.error("cloud '" + cloud + "': no node named '" + node + "'", Suggestions.hint(node, nodes.keySet(), "nodes"));
        if (spec.kind() == NodeKind.SWITCH) throw v.error("cloud '" + cloud + "': '" + node + "' is a switch", "only hosts and routers run scripts that call an API");
        String other = cloudOfNode.computeIfAbsent(kind, k -> new HashMap<>()).putIfAbsent(node, cloud);
        if (other != null && !other.equals(cloud)) {
            throw v.error("node '" + node + "' is in two " + YamlValue.spelling(kind) + " clouds, '" + other + "' and '" + cloud + "'",
                    "a node's scripts reach one " + YamlValue.spelling(kind) + " account");
        }
        return node;
    }
}
