package org.nettwin.scenarios.spec;

import org.nettwin.protocols.app.PingStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.scenarios.spec.ScenarioAction.LinkAdmin;
import org.nettwin.scenarios.spec.ScenarioAction.LinkCut;
import org.nettwin.scenarios.spec.ScenarioAction.LinkHeal;
import org.nettwin.scenarios.spec.ScenarioAction.LinkImpair;
import org.nettwin.scenarios.spec.ScenarioAction.NodeCommand;
import org.nettwin.scenarios.spec.ScenarioAction.FlapMode;
import org.nettwin.scenarios.spec.ScenarioAction.HealPartition;
import org.nettwin.scenarios.spec.ScenarioAction.LinkFlap;
import org.nettwin.scenarios.spec.ScenarioAction.NodeCrash;
import org.nettwin.scenarios.spec.ScenarioAction.NodeReboot;
import org.nettwin.scenarios.spec.ScenarioAction.Partition;
import org.nettwin.protocols.app.UdpFlowPayload;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.keepalived.KeepalivedConfParser;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpState;
import org.nettwin.topologies.SourcePos;
import org.nettwin.topologies.ImpairmentKeys;
import org.nettwin.topologies.ImpairmentPatch;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;
import org.nettwin.topologies.yaml.Suggestions;
import org.nettwin.topologies.yaml.Units;
import org.nettwin.topologies.yaml.YamlDoc;
import org.nettwin.topologies.yaml.YamlMap;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * Reads a scenario file (docs/scenario-format.md) and the topology it names, and resolves every link, node
 * and probe it mentions: a scenario that loads refers only to things that exist, at times inside the run.
 */
public final class ScenarioLoader {
    private static final List<String> TOP_KEYS =
            List.of("name", "topology", "seed", "duration", "capture", "probes", "events", "expect");
    private static final List<String> PROBE_KINDS = List.of("ping", "traceroute", "udp");
    private static final List<String> UDP_KEYS =
            List.of("name", "from", "to", "receiver", "port", "source-port", "rate", "size", "start", "stop", "timeout");
    private static final List<String> TRACEROUTE_KEYS = List.of("name", "from", "to", "start", "max-hops", "wait");
    private static final List<String> PING_KEYS =
            List.of("name", "from", "to", "start", "interval", "count", "size", "timeout", "style", "source");
    private static final List<String> ACTIONS = List.of("link-down", "link-up", "cut", "heal", "impair", "run", "flap",
            "partition", "heal-partition", "crash", "reboot", "region-outage", "region-restore");
    private static final List<String> FLAP_KEYS = List.of("period", "down", "duration", "mode");
    private static final List<String> EXPECTATIONS = List.of("lost-at-most", "replies-at-least", "outage-at-most");
    /** Expectations on state rather than on a named probe: the only key of their item. */
    private static final List<String> STATE_EXPECTATIONS = List.of("vrrp-state", "single-master", "reachable");
    private static final List<String> ALL_EVENT_KEYS = Stream.of(List.of("at"), ACTIONS, List.of("from", "on"), FLAP_KEYS, ImpairmentKeys.KEYS)
            .flatMap(List::stream).toList();

    /** The seed of a scenario that does not give one (and is not overridden with --seed). */
    public static final long DEFAULT_SEED = 1;

    private ScenarioLoader() {}

    public static ScenarioSpec load(Path file) throws ConfigError {
        YamlMap root = YamlDoc.load(file).map("the scenario");
        return resolve(root, file, TopologyLoader.nameFromFile(file), () -> root.get("topology", ScenarioLoader::topology));
    }

    /** Where a scenario's topology comes from: the file its {@code topology} key names, or one given in code. */
    @FunctionalInterface
    interface TopologySource {
        TopologySpec get() throws ConfigError;
    }

    /**
     * The one place a scenario is checked and completed, whether read from a file ({@link #load}) or made in code
     * ({@link Scenario}): every name resolved in the topology, every time within the run, defaults filled in,
     * events sorted. {@code root} is the scenario's mapping (its {@code topology} key, if any, is read by
     * {@code topology}); {@code defaultName} names it when it has no {@code name}.
     */
    static ScenarioSpec resolve(YamlMap root, Path file, String defaultName, TopologySource topologySource) throws ConfigError {
        root.allowOnly(TOP_KEYS);
        String name = root.get("name", YamlValue::name, defaultName);
        TopologySpec topology = topologySource.get();
        long seed = root.get("seed", YamlValue::longValue, DEFAULT_SEED);
        YamlValue durationValue = root.require("duration");
        long durationNs = durationValue.duration();
        if (durationNs <= 0) throw durationValue.error("duration must be longer than 0");

        References refs = new References(topology, durationNs);
        CaptureSpec capture = root.get("capture", refs::capture, CaptureSpec.NONE);
        List<ProbeSpec> probes = probes(root.list("probes", "probes"), refs);
        List<EventSpec> events = new ArrayList<>();
        for (YamlValue v : root.list("events", "events")) events.add(event(v, refs));
        healEveryPartition(events);
        // Stable: events of one instant keep their file order.
        events.sort(Comparator.comparingLong(EventSpec::atNs));
        List<ExpectSpec> expectations = new ArrayList<>();
        for (YamlValue v : root.list("expect", "expectations")) expectations.add(expectation(v, probes, expectations, refs));
        return new ScenarioSpec(name, file, topology, seed, durationNs, probes, events, capture, expectations);
    }

    /** Loads the topology the scenario names; its own errors point into the topology file. */
    private static TopologySpec topology(YamlValue v) throws ConfigError {
        Path path = v.path();
        if (!Files.isRegularFile(path)) {
            throw v.error("topology file '" + v.string() + "' not found", "paths are relative to this file; looked for " + path);
        }
        return TopologyLoader.load(path);
    }

    private static List<ProbeSpec> probes(List<YamlValue> values, References refs) throws ConfigError {
        List<ProbeSpec> probes = new ArrayList<>();
        Map<String, ProbeSpec> byName = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            YamlMap m = values.get(i).map("probe").allowOnly(PROBE_KINDS);
            YamlMap.Entry kind = m.exactlyOne(PROBE_KINDS);
            String defaultName = kind.key() + "-" + (i + 1);
            ProbeSpec probe = switch (kind.key()) {
                case "ping" -> ping(kind.value().map("ping").allowOnly(PING_KEYS), defaultName, refs);
                case "traceroute" -> traceroute(kind.value().map("traceroute").allowOnly(TRACEROUTE_KEYS), defaultName, refs);
                default -> udp(kind.value().map("udp").allowOnly(UDP_KEYS), defaultName, refs);
            };
            ProbeSpec other = byName.putIfAbsent(probe.name(), probe);
            if (other != null) {
                throw probe.pos().error("two probes are named '" + probe.name() + "'", "the other is at " + other.pos().lineRef());
            }
            if (probe instanceof UdpSpec u) checkFreePort(u, probes);
            probes.add(probe);
        }
        return probes;
    }

    private static PingSpec ping(YamlMap m, String defaultName, References refs) throws ConfigError {
        String name = m.get("name", YamlValue::name, defaultName);
        NodeSpec from = refs.ipNode(m.require("from"), "ping");
        Ip4 to = m.get("to", YamlValue::ip4);
        long start = m.get("start", refs::instant, 0L);
        long interval = m.get("interval", ScenarioLoader::positiveDuration, PingSpec.DEFAULT_INTERVAL_NS);
        int count = m.get("count", v -> v.integerIn(0, Integer.MAX_VALUE), 0);
        int size = m.get("size", v -> v.integerIn(0, PingSpec.MAX_SIZE), PingSpec.DEFAULT_SIZE);
        long timeout = m.get("timeout", ScenarioLoader::positiveDuration, PingSpec.defaultTimeoutNs(interval));
        String source = m.has("source") ? References.iface(m.require("source"), from) : null;
        PingStyle style = m.get("style", v -> v.enumValue(PingStyle.class, "ping style"), PingStyle.IPUTILS);
        return new PingSpec(name, from.name(), to, start, interval, count, size, timeout, source, style, m.pos());
    }

    private static TracerouteSpec traceroute(YamlMap m, String defaultName, References refs) throws ConfigError {
        String name = m.get("name", YamlValue::name, defaultName);
        NodeSpec from = refs.ipNode(m.require("from"), "traceroute");
        Ip4 to = m.get("to", YamlValue::ip4);
        long start = m.get("start", refs::instant, 0L);
        int maxHops = m.get("max-hops", v -> v.integerIn(1, 255), TracerouteSpec.DEFAULT_MAX_HOPS);
        long wait = m.get("wait", ScenarioLoader::positiveDuration, TracerouteSpec.DEFAULT_WAIT_NS);
        return new TracerouteSpec(name, from.name(), to, start, maxHops, wait, m.pos());
    }

    private static UdpSpec udp(YamlMap m, String defaultName, References refs) throws ConfigError {
        String name = m.get("name", YamlValue::name, defaultName);
        NodeSpec from = refs.ipNode(m.require("from"), "UDP flow");
        YamlValue toValue = m.require("to");
        Ip4 to = toValue.ip4();
        String receiver;
        if (m.has("receiver")) {
            receiver = refs.ipNode(m.require("receiver"), "UDP receiver").name();
        } else {
            receiver = refs.owner(to).orElseThrow(() -> toValue.error("no node of the topology has address " + to,
                    "name the node that receives the flow with `receiver: NODE` (e.g. the node behind a NAT or holding a VIP)"));
        }
        int port = m.get("port", v -> v.integerIn(1, 65535), UdpSpec.DEFAULT_PORT);
        // One fixed port per flow, as a socket bound once: ECMP then hashes the whole flow onto one path.
        int sourcePort = m.get("source-port", v -> v.integerIn(1, 65535), 49152 + Math.floorMod(name.hashCode(), 16384));
        long interval = m.get("rate", ScenarioLoader::packetInterval, Time.S / 10);
        int size = m.get("size", v -> v.integerIn(UdpFlowPayload.MIN_SIZE, PingSpec.MAX_SIZE), UdpSpec.DEFAULT_SIZE);
        long start = m.get("start", refs::instant, 0L);
        YamlValue stopValue = m.find("stop").orElse(null);
        long stop = stopValue == null ? refs.durationNs() : refs.instant(stopValue);
        if (stop <= start) {
            throw (stopValue != null ? stopValue : m.require("start")).error("the flow stops at or before it starts",
                    "start is " + Units.formatDuration(start) + ", stop " + Units.formatDuration(stop));
        }
        long timeout = m.get("timeout", ScenarioLoader::positiveDuration, UdpSpec.DEFAULT_TIMEOUT_NS);
        return new UdpSpec(name, from.name(), to, receiver, port, sourcePort, interval, size, start, stop, timeout, m.pos());
    }

    /** A receiver counts one flow per port: a second flow there would be counted as the first. */
    private static void checkFreePort(UdpSpec u, List<ProbeSpec> earlier) throws ConfigError {
        for (ProbeSpec p : earlier) {
            if (p instanceof UdpSpec o && o.receiver().equals(u.receiver()) && o.port() == u.port()) {
                throw u.pos().error("flows '" + o.name() + "' and '" + u.name() + "' both arrive at " + u.receiver() + " port " + u.port(),
                        "give one of them another `port`");
            }
        }
    }

    /** A rate in packets per second (a plain positive number, e.g. 50 or 0.5) as the interval between packets. */
    private static long packetInterval(YamlValue v) throws ConfigError {
        double rate;
        try {
            rate = Double.parseDouble(v.string().trim());
        } catch (NumberFormatException e) {
            throw v.error("rate '" + v.string() + "' is not a number of packets per second", "write e.g. rate: 50");
        }
        if (!(rate > 0) || rate > 1e6) throw v.error("rate must be more than 0 and at most 1000000 packets/s", "write e.g. rate: 50");
        return Math.max(1, Math.round(Time.S / rate));
    }

    private static long positiveDuration(YamlValue v) throws ConfigError {
        long ns = v.duration();
        if (ns <= 0) throw v.error("must be longer than 0", Units.DURATION_EXAMPLES);
        return ns;
    }

    /** The keys an event may have besides {@code at} and its action key. */
    private static List<String> extraKeys(String action) {
        return switch (action) {
            case "cut", "heal" -> List.of("from");
            case "impair" -> Stream.concat(Stream.of("from"), ImpairmentKeys.KEYS.stream()).toList();
            case "run" -> List.of("on");
            case "flap" -> FLAP_KEYS;
            default -> List.of();
        };
    }

    private static EventSpec event(YamlValue value, References refs) throws ConfigError {
        YamlMap m = value.map("event");
        // First against every key any event may have, so that a misspelt action gets a did-you-mean.
        m.allowOnly(ALL_EVENT_KEYS);
        YamlMap.Entry actionEntry = m.exactlyOne(ACTIONS);
        String action = actionEntry.key();
        List<String> allowed = Stream.concat(Stream.of("at", action), extraKeys(action).stream()).toList();
        m.allowOnly(allowed);
        long at = m.get("at", refs::instant);
        YamlValue target = m.require(action);
        ScenarioAction a = switch (action) {
            case "link-down", "link-up" -> new LinkAdmin(refs.link(target).name(), action.equals("link-up"));
            case "cut" -> {
                LinkSpec link = refs.link(target);
                yield new LinkCut(link.name(), refs.direction(m, link));
            }
            case "heal" -> {
                LinkSpec link = refs.link(target);
                yield new LinkHeal(link.name(), refs.direction(m, link));
            }
            case "impair" -> {
                LinkSpec link = refs.link(target);
                ImpairmentPatch patch = ImpairmentKeys.read(m);
                if (patch.isEmpty()) {
                    throw target.error("impair needs at least one of: " + String.join(", ", ImpairmentKeys.KEYS), "");
                }
                yield new LinkImpair(link.name(), refs.direction(m, link), patch);
            }
            case "run" -> {
                String command = target.string().trim();
                if (command.isEmpty()) throw target.error("empty command");
                yield new NodeCommand(refs.ipNode(m.require("on"), "command").name(), command);
            }
            case "flap" -> flap(m, refs.link(target), at, refs);
            case "partition" -> refs.partition(target);
            case "heal-partition" -> target.isScalar() && target.string().equals("all")
                    ? new HealPartition(List.of()) // every partition's links: filled in once all events are read
                    : new HealPartition(refs.partition(target).links());
            case "crash" -> new NodeCrash(List.of(refs.node(target).name()), null);
            case "reboot" -> new NodeReboot(List.of(refs.node(target).name()), null);
            case "region-outage" -> new NodeCrash(refs.region(target), target.string());
            case "region-restore" -> new NodeReboot(refs.region(target), target.string());
            default -> throw new IllegalStateException("action list and switch disagree: " + action);
        };
        return new EventSpec(at, a, value.pos());
    }

    private static LinkFlap flap(YamlMap m, LinkSpec link, long at, References refs) throws ConfigError {
        long period = m.get("period", ScenarioLoader::positiveDuration);
        YamlValue durationValue = m.require("duration");
        long duration = positiveDuration(durationValue);
        long down = m.get("down", ScenarioLoader::positiveDuration, period / 2);
        if (down >= period) throw m.require("down").error("down must be shorter than the period", "the link comes back up between failures");
        if (down > duration) throw durationValue.error("no whole failure fits in the duration", "make it at least `down` (" + Units.formatDuration(down) + ")");
        if (at + duration > refs.durationNs()) {
            throw durationValue.error("the flapping ends after the end of the run", "the run lasts " + Units.formatDuration(refs.durationNs()));
        }
        FlapMode mode = m.get("mode", v -> v.enumValue(FlapMode.class, "flap mode"), FlapMode.DOWN);
        return new LinkFlap(link.name(), mode, period, down, duration);
    }

    /** {@code heal-partition: all} heals every link any partition of the scenario cuts. */
    private static void healEveryPartition(List<EventSpec> events) {
        Set<String> partitioned = new LinkedHashSet<>();
        for (EventSpec e : events) if (e.action() instanceof Partition p) partitioned.addAll(p.links());
        events.replaceAll(e -> e.action() instanceof HealPartition h && h.links().isEmpty()
                ? new EventSpec(e.atNs(), new HealPartition(List.copyOf(partitioned)), e.pos()) : e);
    }

    private static ExpectSpec expectation(YamlValue value, List<ProbeSpec> probes, List<ExpectSpec> earlier, References refs) throws ConfigError {
        YamlMap m = value.map("expectation");
        m.allowOnly(Stream.of(List.of("probe"), EXPECTATIONS, STATE_EXPECTATIONS).flatMap(List::stream).toList());
        if (!m.has("probe")) {
            YamlMap.Entry kind = m.exactlyOne(STATE_EXPECTATIONS);
            YamlMap args = kind.value().map(kind.key());
            return switch (kind.key()) {
                case "vrrp-state" -> refs.vrrpState(args.allowOnly("node", "instance", "state", "at"), value.pos());
                case "single-master" -> refs.singleMaster(args.allowOnly("instance", "after"), value.pos());
                default -> refs.reachable(args.allowOnly("from", "to", "at", "after"), value.pos(), probes, earlier);
            };
        }
        YamlMap.Entry kind = m.exactlyOne(EXPECTATIONS);
        m.allowOnly("probe", kind.key());
        YamlValue probeValue = m.require("probe");
        String probe = probeValue.string();
        // Expectations judge probes with a fate per packet: pings and UDP flows (a traceroute's answers are errors by design).
        List<String> names = probes.stream().filter(p -> p instanceof PingSpec || p instanceof UdpSpec).map(ProbeSpec::name).toList();
        if (!names.contains(probe)) {
            throw probeValue.error("no ping or udp probe named '" + probe + "'", Suggestions.hint(probe, names, "ping and udp probes"));
        }
        if (kind.key().equals("outage-at-most")) return new ExpectSpec.OutageAtMost(probe, m.get(kind.key(), YamlValue::duration), value.pos());
        int n = m.get(kind.key(), v -> v.integerIn(0, Integer.MAX_VALUE));
        return kind.key().equals("lost-at-most") ? new ExpectSpec.LostAtMost(probe, n, value.pos())
                : new ExpectSpec.RepliesAtLeast(probe, n, value.pos());
    }

    /** Resolves names written in the scenario against its topology, and times against its duration. */
    private record References(TopologySpec topology, long durationNs) {

        /** A link by name or by either endpoint ("r1:eth1"). */
        LinkSpec link(YamlValue v) throws ConfigError {
            String ref = v.string();
            return topology.link(ref).orElseThrow(() -> v.error("no link '" + ref + "' in topology '" + topology.name() + "'",
                    Suggestions.hint(ref, linkRefs(), "links")));
        }

        private Set<String> linkRefs() {
            Set<String> refs = new LinkedHashSet<>();
            for (LinkSpec l : topology.links()) {
                refs.add(l.name());
                refs.add(l.a().toString());
                refs.add(l.b().toString());
            }
            return refs;
        }

        NodeSpec node(YamlValue v) throws ConfigError {
            String name = v.string();
            return topology.node(name).orElseThrow(() -> v.error("no node '" + name + "' in topology '" + topology.name() + "'",
                    Suggestions.hint(name, topology.nodes().keySet(), "nodes")));
        }

        /** A host or router: a switch has no IP stack to ping from or run commands on. */
        NodeSpec ipNode(YamlValue v, String what) throws ConfigError {
            NodeSpec n = node(v);
            if (n.kind() == NodeKind.SWITCH) throw v.error("'" + n.name() + "' is a switch and cannot run a " + what, "");
            return n;
        }

        static String iface(YamlValue v, NodeSpec node) throws ConfigError {
            String name = v.string();
            if (node.iface(name).isEmpty()) {
                throw v.error("node '" + node.name() + "' has no interface '" + name + "'",
                        Suggestions.hint(name, node.interfaceNames(), "its interfaces"));
            }
            return name;
        }

        /** The optional {@code from} of a one-way action: a node at one end of the link, or null for both ways. */
        String direction(YamlMap event, LinkSpec link) throws ConfigError {
            if (!event.has("from")) return null;
            YamlValue v = event.require("from");
            NodeSpec n = node(v);
            if (!link.touchesNode(n.name())) {
                throw v.error("node '" + n.name() + "' is not an end of link '" + link.name() + "'",
                        "its ends are " + link.a().node() + " and " + link.b().node());
            }
            if (link.a().node().equals(link.b().node())) {
                throw v.error("link '" + link.name() + "' has " + n.name() + " at both ends; 'from' cannot pick a direction", "");
            }
            return n.name();
        }

        /** The node with {@code address} on one of its interfaces, if any. */
        java.util.Optional<String> owner(Ip4 address) {
            for (NodeSpec n : topology.nodes().values()) {
                for (var i : n.interfaces()) {
                    if (i.addresses().stream().anyMatch(a -> a.address().equals(address))) return java.util.Optional.of(n.name());
                }
            }
            return java.util.Optional.empty();
        }

        /** The nodes of a region, in file order. */
        List<String> region(YamlValue v) throws ConfigError {
            String name = v.name();
            List<String> nodes = topology.regions().get(name);
            if (nodes == null) {
                throw v.error("no region '" + name + "' in topology '" + topology.name() + "'", topology.regions().isEmpty()
                        ? "give nodes `region: NAME` in the topology" : Suggestions.hint(name, topology.regions().keySet(), "regions"));
            }
            return nodes;
        }

        /**
         * {@code [[a, b], [c]]}: the groups, and the links to cut between them. A switch that no group names joins
         * the group of the first node linked to it (following links through other unnamed switches), so the
         * segment stays whole for that group and the nodes of other groups lose their links to it.
         */
        Partition partition(YamlValue v) throws ConfigError {
            List<YamlValue> groupValues = v.list("node groups");
            if (groupValues.size() < 2) throw v.error("a partition needs at least two groups of nodes", "write [[a, b], [c, d]]");
            List<List<String>> groups = new ArrayList<>();
            Map<String, Integer> groupOf = new HashMap<>();
            for (YamlValue g : groupValues) {
                List<String> group = new ArrayList<>();
                List<YamlValue> members = g.list("nodes of a group");
                if (members.isEmpty()) throw g.error("empty group", "each group names at least one node");
                for (YamlValue member : members) {
                    String node = node(member).name();
                    Integer other = groupOf.putIfAbsent(node, groups.size());
                    if (other != null) throw member.error("node '" + node + "' is in two groups", "a node is on one side of a partition");
                    group.add(node);
                }
                groups.add(group);
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                for (LinkSpec l : topology.links()) {
                    grew |= joinGroup(l.a().node(), l.b().node(), groupOf) || joinGroup(l.b().node(), l.a().node(), groupOf);
                }
            }
            List<String> cut = new ArrayList<>();
            for (LinkSpec l : topology.links()) {
                Integer a = groupOf.get(l.a().node());
                Integer b = groupOf.get(l.b().node());
                if (a != null && b != null && !a.equals(b)) cut.add(l.name());
            }
            if (cut.isEmpty()) throw v.error("no link joins these groups, so there is nothing to cut", "name nodes at both ends of the links to cut");
            return new Partition(groups, cut);
        }

        /** An unnamed switch {@code node} joins the group of its linked neighbour; true if it did. */
        private boolean joinGroup(String node, String neighbour, Map<String, Integer> groupOf) {
            if (groupOf.containsKey(node) || !groupOf.containsKey(neighbour)) return false;
            if (topology.nodes().get(node).kind() != NodeKind.SWITCH) return false;
            groupOf.put(node, groupOf.get(neighbour));
            return true;
        }

        /** A node running keepalived, and the instance names of its keepalived.conf. */
        private List<String> instances(NodeSpec n) throws ConfigError {
            if (n.keepalivedConf() == null) return List.of();
            try {
                return KeepalivedConfParser.parse(n.keepalivedConf(), n.keepalivedProfile()).instances().stream()
                        .map(VrrpInstanceConfig::name).toList();
            } catch (java.io.IOException e) {
                throw new ConfigError(n.keepalivedConf().toString(), 0, "cannot read file: " + e.getMessage(), "check that it exists and is readable");
            }
        }

        private String instance(YamlValue v, List<String> known, String where) throws ConfigError {
            String name = v.string();
            if (!known.contains(name)) throw v.error("no VRRP instance '" + name + "' " + where, Suggestions.hint(name, known, "instances"));
            return name;
        }

        ExpectSpec.VrrpState vrrpState(YamlMap m, SourcePos pos) throws ConfigError {
            YamlValue nodeValue = m.require("node");
            NodeSpec n = node(nodeValue);
            List<String> known = instances(n);
            if (known.isEmpty()) throw nodeValue.error("node '" + n.name() + "' runs no keepalived", "give it `keepalived:` in the topology");
            String instance = instance(m.require("instance"), known, "in the keepalived.conf of " + n.name());
            String state = m.get("state", v -> v.enumValue(VrrpState.class, "VRRP state")).name();
            return new ExpectSpec.VrrpState(n.name(), instance, state, m.get("at", this::instant), pos);
        }

        ExpectSpec.SingleMaster singleMaster(YamlMap m, SourcePos pos) throws ConfigError {
            String instance = null;
            if (m.has("instance")) {
                Set<String> known = new LinkedHashSet<>();
                for (NodeSpec n : topology.nodes().values()) known.addAll(instances(n));
                instance = instance(m.require("instance"), List.copyOf(known), "in any keepalived.conf of the topology");
            }
            return new ExpectSpec.SingleMaster(instance, m.get("after", this::instant, 0L), pos);
        }

        /** A ping of its own: one request at {@code at}, or one a second from {@code after} to the end. */
        ExpectSpec.Reachable reachable(YamlMap m, SourcePos pos, List<ProbeSpec> probes, List<ExpectSpec> earlier) throws ConfigError {
            NodeSpec from = ipNode(m.require("from"), "ping");
            Ip4 to = m.get("to", YamlValue::ip4);
            YamlMap.Entry when = m.exactlyOne(List.of("at", "after"));
            long start = instant(when.value());
            String name = "reachable-" + pos.line();
            if (probes.stream().anyMatch(p -> p.name().equals(name))) {
                throw pos.error("a probe is already named '" + name + "', the name this expectation's ping takes", "rename that probe");
            }
            if (earlier.stream().anyMatch(x -> x instanceof ExpectSpec.Reachable r && r.ping().name().equals(name))) {
                throw pos.error("two reachable expectations on " + pos.lineRef() + " would both name their ping '" + name + "'",
                        "write each on a line of its own");
            }
            int count = when.key().equals("at") ? 1 : 0;
            long interval = PingSpec.DEFAULT_INTERVAL_NS;
            return new ExpectSpec.Reachable(new PingSpec(name, from.name(), to, start, interval, count, PingSpec.DEFAULT_SIZE,
                    PingSpec.defaultTimeoutNs(interval), null, PingStyle.IPUTILS, pos), pos);
        }

        /** A time within the run, [0, duration]. */
        long instant(YamlValue v) throws ConfigError {
            long ns = v.duration();
            if (ns > durationNs) {
                throw v.error(v.string() + " is after the end of the run", "duration is " + Units.formatDuration(durationNs));
            }
            return ns;
        }

        CaptureSpec capture(YamlValue v) throws ConfigError {
            if (v.isScalar() && v.string().equals("all")) return CaptureSpec.ALL;
            if (!v.isList()) throw v.error("expected 'all' or a list of links, found " + v.describe(), "");
            Set<String> links = new LinkedHashSet<>();
            for (YamlValue item : v.list("links")) links.add(link(item).name());
            return new CaptureSpec(false, List.copyOf(links));
        }
    }
}
