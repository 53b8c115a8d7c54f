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
    private static final List<String> PROBE_KINDS = List.of("ping", "traceroute");
    private static final List<String> TRACEROUTE_KEYS = List.of("name", "from", "to", "start", "max-hops", "wait");
    private static final List<String> PING_KEYS =
            List.of("name", "from", "to", "start", "interval", "count", "size", "timeout", "style", "source");
    private static final List<String> ACTIONS = List.of("link-down", "link-up", "cut", "heal", "impair", "run");
    private static final List<String> EXPECTATIONS = List.of("lost-at-most", "replies-at-least", "outage-at-most");
    private static final List<String> ALL_EVENT_KEYS = Stream.of(List.of("at"), ACTIONS, List.of("from", "on"), ImpairmentKeys.KEYS)
            .flatMap(List::stream).toList();

    /** The seed of a scenario that does not give one (and is not overridden with --seed). */
    public static final long DEFAULT_SEED = 1;

    private ScenarioLoader() {}

    public static ScenarioSpec load(Path file) throws ConfigError {
        YamlMap root = YamlDoc.load(file).map("the scenario").allowOnly(TOP_KEYS);
        String name = root.get("name", YamlValue::name, TopologyLoader.nameFromFile(file));
        TopologySpec topology = root.get("topology", ScenarioLoader::topology);
        long seed = root.get("seed", YamlValue::longValue, DEFAULT_SEED);
        YamlValue durationValue = root.require("duration");
        long durationNs = durationValue.duration();
        if (durationNs <= 0) throw durationValue.error("duration must be longer than 0");

        References refs = new References(topology, durationNs);
        CaptureSpec capture = root.get("capture", refs::capture, CaptureSpec.NONE);
        List<ProbeSpec> probes = probes(root.list("probes", "probes"), refs);
        List<EventSpec> events = new ArrayList<>();
        for (YamlValue v : root.list("events", "events")) events.add(event(v, refs));
        // Stable: events of one instant keep their file order.
        events.sort(Comparator.comparingLong(EventSpec::atNs));
        List<ExpectSpec> expectations = new ArrayList<>();
        for (YamlValue v : root.list("expect", "expectations")) expectations.add(expectation(v, probes));
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
            ProbeSpec probe = kind.key().equals("ping")
                    ? ping(kind.value().map("ping").allowOnly(PING_KEYS), "ping-" + (i + 1), refs)
                    : traceroute(kind.value().map("traceroute").allowOnly(TRACEROUTE_KEYS), "traceroute-" + (i + 1), refs);
            ProbeSpec other = byName.putIfAbsent(probe.name(), probe);
            if (other != null) {
                throw probe.pos().error("two probes are named '" + probe.name() + "'", "the other is at " + other.pos().lineRef());
            }
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
            default -> throw new IllegalStateException("action list and switch disagree: " + action);
        };
        return new EventSpec(at, a, value.pos());
    }

    private static ExpectSpec expectation(YamlValue value, List<ProbeSpec> probes) throws ConfigError {
        YamlMap m = value.map("expectation");
        m.allowOnly(Stream.concat(Stream.of("probe"), EXPECTATIONS.stream()).toList());
        YamlMap.Entry kind = m.exactlyOne(EXPECTATIONS);
        m.allowOnly("probe", kind.key());
        YamlValue probeValue = m.require("probe");
        String probe = probeValue.string();
        // Expectations judge request/reply probes: pings (a traceroute's answers are errors by design).
        List<String> names = probes.stream().filter(p -> p instanceof PingSpec).map(ProbeSpec::name).toList();
        if (!names.contains(probe)) {
            throw probeValue.error("no ping probe named '" + probe + "'", Suggestions.hint(probe, names, "ping probes"));
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
