package org.nettwin.realadapter;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.stack.Bridge;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.scenarios.run.Network;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.sim.link.PortRef;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * A topology made real on the wall clock: the same node stacks, LinuxHosts and links as a simulated run,
 * hosted by a {@link WallClockRuntime}, with some ports bound to host devices.
 *
 * <p>The nodes come from {@link Network#build}, so both runtimes compose nodes in exactly one place. That
 * method builds into a {@code SimKernel}; here it builds into one that never runs (a template), and this
 * class moves what it made into the wall-clock runtime: each node stack (never booted by the template),
 * each link's endpoints and impairments. Switches are made afresh, because the template's bridges are not
 * exposed and a bound switch port needs one more port than the links give.
 */
public final class HilNetwork implements org.nettwin.scenarios.run.NetworkView {
    private final Network template;
    private final WallClockRuntime runtime;
    private final Map<String, PortRef> boundPorts = new LinkedHashMap<>();

    private HilNetwork(Network template, WallClockRuntime runtime) {
        this.template = template;
        this.runtime = runtime;
    }

    /** Opens a host device for a binding; {@link TapPort#open} outside tests. */
    @FunctionalInterface
    public interface DeviceOpener {
        TapPort open(String device) throws HilSetupError;
    }

    /**
     * Builds {@code topology} into {@code runtime} (not yet started) and wires each binding's port to its
     * device. Bindings are checked against the topology before any device is opened, so a misspelt node
     * is reported as such even where opening devices needs privileges the user lacks.
     *
     * @throws ConfigError a mistake in the topology's files, or a binding naming a node or interface that is
     *                     absent or already linked, or a device that cannot be opened ({@link HilSetupError})
     */
    public static HilNetwork build(TopologySpec topology, WallClockRuntime runtime, List<HilBinding> bindings, DeviceOpener opener)
            throws ConfigError {
        // The simulated clouds act as kernel actions on the simulator's clock; on the wall clock nothing would
        // answer a notify script's `aws`/`soracom` call, so say so instead of letting the script hang.
        if (!topology.clouds().isEmpty()) {
            throw new HilSetupError("topology " + topology.name(), "its clouds: section (" + String.join(", ", topology.clouds().keySet())
                    + ") is not modelled on the wall clock yet", "run this topology with `nettwin run`, or drop clouds: for the hil run");
        }
        Network template;
        try (SimKernel unused = new SimKernel(new KernelConfig(0, HostMode.INLINE, 1))) {
            template = Network.build(topology, unused);
        }
        Map<String, Integer> switchPorts = linkedSwitchPorts(topology, template);
        Map<HilBinding, PortRef> ports = new LinkedHashMap<>();
        for (HilBinding b : bindings) ports.put(b, portFor(topology, template, b, switchPorts, ports));
        Map<HilBinding, TapPort> taps = openAll(ports.keySet(), opener);
        HilNetwork net = new HilNetwork(template, runtime);
        try {
            for (NodeSpec n : topology.nodes().values()) {
                HostedNode node = n.kind() == NodeKind.SWITCH
                        ? new Bridge(switchPorts.getOrDefault(n.name(), 0), Bridge.DEFAULT_AGEING_TIME_NS)
                        : template.stack(n.name());
                runtime.addNode(n.name(), node);
            }
            for (Link l : template.links().values()) {
                runtime.connect(l.name(), l.a(), l.b(), l.params(Direction.A_TO_B), l.params(Direction.B_TO_A));
            }
            for (Map.Entry<HilBinding, PortRef> e : ports.entrySet()) {
                runtime.attach(e.getValue(), taps.get(e.getKey()));
                net.boundPorts.put(e.getKey().endpoint(), e.getValue());
            }
        } catch (RuntimeException e) {
            for (TapPort tap : taps.values()) tap.close();
            throw e;
        }
        return net;
    }

    /** Opens every binding's device, one device per binding; on a failure closes those already open. */
    private static Map<HilBinding, TapPort> openAll(Iterable<HilBinding> bindings, DeviceOpener opener) throws HilSetupError {
        Map<String, HilBinding> byDevice = new HashMap<>();
        for (HilBinding b : bindings) {
            if (byDevice.putIfAbsent(b.device(), b) != null) {
                throw new HilSetupError("--bind " + b, "device " + b.device() + " is also bound to " + byDevice.get(b.device()).endpoint(),
                        "one device per simulated port");
            }
        }
        Map<HilBinding, TapPort> taps = new LinkedHashMap<>();
        try {
            for (HilBinding b : bindings) taps.put(b, opener.open(b.device()));
            return taps;
        } catch (HilSetupError | RuntimeException e) {
            for (TapPort tap : taps.values()) tap.close();
            throw e;
        }
    }

    /** Ports each switch has from its links (the template numbered them in link order). */
    private static Map<String, Integer> linkedSwitchPorts(TopologySpec topology, Network template) {
        Map<String, Integer> count = new HashMap<>();
        for (Link l : template.links().values()) {
            for (PortRef end : new PortRef[] {l.a(), l.b()}) {
                if (topology.nodes().get(end.node()).kind() == NodeKind.SWITCH) count.merge(end.node(), end.port() + 1, Math::max);
            }
        }
        return count;
    }

    /** The runtime port {@code b} names; a switch gets a new port after its linked ones. */
    private static PortRef portFor(TopologySpec topology, Network template, HilBinding b, Map<String, Integer> switchPorts,
                                   Map<HilBinding, PortRef> earlier) throws HilSetupError {
        String subject = "--bind " + b;
        NodeSpec node = topology.nodes().get(b.node());
        if (node == null) {
            throw new HilSetupError(subject, "the topology has no node " + b.node(), "nodes: " + String.join(", ", topology.nodes().keySet()));
        }
        for (LinkSpec l : topology.links()) {
            if (l.a().node().equals(b.node()) && l.a().iface().equals(b.iface()) || l.b().node().equals(b.node()) && l.b().iface().equals(b.iface())) {
                throw new HilSetupError(subject, b.endpoint() + " is already linked by link " + l.name(),
                        "bind a spare interface (one that no link uses), or a new port of a switch");
            }
        }
        if (earlier.keySet().stream().anyMatch(e -> e.endpoint().equals(b.endpoint()))) {
            throw new HilSetupError(subject, b.endpoint() + " is bound twice", "bind each interface once");
        }
        if (node.kind() == NodeKind.SWITCH) {
            int port = switchPorts.merge(b.node(), 1, Integer::sum) - 1;
            return new PortRef(b.node(), port);
        }
        NetInterface ifc = template.stack(b.node()).iface(b.iface());
        if (ifc == null) {
            throw new HilSetupError(subject, "node " + b.node() + " has no interface " + b.iface(),
                    "interfaces: " + String.join(", ", node.interfaceNames()));
        }
        return new PortRef(b.node(), ifc.port());
    }

    public WallClockRuntime runtime() { return runtime; }

    /** The stack of a host or router (null for a switch or an unknown name). */
    public NodeStack stack(String node) { return template.stack(node); }

    /** The LinuxHost (shell, scripts, keepalived) of a host or router. */
    public LinuxHost host(String node) { return template.host(node); }

    /** The runtime's link named {@code name}; change it only from {@link WallClockRuntime#at} actions. */
    public Link link(String name) { return runtime.link(name); }

    /** The topology's spec of link {@code name}, for directions and impairment patches. */
    public LinkSpec linkSpec(String name) { return Objects.requireNonNull(template.linkSpec(name), name); }

    /** Bound endpoints ("r1:eth0") and the runtime port each became. */
    public Map<String, PortRef> boundPorts() { return java.util.Collections.unmodifiableMap(boundPorts); }
}
