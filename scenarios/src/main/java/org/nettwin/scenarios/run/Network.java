package org.nettwin.scenarios.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.keepalived.KeepalivedConfParser;
import org.nettwin.protocols.keepalived.KeepalivedConfig;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.node.NodeDisk;
import org.nettwin.protocols.shell.CloudApi;
import org.nettwin.protocols.shell.ShellScript;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.Bridge;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;
import org.nettwin.scenarios.cloud.SimulatedCloud;
import org.nettwin.sim.link.GilbertElliott;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.BurstLossSpec;
import org.nettwin.topologies.Endpoint;
import org.nettwin.topologies.ImpairmentSpec;
import org.nettwin.topologies.InterfaceSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.RouteSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * A topology made real inside a kernel: one NodeStack per host/router, one Bridge per switch, one kernel
 * link per topology link. Interface i of a node is runtime port i; a switch's ports are numbered in the
 * order links name them.
 */
public final class Network implements NetworkView {
    /** Linux bridge default ageing_time. */
    private static final long BRIDGE_AGEING_NS = Time.s(300);

    private final SimKernel kernel;
    private final Map<String, NodeStack> stacks = new LinkedHashMap<>();
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final Map<String, LinuxHost> hosts = new LinkedHashMap<>();
    /** Each host's disk, made at its first build and kept by {@link #reboot}: what survives a crash. */
    private final Map<String, NodeDisk> disks = new HashMap<>();
    private final Map<String, Link> linksByName = new LinkedHashMap<>();
    private final Map<String, LinkSpec> linkSpecs = new HashMap<>();
    private final SimulatedCloud clouds;
    private final TopologySpec topo;
    /** A switch's ports in the order links name them: port i is the i-th. */
    private final Map<String, List<String>> switchPorts = new HashMap<>();
    private final Map<String, NodeIncarnations> restartable = new LinkedHashMap<>();
    private final Map<String, List<Consumer<NodeStack>>> bootHooks = new HashMap<>();

    private Network(TopologySpec topo, SimKernel kernel, SimulatedCloud clouds) {
        this.topo = topo;
        this.kernel = kernel;
        this.clouds = clouds;
    }

    public static Network build(TopologySpec topo, SimKernel kernel) throws ConfigError {
        return build(topo, kernel, Set.of());
    }

    /**
     * Builds the network; the nodes named in {@code restartable} can be crashed and rebooted ({@link #crash},
     * {@link #reboot}). Only they pay for it (each timer they arm is tracked), and a run without crashes is
     * the same as before to the last trace record.
     */
    public static Network build(TopologySpec topo, SimKernel kernel, Set<String> restartable) throws ConfigError {
        // Before the nodes: the clouds' initial state is traced ahead of the nodes' boot.
        Network net = new Network(topo, kernel, SimulatedCloud.install(topo.clouds().values(), kernel));
        for (LinkSpec l : topo.links()) {
            for (Endpoint e : List.of(l.a(), l.b())) {
                if (topo.nodes().get(e.node()).kind() == NodeKind.SWITCH) net.switchPorts.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(e.iface());
            }
        }
        for (NodeSpec n : topo.nodes().values()) {
            HostedNode node = net.create(n);
            if (restartable.contains(n.name())) {
                NodeIncarnations slot = new NodeIncarnations(node);
                net.restartable.put(n.name(), slot);
                node = slot;
            }
            kernel.addNode(n.name(), node);
        }
        for (LinkSpec l : topo.links()) {
            PortRef a = net.port(topo, l.a());
            PortRef b = net.port(topo, l.b());
            Link link = kernel.connect(l.name(), a, b, params(l.aToB()), params(l.bToA()));
            net.linksByName.put(l.name(), link);
            net.linkSpecs.put(l.name(), l);
        }
        return net;
    }

    /** A node as the topology describes it, before boot: a Bridge for a switch, else a NodeStack with its LinuxHost. */
    private HostedNode create(NodeSpec n) throws ConfigError {
        if (n.kind() == NodeKind.SWITCH) {
            Bridge b = new Bridge(switchPorts.getOrDefault(n.name(), List.of()).size(), BRIDGE_AGEING_NS);
            bridges.put(n.name(), b);
            return b;
        }
        NodeStack s = new NodeStack(n.name(), n.forwarding());
            for (InterfaceSpec i : n.interfaces()) {
                Mac mac = macOf(n.name(), i);
                int port = s.interfaces().size();
                if (i.ppp() != null) {
                    Endpoint peer = peerOf(topo, n.name(), i);
                    s.addPppoeInterface(i.name(), port, mac, i.mtu(), new NetInterface.Ppp(i.ppp().session(), macOf(peer.node(),
                            topo.nodes().get(peer.node()).iface(peer.iface()).orElseThrow()), i.ppp().provider(), i.ppp().defaultRoute(),
                            i.ppp().connectNs(), i.addresses()));
                } else {
                    s.addInterface(i.name(), port, mac, i.mtu());
                    for (IfAddr a : i.addresses()) s.addAddress(i.name(), a);
                }
                if (i.masquerade()) s.setMasquerade(i.name(), true);
            }
            for (RouteSpec r : n.routes()) {
                String dev = r.dev() != null ? r.dev() : deviceFor(s, r, topo);
                s.addRoute(r.via() == null ? new Route(r.to(), null, dev, r.metric(), Route.Origin.STATIC, null)
                        : Route.via(r.to(), r.via(), dev, r.metric()));
            }
        stacks.put(n.name(), s);
        NodeDisk disk = disks.computeIfAbsent(n.name(), k -> new NodeDisk());
        hosts.put(n.name(), linuxHost(topo, n, s, clouds.apiFor(n.name(), s::env), disk));
        for (Consumer<NodeStack> hook : bootHooks.getOrDefault(n.name(), List.of())) hook.accept(s);
        return s;
    }

    @Override public boolean restarts(String node) {
        return restartable.containsKey(node);
    }

    @Override public boolean isDown(String node) {
        NodeIncarnations slot = restartable.get(node);
        return slot != null && slot.crashed();
    }

    /** Crashes {@code node} (built restartable); from the node's own context (SimKernel.onNode). */
    @Override public void crash(String node) {
        slot(node).crash();
    }

    /**
     * Boots {@code node} afresh from its topology (crashing it first if it runs): new stack, setup commands,
     * keepalived from scratch, on the {@link NodeDisk} it had. From the node's own context. The node's files were
     * parsed at build, so this cannot fail on them.
     */
    @Override public void reboot(String node) {
        HostedNode fresh;
        try {
            fresh = create(topo.nodes().get(node));
        } catch (ConfigError e) {
            throw new IllegalStateException("node " + node + " built once but not twice: " + e.getMessage(), e);
        }
        slot(node).reboot(fresh);
    }

    @Override public void whenBuilt(String node, Consumer<NodeStack> hook) {
        bootHooks.computeIfAbsent(node, k -> new ArrayList<>()).add(hook);
        NodeStack current = stacks.get(node);
        if (current != null) hook.accept(current);
    }

    private NodeIncarnations slot(String node) {
        NodeIncarnations slot = restartable.get(node);
        if (slot == null) throw new IllegalStateException("node " + node + " was not built restartable");
        return slot;
    }

    /**
     * The node's shell, scripts and keepalived; user files are parsed now, so their errors stop the run before
     * it starts (reported with the path as the user gave it). Inside the run, files are named relative to the
     * topology's directory, so traces and fingerprints do not depend on where the files happen to live.
     */
    private static LinuxHost linuxHost(TopologySpec topo, NodeSpec n, NodeStack s, Optional<CloudApi> cloud, NodeDisk disk) throws ConfigError {
        Map<String, ShellScript> scripts = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : n.files().entrySet()) {
            Path file = f.getValue();
            scripts.put(f.getKey(), asGiven(file, () -> ShellScript.parse(inRun(topo, file), read(file))));
        }
        KeepalivedConfig ka = null;
        Path conf = n.keepalivedConf();
        if (conf != null) ka = asGiven(conf, () -> KeepalivedConfParser.parse(inRun(topo, conf), read(conf), n.keepalivedProfile()));
        List<String> setup = n.setup().stream().map(NodeSpec.SetupCommand::command).toList();
        return new LinuxHost(s, scripts, ka, setup, cloud, n.execLatencyNs(), disk);
    }

    /** A user file's name inside the run: relative to the topology's directory. */
    static String inRun(TopologySpec topo, Path file) {
        Path base = topo.file().toAbsolutePath().getParent();
        Path abs = file.toAbsolutePath();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : abs.getFileName().toString();
    }

    private interface Parse<T> {
        T parse() throws ConfigError;
    }

    /** Parses, and reports a mistake with the file's path as the user gave it, so they can open it. */
    private static <T> T asGiven(Path file, Parse<T> parse) throws ConfigError {
        try {
            return parse.parse();
        } catch (ConfigError e) {
            throw new ConfigError(file.toString(), e.line(), e.column(), e.problem(), e.hint());
        }
    }

    private static String read(Path p) throws ConfigError {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError(p.toString(), 0, "cannot read file: " + e.getMessage(), "check that it exists and is readable");
        }
    }

    private static Mac macOf(String node, InterfaceSpec i) {
        return i.mac() != null ? i.mac() : derivedMac(node, i.name());
    }

    /** The far end of the link on a PPPoE interface, which must be PPPoE too, with the same session id. */
    private static Endpoint peerOf(TopologySpec topo, String node, InterfaceSpec i) throws ConfigError {
        for (LinkSpec l : topo.links()) {
            Endpoint far = l.a().node().equals(node) && l.a().iface().equals(i.name()) ? l.b()
                    : l.b().node().equals(node) && l.b().iface().equals(i.name()) ? l.a() : null;
            if (far == null) continue;
            InterfaceSpec other = topo.nodes().get(far.node()).iface(far.iface()).orElseThrow();
            if (other.ppp() == null || other.ppp().session() != i.ppp().session()) {
                throw new ConfigError(l.pos().file(), l.pos().line(), l.pos().column(),
                        "PPPoE interface " + node + ":" + i.name() + " is linked to " + far + ", which is not a PPPoE interface with session " + i.ppp().session(),
                        "give both ends `ppp: { session: N }` with the same N");
            }
            return far;
        }
        throw new ConfigError(i.pos().file(), i.pos().line(), i.pos().column(), "PPPoE interface " + node + ":" + i.name() + " has no link",
                "link it to the PPPoE server's interface");
    }

    private static String deviceFor(NodeStack s, RouteSpec r, TopologySpec topo) throws ConfigError {
        for (var i : s.interfaces()) if (i.onLink(r.via())) return i.name();
        throw new ConfigError(r.pos().file(), r.pos().line(), r.pos().column(),
                "route to " + r.to() + " via " + r.via() + " on node " + s.name() + ": the gateway is not in any connected subnet",
                "give `dev` or fix the address");
    }

    private PortRef port(TopologySpec topo, Endpoint e) {
        if (topo.nodes().get(e.node()).kind() == NodeKind.SWITCH) return new PortRef(e.node(), switchPorts.get(e.node()).indexOf(e.iface()));
        NodeStack s = stacks.get(e.node());
        return new PortRef(e.node(), s.iface(e.iface()).port());
    }

    public static LinkParams params(ImpairmentSpec i) {
        BurstLossSpec b = i.burst();
        GilbertElliott ge = b == null ? null : new GilbertElliott(b.pGoodToBad(), b.pBadToGood(), b.lossInGood(), b.lossInBad());
        return new LinkParams(i.delayNs(), i.jitterNs(), i.loss(), ge, i.rateBps(), i.queuePackets(), i.mtu());
    }

    /**
     * A stable locally administered MAC (02:…) from the node and interface names, so adding a node does not
     * renumber the MACs of the others (and their pcaps stay byte-identical).
     */
    static Mac derivedMac(String node, String iface) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((node + ":" + iface).getBytes(StandardCharsets.UTF_8));
            long v = 0x02L;
            for (int i = 0; i < 5; i++) v = v << 8 | (h[i] & 0xff);
            return new Mac(v);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public SimKernel kernel() { return kernel; }
    public TopologySpec topology() { return topo; }
    public NodeStack stack(String node) { return stacks.get(node); }
    public LinuxHost host(String node) { return hosts.get(node); }
    /** The topology's cloud and carrier APIs (none if it has no `clouds:`). */
    public SimulatedCloud clouds() { return clouds; }
    public Map<String, NodeStack> stacks() { return stacks; }
    public Link link(String name) { return linksByName.get(name); }
    public LinkSpec linkSpec(String name) { return linkSpecs.get(name); }
    public Map<String, Link> links() { return linksByName; }
}
