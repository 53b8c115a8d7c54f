package org.nettwin.scenarios.spec;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.spec.ScenarioAction.FlapMode;
import org.nettwin.topologies.SourcePos;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;
import org.nettwin.topologies.yaml.YamlValue;

/**
 * A scenario written in Java, for a JUnit test without a scenario file (docs/junit.md, "Scenarios in Java"):
 *
 * <pre>{@code
 * ScenarioSpec s = Scenario.on(Path.of("lab.topo.yml"))
 *         .name("lab").duration("30s").seed(7).captureAll()
 *         .ping("p1", "h1", "10.0.2.2", p -> p.interval("1s"))
 *         .at("10s").linkDown("uplink")
 *         .at("15s").linkUp("uplink")
 *         .expectLostAtMost("p1", 12)
 *         .build();
 * }</pre>
 *
 * Each method is a key of docs/scenario-format.md and takes its value written as in the file ("10s", "30%",
 * "r1:eth1", "100Mbps"); a key not given has the file's default. The calls fill the same document tree
 * {@link ScenarioLoader} reads a file into, and {@link #build()} checks and completes it with the loader's own
 * code: the {@link ScenarioSpec} is the one the equivalent file loads into, and a mistake is the same
 * {@link ConfigError} with the same text. Where a file error gives {@code file:line:column}, this one gives the
 * Java file and line of the builder call that wrote the value (its {@link SourcePos}); so do expectation failures,
 * the trace's origin of a {@code run} command, and the name of a {@code reachable} expectation's ping
 * ("reachable-LINE"). Nothing is checked before {@link #build()}, except that no argument is null.
 */
public final class Scenario {
    private final Path topologyFile;
    private final TopologySpec topology;
    private final SourcePos origin;
    private final Map<String, YamlValue> top = new LinkedHashMap<>();
    private final List<YamlValue> probes = new ArrayList<>();
    private final List<YamlValue> events = new ArrayList<>();
    private final List<YamlValue> expectations = new ArrayList<>();

    private Scenario(Path topologyFile, TopologySpec topology) {
        this.topologyFile = topologyFile;
        this.topology = topology;
        this.origin = caller();
    }

    /** A scenario on the topology file {@code topologyFile}, loaded by {@link #build()} (its errors point into it). */
    public static Scenario on(Path topologyFile) {
        return new Scenario(notNull(topologyFile, "topology file"), null);
    }

    /** A scenario on a topology already loaded. */
    public static Scenario on(TopologySpec topology) {
        return new Scenario(null, notNull(topology, "topology"));
    }

    /** {@code name}; by default the name of the Java file that calls {@link #on}, without ".java". */
    public Scenario name(String name) {
        top.put("name", text(name, "name", caller()));
        return this;
    }

    /** {@code seed}; by default {@link ScenarioLoader#DEFAULT_SEED}. */
    public Scenario seed(long seed) {
        top.put("seed", text(Long.toString(seed), "seed", caller()));
        return this;
    }

    /** {@code duration} (required): the virtual time the run lasts, e.g. "30s". */
    public Scenario duration(String duration) {
        top.put("duration", text(duration, "duration", caller()));
        return this;
    }

    /** {@code capture: all}: a pcap per link. */
    public Scenario captureAll() {
        top.put("capture", text("all", "capture", caller()));
        return this;
    }

    /** {@code capture: [LINK, ...]}: a pcap for each of these links (by name or endpoint). */
    public Scenario capture(String... links) {
        SourcePos pos = caller();
        top.put("capture", texts(Arrays.asList(notNull(links, "capture links")), "capture link", pos));
        return this;
    }

    // ---- probes

    /** A {@code ping} probe with every optional key at its default. */
    public Scenario ping(String name, String from, String to) {
        return ping(name, from, to, p -> {});
    }

    /** A {@code ping} probe; {@code options} sets its optional keys. */
    public Scenario ping(String name, String from, String to, Consumer<Ping> options) {
        SourcePos pos = caller();
        Ping p = new Ping(probe(name, from, to, pos));
        notNull(options, "ping options").accept(p);
        probes.add(single("ping", YamlValue.mapping(p.keys, pos), pos));
        return this;
    }

    /** A {@code traceroute} probe with every optional key at its default. */
    public Scenario traceroute(String name, String from, String to) {
        return traceroute(name, from, to, t -> {});
    }

    /** A {@code traceroute} probe; {@code options} sets its optional keys. */
    public Scenario traceroute(String name, String from, String to, Consumer<Traceroute> options) {
        SourcePos pos = caller();
        Traceroute t = new Traceroute(probe(name, from, to, pos));
        notNull(options, "traceroute options").accept(t);
        probes.add(single("traceroute", YamlValue.mapping(t.keys, pos), pos));
        return this;
    }

    /** A {@code udp} flow with every optional key at its default. */
    public Scenario udp(String name, String from, String to) {
        return udp(name, from, to, u -> {});
    }

    /** A {@code udp} flow; {@code options} sets its optional keys. */
    public Scenario udp(String name, String from, String to, Consumer<Udp> options) {
        SourcePos pos = caller();
        Udp u = new Udp(probe(name, from, to, pos));
        notNull(options, "udp options").accept(u);
        probes.add(single("udp", YamlValue.mapping(u.keys, pos), pos));
        return this;
    }

    private static Map<String, YamlValue> probe(String name, String from, String to, SourcePos pos) {
        Map<String, YamlValue> keys = new LinkedHashMap<>();
        keys.put("name", text(name, "probe name", pos));
        keys.put("from", text(from, "probe from", pos));
        keys.put("to", text(to, "probe to", pos));
        return keys;
    }

    /** The optional keys of a probe or event, each written where its method is called. */
    abstract static class Keys<T extends Keys<T>> {
        final Map<String, YamlValue> keys;

        Keys(Map<String, YamlValue> keys) {
            this.keys = keys;
        }

        @SuppressWarnings("unchecked")
        T put(String key, String value) {
            keys.put(key, text(value, key, caller()));
            return (T) this;
        }
    }

    /** The optional keys of a {@code ping}. */
    public static final class Ping extends Keys<Ping> {
        Ping(Map<String, YamlValue> keys) {
            super(keys);
        }

        public Ping start(String time) { return put("start", time); }
        public Ping interval(String interval) { return put("interval", interval); }
        public Ping count(int count) { return put("count", Integer.toString(count)); }
        public Ping size(int bytes) { return put("size", Integer.toString(bytes)); }
        public Ping timeout(String timeout) { return put("timeout", timeout); }
        /** The interface of {@code from} to send from ({@code ping -I}). */
        public Ping source(String iface) { return put("source", iface); }
        /** "iputils" or "bsd". */
        public Ping style(String style) { return put("style", style); }
        public Ping style(PingStyle style) { return put("style", YamlValue.spelling(notNull(style, "style"))); }
    }

    /** The optional keys of a {@code traceroute}. */
    public static final class Traceroute extends Keys<Traceroute> {
        Traceroute(Map<String, YamlValue> keys) {
            super(keys);
        }

        public Traceroute start(String time) { return put("start", time); }
        public Traceroute maxHops(int hops) { return put("max-hops", Integer.toString(hops)); }
        public Traceroute waitFor(String wait) { return put("wait", wait); }
    }

    /** The optional keys of a {@code udp} flow. */
    public static final class Udp extends Keys<Udp> {
        Udp(Map<String, YamlValue> keys) {
            super(keys);
        }

        /** The node that counts arrivals, when {@code to} is no interface address of the topology. */
        public Udp receiver(String node) { return put("receiver", node); }
        public Udp port(int port) { return put("port", Integer.toString(port)); }
        public Udp sourcePort(int port) { return put("source-port", Integer.toString(port)); }
        /** Datagrams per second, e.g. 50 or 0.5. */
        public Udp rate(double packetsPerSecond) { return put("rate", number(packetsPerSecond)); }
        public Udp size(int bytes) { return put("size", Integer.toString(bytes)); }
        public Udp start(String time) { return put("start", time); }
        public Udp stop(String time) { return put("stop", time); }
        public Udp timeout(String timeout) { return put("timeout", timeout); }
    }

    /** "50" for 50.0, "0.5": a rate as it would be written in the file. */
    private static String number(double d) {
        return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
    }

    // ---- events

    /** An event at {@code time} (within the run, e.g. "10s"): the action is the next call. */
    public Event at(String time) {
        return new Event(text(time, "at", caller()));
    }

    /** The action of an event, one of the {@code events} actions of docs/scenario-format.md. */
    public final class Event {
        private final YamlValue at;

        private Event(YamlValue at) {
            this.at = at;
        }

        private Scenario add(String action, YamlValue target, SourcePos pos, Map<String, YamlValue> extra) {
            Map<String, YamlValue> keys = new LinkedHashMap<>();
            keys.put("at", at);
            keys.put(action, target);
            keys.putAll(extra);
            events.add(YamlValue.mapping(keys, pos));
            return Scenario.this;
        }

        private Scenario add(String action, String target, Map<String, YamlValue> extra) {
            SourcePos pos = caller();
            return add(action, text(target, action, pos), pos, extra);
        }

        /** {@code link-down: LINK}: {@code ip link set down} at both ends. */
        public Scenario linkDown(String link) { return add("link-down", link, Map.of()); }

        /** {@code link-up: LINK}. */
        public Scenario linkUp(String link) { return add("link-up", link, Map.of()); }

        /** {@code cut: LINK}: a silent cut of both directions. */
        public Scenario cut(String link) { return add("cut", link, Map.of()); }

        /** {@code cut: LINK, from: NODE}: only the frames {@code fromNode} sends vanish. */
        public Scenario cut(String link, String fromNode) { return add("cut", link, from(fromNode)); }

        /** {@code heal: LINK}. */
        public Scenario heal(String link) { return add("heal", link, Map.of()); }

        /** {@code heal: LINK, from: NODE}. */
        public Scenario heal(String link, String fromNode) { return add("heal", link, from(fromNode)); }

        /** {@code impair: LINK} with the keys {@code impairment} sets (at least one impairment). */
        public Scenario impair(String link, Consumer<Impairment> impairment) {
            SourcePos pos = caller();
            Impairment i = new Impairment(new LinkedHashMap<>());
            notNull(impairment, "impairment").accept(i);
            return add("impair", text(link, "impair", pos), pos, i.keys);
        }

        /** {@code run: COMMAND, on: NODE}: a shell command on a host or router. */
        public Scenario run(String node, String command) {
            SourcePos pos = caller();
            return add("run", text(command, "run", pos), pos, Map.of("on", text(node, "on", pos)));
        }

        /** {@code flap: LINK, period, duration}, with {@code down} half the period and mode {@code down}. */
        public Scenario flap(String link, String period, String duration) {
            return flap(link, period, duration, f -> {});
        }

        /** {@code flap: LINK, period, duration}; {@code options} sets {@code down} and {@code mode}. */
        public Scenario flap(String link, String period, String duration, Consumer<Flap> options) {
            SourcePos pos = caller();
            Flap f = new Flap(new LinkedHashMap<>());
            f.keys.put("period", text(period, "period", pos));
            f.keys.put("duration", text(duration, "duration", pos));
            notNull(options, "flap options").accept(f);
            return add("flap", text(link, "flap", pos), pos, f.keys);
        }

        /** {@code partition: [[NODE, ...], ...]}: cuts every link between nodes of different groups. */
        @SafeVarargs
        public final Scenario partition(List<String>... groups) {
            SourcePos pos = caller();
            return add("partition", groups(groups, pos), pos, Map.of());
        }

        /** {@code heal-partition: all}: heals the links of every partition of the scenario. */
        public Scenario healPartition() { return add("heal-partition", "all", Map.of()); }

        /** {@code heal-partition: [[NODE, ...], ...]}: heals the links between these groups. */
        @SafeVarargs
        public final Scenario healPartition(List<String>... groups) {
            SourcePos pos = caller();
            return add("heal-partition", groups(groups, pos), pos, Map.of());
        }

        /** {@code crash: NODE}: the node stops at once, as on power loss. */
        public Scenario crash(String node) { return add("crash", node, Map.of()); }

        /** {@code reboot: NODE}: the node boots again from its topology. */
        public Scenario reboot(String node) { return add("reboot", node, Map.of()); }

        /** {@code region-outage: REGION}: crashes every node of the region. */
        public Scenario regionOutage(String region) { return add("region-outage", region, Map.of()); }

        /** {@code region-restore: REGION}: reboots them. */
        public Scenario regionRestore(String region) { return add("region-restore", region, Map.of()); }

        private Map<String, YamlValue> from(String node) {
            return Map.of("from", text(node, "from", caller()));
        }

        private YamlValue groups(List<String>[] groups, SourcePos pos) {
            List<YamlValue> lists = new ArrayList<>();
            for (List<String> g : notNull(groups, "groups")) lists.add(texts(notNull(g, "group"), "node", pos));
            return YamlValue.list(lists, pos);
        }
    }

    /** The keys of an {@code impair} event: the impairments to change and, optionally, a direction. */
    public static final class Impairment extends Keys<Impairment> {
        Impairment(Map<String, YamlValue> keys) {
            super(keys);
        }

        /** Only the frames {@code node} sends onto the link. */
        public Impairment from(String node) { return put("from", node); }
        public Impairment delay(String delay) { return put("delay", delay); }
        public Impairment jitter(String jitter) { return put("jitter", jitter); }
        /** e.g. "30%" or "0.3". */
        public Impairment loss(String loss) { return put("loss", loss); }
        /** {@code burst-loss: none}. */
        public Impairment noBurstLoss() { return put("burst-loss", "none"); }
        /** {@code burst-loss: {p-good-bad, p-bad-good}} (loss-good 0%, loss-bad 100%). */
        public Impairment burstLoss(String pGoodBad, String pBadGood) {
            return burst("p-good-bad", pGoodBad, "p-bad-good", pBadGood);
        }
        /** {@code burst-loss: {p-good-bad, p-bad-good, loss-good, loss-bad}}. */
        public Impairment burstLoss(String pGoodBad, String pBadGood, String lossGood, String lossBad) {
            return burst("p-good-bad", pGoodBad, "p-bad-good", pBadGood, "loss-good", lossGood, "loss-bad", lossBad);
        }
        /** e.g. "100Mbps". */
        public Impairment rate(String rate) { return put("rate", rate); }
        public Impairment queue(int packets) { return put("queue", Integer.toString(packets)); }
        public Impairment mtu(int mtu) { return put("mtu", Integer.toString(mtu)); }

        private Impairment burst(String... keysAndValues) {
            SourcePos pos = caller();
            keys.put("burst-loss", mapping(pos, "burst-loss", keysAndValues));
            return this;
        }
    }

    /** The optional keys of a {@code flap}. */
    public static final class Flap extends Keys<Flap> {
        Flap(Map<String, YamlValue> keys) {
            super(keys);
        }

        /** How long each failure lasts; by default half the period. */
        public Flap down(String down) { return put("down", down); }
        /** "down" (the default) or "cut". */
        public Flap mode(String mode) { return put("mode", mode); }
        public Flap mode(FlapMode mode) { return put("mode", YamlValue.spelling(notNull(mode, "mode"))); }
    }

    // ---- expectations

    /** {@code {probe: P, lost-at-most: N}}. */
    public Scenario expectLostAtMost(String probe, int max) {
        return expectOn(probe, "lost-at-most", Integer.toString(max));
    }

    /** {@code {probe: P, replies-at-least: N}}. */
    public Scenario expectRepliesAtLeast(String probe, int min) {
        return expectOn(probe, "replies-at-least", Integer.toString(min));
    }

    /** {@code {probe: P, outage-at-most: DURATION}}. */
    public Scenario expectOutageAtMost(String probe, String max) {
        return expectOn(probe, "outage-at-most", max);
    }

    private Scenario expectOn(String probe, String kind, String value) {
        SourcePos pos = caller();
        Map<String, YamlValue> keys = new LinkedHashMap<>();
        keys.put("probe", text(probe, "probe", pos));
        keys.put(kind, text(value, kind, pos));
        expectations.add(YamlValue.mapping(keys, pos));
        return this;
    }

    /** {@code vrrp-state: {node, instance, state, at}}, e.g. ("r2", "VI_1", "MASTER", "20s"). */
    public Scenario expectVrrpState(String node, String instance, String state, String at) {
        SourcePos pos = caller();
        return expectState("vrrp-state", pos, "node", node, "instance", instance, "state", state, "at", at);
    }

    /** {@code single-master: {}}: never two masters of any instance, from the start. */
    public Scenario expectSingleMaster() {
        return expectState("single-master", caller());
    }

    /** {@code single-master: {instance, after}}; either may be null for its default (every instance; from 0). */
    public Scenario expectSingleMaster(String instance, String after) {
        SourcePos pos = caller();
        List<String> keys = new ArrayList<>();
        if (instance != null) keys.addAll(List.of("instance", instance));
        if (after != null) keys.addAll(List.of("after", after));
        return expectState("single-master", pos, keys.toArray(String[]::new));
    }

    /** {@code reachable: {from, to, at}}: one ping sent at {@code at} gets a reply. */
    public Scenario expectReachableAt(String from, String to, String at) {
        return expectState("reachable", caller(), "from", from, "to", to, "at", at);
    }

    /** {@code reachable: {from, to, after}}: one ping a second from {@code after} to the end, all answered. */
    public Scenario expectReachableAfter(String from, String to, String after) {
        return expectState("reachable", caller(), "from", from, "to", to, "after", after);
    }

    /** {@code {kind: {key: value, ...}}}. */
    private Scenario expectState(String kind, SourcePos pos, String... keysAndValues) {
        expectations.add(single(kind, mapping(pos, kind, keysAndValues), pos));
        return this;
    }

    /** A mapping of alternating keys and values, all written at {@code pos}; {@code what} names it when a value is null. */
    private static YamlValue mapping(SourcePos pos, String what, String... keysAndValues) {
        Map<String, YamlValue> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], text(keysAndValues[i + 1], what + " " + keysAndValues[i], pos));
        return YamlValue.mapping(m, pos);
    }

    // ---- build

    /**
     * The scenario, checked and completed exactly as {@link ScenarioLoader#load} checks and completes a file:
     * the same {@link ConfigError}s, located at the builder call that wrote the value at fault.
     */
    public ScenarioSpec build() throws ConfigError {
        SourcePos pos = caller();
        Map<String, YamlValue> root = new LinkedHashMap<>(top);
        if (!probes.isEmpty()) root.put("probes", YamlValue.list(probes, pos));
        if (!events.isEmpty()) root.put("events", YamlValue.list(events, pos));
        if (!expectations.isEmpty()) root.put("expect", YamlValue.list(expectations, pos));
        String file = origin.file();
        String defaultName = file.endsWith(".java") ? file.substring(0, file.length() - ".java".length()) : file;
        return ScenarioLoader.resolve(YamlValue.mapping(root, pos).map("the scenario"), Path.of(file), defaultName, this::topology);
    }

    private TopologySpec topology() throws ConfigError {
        if (topology != null) return topology;
        if (!Files.isRegularFile(topologyFile)) {
            throw origin.error("topology file '" + topologyFile + "' not found", "looked for " + topologyFile.toAbsolutePath().normalize());
        }
        return TopologyLoader.load(topologyFile);
    }

    private static YamlValue single(String key, YamlValue value, SourcePos pos) {
        return YamlValue.mapping(Map.of(key, value), pos);
    }

    private static YamlValue text(String value, String what, SourcePos pos) {
        return YamlValue.scalar(notNull(value, what), pos);
    }

    private static YamlValue texts(List<String> values, String what, SourcePos pos) {
        List<YamlValue> items = new ArrayList<>();
        for (String v : values) items.add(text(v, what, pos));
        return YamlValue.list(items, pos);
    }

    private static <T> T notNull(T value, String what) {
        if (value == null) throw new IllegalArgumentException(what + " is null");
        return value;
    }

    /**
     * The first frame outside this builder: the user's call, as "File.java" and its line (column unknown). A
     * class compiled without debug information gives its class name and line 0.
     */
    private static SourcePos caller() {
        String self = Scenario.class.getName();
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(self) && !f.getClassName().startsWith(self + "$"))
                .findFirst()
                .map(f -> new SourcePos(f.getFileName() != null ? f.getFileName() : f.getClassName(), Math.max(0, f.getLineNumber()), 0))
                .orElse(new SourcePos("Java", 0, 0)));
    }
}
