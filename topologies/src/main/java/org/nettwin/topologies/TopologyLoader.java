package org.nettwin.topologies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.topologies.yaml.Suggestions;
import org.nettwin.topologies.yaml.YamlDoc;
import org.nettwin.topologies.yaml.YamlMap;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * Reads a topology file (docs/topology-format.md) and validates it: every error is a {@link ConfigError} at
 * the user's line that names the nodes involved; questionable but legal things become
 * {@link TopologySpec#warnings()}.
 */
public final class TopologyLoader {
    private static final List<String> TOP_KEYS = List.of("name", "nodes", "links", "clouds");
    private static final List<String> NODE_KEYS =
            List.of("kind", "region", "interfaces", "routes", "forwarding", "keepalived", "files", "setup", "exec-latency");
    /** Keys that only make sense on an IP node: a switch is L2 only. */
    private static final List<String> IP_NODE_KEYS = List.of("routes", "forwarding", "keepalived", "files", "setup", "exec-latency");
    private static final List<String> INTERFACE_KEYS = List.of("address", "addresses", "mac", "mtu", "ppp", "nat");
    private static final List<String> PPP_KEYS = List.of("provider", "session", "defaultroute", "connect-time");
    private static final List<String> KEEPALIVED_KEYS = List.of("config", "version");
    private static final List<String> ROUTE_KEYS = List.of("to", "via", "dev", "metric");
    private static final List<String> LINK_KEYS = Stream.concat(
            Stream.of("endpoints", "name", "a-to-b", "b-to-a"), ImpairmentKeys.KEYS.stream()).toList();

    private TopologyLoader() {}

    public static TopologySpec load(Path file) throws ConfigError {
        YamlMap root = YamlDoc.load(file).map("the topology").allowOnly(TOP_KEYS);
        String name = root.get("name", YamlValue::name, nameFromFile(file));

        LinkedHashMap<String, NodeSpec> nodes = new LinkedHashMap<>();
        for (YamlMap.Entry e : root.require("nodes").map("nodes").entries()) {
            String nodeName = e.keyValue().name();
            nodes.put(nodeName, readNode(nodeName, e.keyValue(), e.value()));
        }
        checkUniqueAddresses(nodes.values());

        LinkReader links = new LinkReader(nodes);
        for (YamlValue v : root.list("links", "links")) links.read(v);

        LinkedHashMap<String, CloudSpec> clouds = CloudsReader.read(root, nodes, links.links);
        return new TopologySpec(name, file, links.nodesWithSwitchPorts(), links.links, links.unlinkedInterfaceWarnings(), clouds);
    }

    /** "lab" for "lab.topo.yml" or "lab.scenario.yml": the name a topology or scenario gets when its file gives none. */
    public static String nameFromFile(Path file) {
        String f = file.getFileName().toString();
        for (String suffix : List.of(".topo.yml", ".topo.yaml", ".scenario.yml", ".scenario.yaml", ".yml", ".yaml")) {
            if (f.endsWith(suffix)) return f.substring(0, f.length() - suffix.length());
        }
        return f;
    }

    private static NodeSpec readNode(String name, YamlValue key, YamlValue value) throws ConfigError {
        String label = "node '" + name + "'";
        YamlMap m = value.map(label).allowOnly(NODE_KEYS);
        NodeKind kind = m.get("kind", v -> v.enumValue(NodeKind.class, "node kind"));
        if (kind == NodeKind.SWITCH) {
            for (String ipKey : IP_NODE_KEYS) {
                if (m.has(ipKey)) {
                    throw m.require(ipKey).error("switch '" + name + "' cannot have '" + ipKey + "'",
                            "a switch is L2 only; give '" + ipKey + "' to a host or router");
                }
            }
        }
        List<InterfaceSpec> interfaces = new ArrayList<>();
        if (m.has("interfaces")) {
            for (YamlMap.Entry e : m.require("interfaces").map("interfaces of " + label).entries()) {
                interfaces.add(readInterface(name, kind, e));
            }
        }
        List<RouteSpec> routes = new ArrayList<>();
        for (YamlValue r : m.list("routes", "routes")) routes.add(readRoute(name, interfaces, r));
        boolean forwarding = m.get("forwarding", YamlValue::bool, kind.forwardsByDefault());
        Path keepalived = null;
        KeepalivedProfile profile = KeepalivedProfile.DEFAULT;
        Optional<YamlValue> k = m.find("keepalived");
        if (k.isPresent() && k.get().isMap()) {
            YamlMap km = k.get().map("keepalived of " + label).allowOnly(KEEPALIVED_KEYS);
            keepalived = existingFile(km.require("config"), label);
            profile = km.get("version", TopologyLoader::keepalivedVersion, KeepalivedProfile.DEFAULT);
        } else if (k.isPresent()) {
            keepalived = existingFile(k.get(), label);
        }
        Map<String, Path> files = new LinkedHashMap<>();
        if (m.has("files")) {
            for (YamlMap.Entry f : m.require("files").map("files of " + label).entries()) {
                if (!f.key().startsWith("/")) {
                    throw f.keyValue().error("files of " + label + ": '" + f.key() + "' is not an absolute path on the node",
                            "write the path the node's programs use, e.g. /etc/keepalived/master.sh");
                }
                files.put(f.key(), existingFile(f.value(), label));
            }
        }
        List<NodeSpec.SetupCommand> setup = new ArrayList<>();
        for (YamlValue c : m.list("setup", "setup commands")) setup.add(new NodeSpec.SetupCommand(c.string(), c.pos()));
        long execLatency = m.get("exec-latency", YamlValue::duration, NodeSpec.DEFAULT_EXEC_LATENCY_NS);
        String region = m.get("region", YamlValue::name, null);
        return new NodeSpec(name, kind, interfaces, routes, forwarding, keepalived, profile, files, setup, execLatency, region, key.pos());
    }

    /** keepalived versions the twin imitates: 2.x (checked against 2.2.8) and 1.2 (1.2.13). */
    private static KeepalivedProfile keepalivedVersion(YamlValue v) throws ConfigError {
        String text = v.string().trim();
        if (text.startsWith("2.")) return KeepalivedProfile.V2_2;
        if (text.startsWith("1.2")) return KeepalivedProfile.V1_2;
        throw v.error("keepalived version '" + text + "' is not modelled", "use 2.2 (any 2.x) or 1.2 (1.2.13)");
    }

    private static Path existingFile(YamlValue v, String owner) throws ConfigError {
        Path p = v.path();
        if (!Files.isRegularFile(p)) {
            throw v.error(owner + ": file '" + v.string() + "' not found", "paths are relative to this file; looked for " + p);
        }
        return p;
    }

    private static InterfaceSpec readInterface(String node, NodeKind kind, YamlMap.Entry e) throws ConfigError {
        String name = e.keyValue().name();
        SourcePos pos = e.keyValue().pos();
        if (e.value().isNull()) return new InterfaceSpec(name, List.of(), null, InterfaceSpec.DEFAULT_MTU, pos);
        YamlMap m = e.value().map("interface " + node + ":" + name).allowOnly(INTERFACE_KEYS);
        List<IfAddr> addresses = new ArrayList<>();
        Optional<YamlMap.Entry> addressKey = m.atMostOne(List.of("address", "addresses"));
        if (addressKey.isPresent()) {
            YamlValue v = addressKey.get().value();
            if (addressKey.get().key().equals("address")) {
                addresses.add(v.ifAddr());
            } else {
                for (YamlValue a : v.list("addresses")) addresses.add(a.ifAddr());
            }
            if (kind == NodeKind.SWITCH && !addresses.isEmpty()) {
                throw addressKey.get().keyValue().error("switch port " + node + ":" + name + " cannot have an address",
                        "a switch is L2 only; put the address on a host or router interface");
            }
        }
        Mac mac = m.get("mac", YamlValue::mac, null);
        PppSpec ppp = null;
        if (m.has("ppp")) {
            YamlMap pm = m.require("ppp").map("ppp of " + node + ":" + name).allowOnly(PPP_KEYS);
            ppp = new PppSpec(pm.get("provider", YamlValue::name, PppSpec.DEFAULT_PROVIDER),
                    pm.get("session", v -> v.integerIn(1, 0xfffe), PppSpec.DEFAULT_SESSION),
                    pm.get("defaultroute", YamlValue::bool, false),
                    pm.get("connect-time", YamlValue::duration, PppSpec.DEFAULT_CONNECT_NS));
        }
        int mtu = m.get("mtu", ImpairmentKeys::mtu, ppp != null ? InterfaceSpec.PPPOE_MTU : InterfaceSpec.DEFAULT_MTU);
        boolean masquerade = false;
        if (m.has("nat")) {
            YamlValue nat = m.require("nat");
            if (!nat.string().equals("masquerade")) throw nat.error("nat '" + nat.string() + "' is not modelled", "the twin models `nat: masquerade`");
            masquerade = true;
        }
        if (kind == NodeKind.SWITCH && (ppp != null || masquerade)) {
            throw e.keyValue().error("switch port " + node + ":" + name + " cannot have ppp or nat", "a switch is L2 only");
        }
        return new InterfaceSpec(name, addresses, mac, mtu, ppp, masquerade, pos);
    }

    private static RouteSpec readRoute(String node, List<InterfaceSpec> interfaces, YamlValue value) throws ConfigError {
        YamlMap m = value.map("route of node '" + node + "'").allowOnly(ROUTE_KEYS);
        YamlValue toValue = m.require("to");
        Prefix4 to = toValue.prefix();
        checkNoHostBits(toValue, to);
        if (!m.has("via") && !m.has("dev")) {
            throw m.error("route to " + to + " on node '" + node + "' needs 'via' or 'dev'", "");
        }
        String dev = null;
        List<InterfaceSpec> candidates = interfaces;
        if (m.has("dev")) {
            YamlValue devValue = m.require("dev");
            dev = devValue.name();
            String wanted = dev;
            candidates = interfaces.stream().filter(i -> i.name().equals(wanted)).toList();
            if (candidates.isEmpty()) {
                throw devValue.error("node '" + node + "' has no interface '" + dev + "' (route dev)",
                        Suggestions.hint(dev, names(interfaces), "its interfaces"));
            }
        }
        Ip4 via = null;
        if (m.has("via")) {
            YamlValue viaValue = m.require("via");
            via = viaValue.ip4();
            if (!onLink(via, candidates)) {
                throw viaValue.error("node '" + node + "': gateway " + via + " is an address outside its subnets",
                        connectedSubnets(node, candidates));
            }
        }
        int metric = m.get("metric", v -> v.integerIn(0, Integer.MAX_VALUE), 0);
        return new RouteSpec(to, via, dev, metric, value.pos());
    }

    /** Like `ip route add 10.0.1.5/24`, which Linux rejects ("Invalid prefix for given prefix length"). */
    static void checkNoHostBits(YamlValue written, Prefix4 normalised) throws ConfigError {
        String text = written.string().trim();
        int slash = text.indexOf('/');
        if (slash < 0) return;
        Ip4 asWritten = Ip4.parse(text.substring(0, slash));
        if (!asWritten.equals(normalised.network())) {
            throw written.error("route destination " + text + " has host bits set", "did you mean " + normalised + "?");
        }
    }

    /** Linux accepts a gateway only inside a subnet of the (chosen) outgoing interface. */
    private static boolean onLink(Ip4 gateway, List<InterfaceSpec> interfaces) {
        for (InterfaceSpec i : interfaces) {
            for (IfAddr a : i.addresses()) if (a.subnet().contains(gateway)) return true;
        }
        return false;
    }

    private static String connectedSubnets(String node, List<InterfaceSpec> interfaces) {
        List<String> subnets = new ArrayList<>();
        for (InterfaceSpec i : interfaces) {
            for (IfAddr a : i.addresses()) subnets.add(a.subnet() + " on " + i.name());
        }
        return subnets.isEmpty() ? node + " has no addressed interface there" : "connected: " + String.join(", ", subnets);
    }

    private static List<String> names(List<InterfaceSpec> interfaces) {
        return interfaces.stream().map(InterfaceSpec::name).toList();
    }

    /** Where a unique thing (address, MAC) was first seen. */
    private record Owner(String where, SourcePos pos) {}

    /** An address or MAC on two interfaces makes ARP answer from two places: a mistake, not a design. */
    private static void checkUniqueAddresses(Iterable<NodeSpec> nodes) throws ConfigError {
        Map<Ip4, Owner> addresses = new HashMap<>();
        Map<Mac, Owner> macs = new HashMap<>();
        for (NodeSpec n : nodes) {
            for (InterfaceSpec i : n.interfaces()) {
                Owner here = new Owner(n.name() + ":" + i.name(), i.pos());
                for (IfAddr a : i.addresses()) claim(addresses, a.address(), "address " + a.address(), here);
                if (i.mac() != null) claim(macs, i.mac(), "MAC " + i.mac(), here);
            }
        }
    }

    private static <K> void claim(Map<K, Owner> owners, K key, String what, Owner here) throws ConfigError {
        Owner first = owners.putIfAbsent(key, here);
        if (first != null) {
            throw here.pos().error(what + " is on both " + first.where() + " and " + here.where(),
                    first.where() + " is at " + first.pos().lineRef());
        }
    }

    /** Reads links one by one, tracking which interfaces are taken and which switch ports the links create. */
    private static final class LinkReader {
        private final LinkedHashMap<String, NodeSpec> nodes;
        private final List<LinkSpec> links = new ArrayList<>();
        private final Map<Endpoint, LinkSpec> linkByEndpoint = new HashMap<>();
        private final Map<String, LinkSpec> linkByName = new HashMap<>();
        private final Map<String, List<InterfaceSpec>> createdPorts = new HashMap<>();

        LinkReader(LinkedHashMap<String, NodeSpec> nodes) {
            this.nodes = nodes;
        }

        void read(YamlValue value) throws ConfigError {
            YamlMap m = value.map("link").allowOnly(LINK_KEYS);
            YamlValue endpointsValue = m.require("endpoints");
            List<YamlValue> ends = endpointsValue.list("two endpoints");
            if (ends.size() != 2) {
                throw endpointsValue.error("a link has exactly two endpoints, found " + ends.size(), "write [\"r1:eth0\", \"r2:eth0\"]");
            }
            Endpoint a = endpoint(ends.get(0));
            Endpoint b = endpoint(ends.get(1));
            if (a.equals(b)) throw ends.get(1).error("link joins " + a + " to itself", "");
            for (int i = 0; i < 2; i++) {
                Endpoint e = i == 0 ? a : b;
                LinkSpec taken = linkByEndpoint.get(e);
                if (taken != null) {
                    throw ends.get(i).error("interface " + e + " is already used by link '" + taken.name() + "'",
                            "that link is at " + taken.pos().lineRef() + "; an interface takes one link (use a switch to join more)");
                }
            }

            String name = m.get("name", YamlValue::name, LinkSpec.defaultName(a, b));
            LinkSpec sameName = linkByName.get(name);
            if (sameName != null) {
                throw m.require("name").error("two links are named '" + name + "'", "the other is at " + sameName.pos().lineRef());
            }

            ImpairmentPatch shared = ImpairmentKeys.read(m);
            ImpairmentSpec aToB = direction(m, "a-to-b").applyTo(shared.applyTo(ImpairmentSpec.NONE));
            ImpairmentSpec bToA = direction(m, "b-to-a").applyTo(shared.applyTo(ImpairmentSpec.NONE));
            LinkSpec link = new LinkSpec(name, a, b, aToB, bToA, value.pos());
            checkSameSubnet(link);

            links.add(link);
            linkByName.put(name, link);
            linkByEndpoint.put(a, link);
            linkByEndpoint.put(b, link);
        }

        private static ImpairmentPatch direction(YamlMap link, String key) throws ConfigError {
            Optional<YamlValue> v = link.find(key);
            if (v.isEmpty()) return ImpairmentPatch.EMPTY;
            return ImpairmentKeys.read(v.get().map(key + " of link").allowOnly(ImpairmentKeys.KEYS));
        }

        /** Resolves "node:iface"; a switch gets a port for any name it is linked with. */
        private Endpoint endpoint(YamlValue v) throws ConfigError {
            String text = v.string();
            Endpoint e;
            try {
                e = Endpoint.parse(text);
            } catch (IllegalArgumentException ex) {
                throw v.error(ex.getMessage(), "write e.g. r1:eth0");
            }
            NodeSpec node = nodes.get(e.node());
            if (node == null) {
                throw v.error("link endpoint '" + text + "': no node named '" + e.node() + "'",
                        Suggestions.hint(e.node(), nodes.keySet(), "nodes"));
            }
            if (node.iface(e.iface()).isPresent()) return e;
            if (node.kind() != NodeKind.SWITCH) {
                throw v.error("link endpoint '" + text + "': node '" + e.node() + "' has no interface '" + e.iface() + "'",
                        Suggestions.hint(e.iface(), node.interfaceNames(), "its interfaces"));
            }
            if (!YamlValue.isName(e.iface())) {
                throw v.error("'" + e.iface() + "' is not a valid port name", YamlValue.NAME_RULE);
            }
            List<InterfaceSpec> ports = createdPorts.computeIfAbsent(e.node(), k -> new ArrayList<>());
            if (ports.stream().noneMatch(p -> p.name().equals(e.iface()))) {
                ports.add(new InterfaceSpec(e.iface(), List.of(), null, InterfaceSpec.DEFAULT_MTU, v.pos()));
            }
            return e;
        }

        /**
         * Two directly linked IP interfaces must share a subnet, or neither can ARP for the other. Skipped
         * when an end has no address (L2 member, unnumbered) or only /32 ones (point-to-point peers).
         */
        private void checkSameSubnet(LinkSpec link) throws ConfigError {
            List<IfAddr> a = subnetAddresses(link.a());
            List<IfAddr> b = subnetAddresses(link.b());
            if (a.isEmpty() || b.isEmpty()) return;
            for (IfAddr x : a) {
                for (IfAddr y : b) {
                    if (x.subnet().contains(y.address()) && y.subnet().contains(x.address())) return;
                }
            }
            throw link.pos().error("link '" + link.name() + "' joins different subnets: " + link.a() + " has " + list(a)
                    + ", " + link.b() + " has " + list(b), "give both ends addresses in one subnet");
        }

        private List<IfAddr> subnetAddresses(Endpoint e) {
            NodeSpec node = nodes.get(e.node());
            if (node.kind() == NodeKind.SWITCH) return List.of();
            return node.iface(e.iface()).orElseThrow().addresses().stream().filter(a -> a.prefixLength() < 32).toList();
        }

        private static String list(List<IfAddr> addresses) {
            return String.join(", ", addresses.stream().map(IfAddr::toString).toList());
        }

        LinkedHashMap<String, NodeSpec> nodesWithSwitchPorts() {
            LinkedHashMap<String, NodeSpec> result = new LinkedHashMap<>();
            for (NodeSpec n : nodes.values()) {
                List<InterfaceSpec> created = createdPorts.getOrDefault(n.name(), List.of());
                if (created.isEmpty()) {
                    result.put(n.name(), n);
                } else {
                    List<InterfaceSpec> ports = new ArrayList<>(n.interfaces());
                    ports.addAll(created);
                    result.put(n.name(), n.withInterfaces(ports));
                }
            }
            return result;
        }

        List<TopologyWarning> unlinkedInterfaceWarnings() {
            List<TopologyWarning> warnings = new ArrayList<>();
            for (NodeSpec n : nodes.values()) {
                for (InterfaceSpec i : n.interfaces()) {
                    if (!linkByEndpoint.containsKey(new Endpoint(n.name(), i.name()))) {
                        warnings.add(new TopologyWarning(i.pos(), "interface " + n.name() + ":" + i.name() + " has no link"));
                    }
                }
            }
            return warnings;
        }
    }
}
