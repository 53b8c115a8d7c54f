package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Mac;

/**
 * A Linux bridge inside a node (`ip link add br0 type bridge`, `ip link set eth1 master br0`): the node's
 * own interfaces become its ports, and frames arriving on a port are switched instead of reaching the
 * node's IP stack (the bridge's rx_handler). This is how a Linux VTEP joins a VXLAN overlay to a wire:
 * enslave the vxlan device and the Ethernet port to one bridge.
 *
 * <p>The forwarding is {@link Bridge}'s (learning, ageing, flooding, never back out of the ingress port),
 * so there is one learning switch in the twin. Bridge port 0 is the bridge interface itself: frames the
 * node sends on br0 enter there, frames switched to it go up the node's stack. Because every remote VTEP of
 * a vxlan port sits behind that one port, a frame that came out of one tunnel is never sent into another
 * one (no hairpin): the behaviour of the carrier VPG in seed 000 (seed-networks §1).
 *
 * <p>MTU: a frame switched to a port must pass is_skb_forwardable (br_dev_queue_push_xmit), which allows the
 * port's MTU plus its Ethernet header plus a VLAN tag (VLAN_HLEN, 4), whether or not the frame is tagged;
 * a longer frame is dropped there, silently: a bridge sends no ICMP. So a 1500-byte IP packet from an
 * Ethernet port does not enter a vxlan port of MTU 1450, while one of 1451..1454 bytes does, and the
 * tunnel's outer packet is then fragmented by IP (the VXLAN outer header has DF clear). The bridge
 * device's own MTU follows its ports' smallest (br_mtu_auto_adjust when a port joins or leaves), so a
 * node routing out of br0 fragments, or answers DF with ICMP 3/4, for the narrowest port.
 */
public final class BridgeDevice implements NetInterface.VirtualDevice {
    /** Ports a bridge can hold in the twin (Linux allows BR_MAX_PORTS = 1024; a node here has a handful). */
    static final int MAX_PORTS = 32;
    private static final int SELF = 0;
    /** is_skb_forwardable's allowance beyond the MTU: dev->hard_header_len (Ethernet, 14) + VLAN_HLEN (4). */
    static final int FORWARDABLE_SLACK = EthernetFrame.HEADER_LENGTH + 4;
    /** br_mtu_min without ports: ETH_DATA_LEN. */
    private static final int DEFAULT_MTU = 1500;

    private final NodeStack stack;
    private final Bridge switching;
    /** Bridge port number -> enslaved interface; index 0 (the bridge itself) stays null. */
    private final NetInterface[] ports = new NetInterface[MAX_PORTS + 1];
    private NetInterface ifc;

    private BridgeDevice(NodeStack stack) {
        this.stack = stack;
        this.switching = new Bridge(MAX_PORTS + 1, Bridge.DEFAULT_AGEING_TIME_NS);
    }

    /** Creates the bridge interface, down and without ports, as `ip link add NAME type bridge` does. Needs a booted stack. */
    public static BridgeDevice create(NodeStack stack, String name, Mac mac) {
        BridgeDevice br = new BridgeDevice(stack);
        br.ifc = stack.addVirtualInterface(name, mac, DEFAULT_MTU, br);
        br.switching.boot(br.new PortsEnv());
        for (int p = 0; p < br.ports.length; p++) br.switching.carrier(p, false);
        stack.addLinkListener((changed, up) -> br.linkChanged(changed, up));
        return br;
    }

    /** The bridge device behind {@code ifc}, or null if it is no bridge. */
    public static BridgeDevice of(NetInterface ifc) {
        return ifc != null && ifc.device() instanceof BridgeDevice b ? b : null;
    }

    public NetInterface iface() { return ifc; }

    /** The interfaces enslaved to the bridge, in port order (`bridge link show`). */
    public List<NetInterface> ports() {
        List<NetInterface> out = new ArrayList<>();
        for (NetInterface p : ports) if (p != null) out.add(p);
        return Collections.unmodifiableList(out);
    }

    /** `ip link set PORT master BR`. Fails like the kernel for a second master, a bridge as a port, or a full bridge. */
    public void attach(NetInterface port) {
        if (port == ifc || port.device() instanceof BridgeDevice) throw new IllegalArgumentException("cannot enslave a bridge to a bridge here: " + port.name());
        if (port.master() == this) return;
        if (port.master() != null) throw new IllegalArgumentException(port.name() + " is already enslaved to " + port.master().ifc.name());
        int free = 1;
        while (free < ports.length && ports[free] != null) free++;
        if (free == ports.length) throw new IllegalArgumentException("bridge " + ifc.name() + " has no free port (the twin allows " + MAX_PORTS + ")");
        ports[free] = port;
        port.setMaster(this);
        adjustMtu();
        switching.carrier(free, port.isUp());
        stack.env().trace(new TraceEvent.Log("kernel", ifc.name() + ": port " + free + "(" + port.name() + ") entered " + (port.isUp() ? "forwarding" : "disabled") + " state"));
    }

    /** `ip link set PORT nomaster`, or the port being deleted: its learned stations go with it. */
    public void detach(NetInterface port) {
        int p = portOf(port);
        if (p < 0) return;
        switching.carrier(p, false);
        ports[p] = null;
        port.setMaster(null);
        adjustMtu();
        stack.env().trace(new TraceEvent.Log("kernel", ifc.name() + ": port " + p + "(" + port.name() + ") entered disabled state"));
    }

    /**
     * br_mtu_auto_adjust: the bridge takes the smallest MTU of its ports (1500 without any). Changing a
     * port's MTU later is not followed here: the twin has no `ip link set ... mtu`.
     */
    private void adjustMtu() {
        int min = Integer.MAX_VALUE;
        for (NetInterface p : ports) if (p != null) min = Math.min(min, p.mtu());
        ifc.setMtu(min == Integer.MAX_VALUE ? DEFAULT_MTU : min);
    }

    /** `ip link del BR`: every port is released first, as br_dev_delete does. */
    public void releaseAll() {
        for (NetInterface p : ports()) detach(p);
    }

    /** The bridge port {@code mac} was learnt on, as `bridge fdb show` would list it: the interface, or empty. */
    public Optional<NetInterface> learnedOn(Mac mac) {
        OptionalInt p = switching.learnedPort(mac);
        return p.isPresent() && p.getAsInt() != SELF ? Optional.ofNullable(ports[p.getAsInt()]) : Optional.empty();
    }

    /** A frame the node's stack sends on the bridge interface. */
    @Override public void transmit(byte[] frame) {
        switching.receive(SELF, frame);
    }

    /** A frame that arrived on an enslaved interface (from its wire or, for a vxlan port, decapsulated). */
    void portInput(NetInterface port, byte[] frame) {
        switching.receive(portOf(port), frame);
    }

    private int portOf(NetInterface port) {
        for (int p = 1; p < ports.length; p++) if (ports[p] == port) return p;
        return -1;
    }

    /** A port forwards only while its interface is usable, and the bridge delivers up only while br0 is up. */
    private void linkChanged(NetInterface changed, boolean up) {
        if (changed == ifc) switching.carrier(SELF, up);
        int p = portOf(changed);
        if (p > 0) switching.carrier(p, up);
    }

    /** The switching logic's view of the node: its ports are this bridge's interfaces. */
    private final class PortsEnv implements NodeEnv {
        @Override public long now() { return stack.env().now(); }

        @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) {
            return stack.env().schedule(deadlineNs, ifc.name() + "/" + name, action);
        }

        @Override public void transmit(int port, byte[] frame) {
            if (port == SELF) {
                stack.receiveFrame(ifc, frame);
                return;
            }
            NetInterface out = ports[port];
            if (frame.length > out.mtu() + FORWARDABLE_SLACK) {
                // br_dev_queue_push_xmit: !is_skb_forwardable -> kfree_skb, no ICMP.
                trace(new TraceEvent.Dropped(stack.name() + ":" + ifc.name(), DropReason.MTU_EXCEEDED, frame.length,
                        "frame of " + frame.length + " bytes not forwardable to " + out.name() + " (mtu " + out.mtu() + ")"));
                return;
            }
            stack.transmitFrame(out, frame);
        }

        @Override public RandomGenerator random(String path) { return stack.env().random(ifc.name() + "/" + path); }

        @Override public void trace(TraceEvent event) { stack.env().trace(event); }

        @Override public String nodeName() { return stack.name() + ":" + ifc.name(); }
    }
}
