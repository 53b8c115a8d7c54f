package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.PppoeSession;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/**
 * A node's IPv4 stack composed the way Linux composes it: interfaces, ARP neighbour table, main routing
 * table, forwarding with Linux's ICMP generation rules (protocol-facts §7), local ICMP/UDP delivery and
 * protocol hooks for services (VRRP, tunnels). Hosts and routers are the same class; `forwarding` is the
 * net.ipv4.ip_forward sysctl.
 *
 * <p>Configuration methods may be called before boot (topology build) or later from the node's own
 * context (scenario commands, notify scripts).
 */
public class NodeStack implements HostedNode, NeighbourTable.Io {
    /** Linux's default TTL for locally generated packets (net.ipv4.ip_default_ttl). */
    public static final int DEFAULT_TTL = 64;
    /** icmp_send quotes as much of the offending packet as fits in a 576-byte datagram (RFC 1812 §4.3.2.3). */
    private static final int ICMP_ERROR_MAX = 576;
    private static final int TOS_INTERNETCONTROL = 0xc0;
    /**
     * net.ipv4.route.min_pmtu (route.c DEFAULT_MIN_PMTU = 512 + 20 + 20): a reported next-hop MTU below it is
     * raised to it and the path MTU locked, so DF is no longer set towards that destination.
     */
    public static final int MIN_PMTU = 552;
    /** net.ipv4.route.mtu_expires (route.c DEFAULT_MTU_EXPIRES = 10 min): how long a learned path MTU holds. */
    public static final long PMTU_EXPIRES_NS = Time.s(600);

    private final String name;
    private final List<NetInterface> interfaces = new ArrayList<>();
    private final Map<String, NetInterface> byName = new LinkedHashMap<>();
    private final Map<Integer, NetInterface> byPort = new HashMap<>();
    private final RoutingTable routes = new RoutingTable();
    private final Map<Integer, IpProtocolHandler> protocolHandlers = new HashMap<>();
    private final Map<Integer, UdpHandler> udpPorts = new HashMap<>();
    private final Map<Integer, IcmpListener> icmpListeners = new HashMap<>();
    private final Map<Integer, UdpErrorListener> udpErrorListeners = new HashMap<>();
    /** Redirect-learned next hops per destination (a host's route cache exceptions). */
    private final Map<Ip4, Ip4> redirected = new HashMap<>();
    /** Learned path MTUs: route.c's nexthop exceptions (fib_nh_exception), per destination and next hop. */
    private final Map<PmtuKey, PathMtu> pathMtus = new HashMap<>();
    private final InetPeers peers = new InetPeers();
    private final Map<Ip4, Mac> addressMacs = new HashMap<>();
    private final Map<Integer, VxlanDevice.Socket> vxlanSockets = new HashMap<>();
    private final List<Consumer<NodeEnv>> bootHooks = new ArrayList<>();
    private final List<LinkListener> linkListeners = new ArrayList<>();
    private int nextIfIndex;
    private boolean forwarding;
    private boolean acceptRedirects = true;
    private int nextIpId;
    /** Key of the multipath flow hash (Linux draws one per boot); drawn from the run seed at boot. */
    private int multipathHashSeed;
    private NodeEnv env;
    private NeighbourTable neighbours;
    private IpDefrag defrag;

    /**
     * The sending socket's IP_MTU_DISCOVER, which decides DF on a locally generated datagram
     * (ip_output.c __ip_make_skb: DF if {@code skb->len <= dst_mtu && ip_dont_fragment}). {@code DONT} never
     * sets DF (the kernel's own ICMP socket, icmp_sk_init). {@code WANT} is what every socket starts with while
     * net.ipv4.ip_no_pmtu_disc = 0 (inet_create), iputils ping without -M included: DF when the datagram fits
     * the path MTU and that MTU is not locked; a larger datagram is fragmented locally with DF clear.
     */
    public enum PmtuDisc { DONT, WANT }

    /**
     * A path MTU learned from ICMP "fragmentation needed": {@code mtu} until {@code expiresNs}; {@code locked}
     * when the reported value was below {@link #MIN_PMTU} (fnhe_mtu_locked: DF is no longer set).
     */
    public record PathMtu(int mtu, boolean locked, long expiresNs) {}

    /** A nexthop exception's identity: the destination and the next hop (device, gateway) of its route. */
    private record PmtuKey(Ip4 dst, String device, Ip4 gateway) {}

    /** Notified when an interface's usability changes (carrier or admin), e.g. for VRRP track_interface. */
    public interface LinkListener {
        void linkChanged(NetInterface ifc, boolean up);
    }

    public NodeStack(String name, boolean forwarding) {
        this.name = name;
        this.forwarding = forwarding;
    }

    // ------------------------------------------------------------------ configuration

    public String name() { return name; }

    /** Adds a physical interface bound to runtime port {@code port}. */
    public NetInterface addInterface(String ifName, int port, Mac mac, int mtu) {
        if (byName.containsKey(ifName)) throw new IllegalArgumentException("duplicate interface " + ifName + " on " + name);
        NetInterface ifc = new NetInterface(ifName, nextIfIndex++, port, mac, mtu);
        interfaces.add(ifc);
        byName.put(ifName, ifc);
        if (port >= 0) byPort.put(port, ifc);
        return ifc;
    }

    public NetInterface iface(String ifName) { return byName.get(ifName); }

    /** Adds a PPPoE interface (ppp0) bound to runtime port {@code port}; it starts connected. */
    public NetInterface addPppoeInterface(String ifName, int port, Mac mac, int mtu, NetInterface.Ppp ppp) {
        NetInterface ifc = addInterface(ifName, port, mac, mtu);
        ifc.setPpp(ppp);
        for (IfAddr a : ppp.configured()) addAddress(ifName, a);
        if (ppp.defaultRoute()) addPppDefaultRoute(ifc);
        return ifc;
    }

    /** pppd's `defaultroute`: only when there is no default route yet (no `replacedefaultroute`). */
    private void addPppDefaultRoute(NetInterface ifc) {
        boolean hasDefault = routes.routes().stream().anyMatch(r -> r.prefix().length() == 0);
        if (!hasDefault) routes.add(new Route(Prefix4.DEFAULT, null, ifc.name(), 0, Route.Origin.STATIC, null));
    }

    /** `iptables -t nat -A POSTROUTING -o IF -j MASQUERADE`. */
    public void setMasquerade(String ifName, boolean on) { require(ifName).setMasquerade(on); }

    /**
     * `poff`: pppd hangs up and the ppp device is destroyed, taking its addresses and every route through it
     * (and its NAT state) with it. `pon`: after the modelled negotiation time the device comes back with its
     * addresses, plus the default route if pppd's `defaultroute` applies.
     */
    public void pppDisconnect(String ifName) {
        NetInterface ifc = require(ifName);
        if (ifc.ppp() == null) throw new IllegalArgumentException(ifName + " is not a PPP interface");
        if (!ifc.adminUp()) return;
        for (IfAddr a : List.copyOf(ifc.addresses())) removeAddress(ifName, a);
        routes.removeIf(r -> r.device().equals(ifName));
        if (ifc.masquerade() != null) ifc.masquerade().flush();
        setAdminUp(ifName, false);
        env.trace(new TraceEvent.Log("pppd", "Connection terminated."));
    }

    public void pppConnect(String ifName) {
        NetInterface ifc = require(ifName);
        NetInterface.Ppp ppp = ifc.ppp();
        if (ppp == null) throw new IllegalArgumentException(ifName + " is not a PPP interface");
        if (ifc.adminUp()) return;
        env.after(ppp.connectNs(), "pppd/" + ifName + "/connect", () -> {
            if (ifc.adminUp()) return;
            setAdminUp(ifName, true);
            for (IfAddr a : ppp.configured()) addAddress(ifName, a);
            if (ppp.defaultRoute()) addPppDefaultRoute(ifc);
            env.trace(new TraceEvent.Log("pppd", "local  IP address " + ppp.configured().get(0).address()));
        });
    }

    public List<NetInterface> interfaces() { return Collections.unmodifiableList(interfaces); }

    /** `ip addr add`: the first address of a subnet also installs the connected route (proto kernel). */
    public void addAddress(String ifName, IfAddr addr) {
        NetInterface ifc = require(ifName);
        boolean subnetKnown = ifc.addresses().stream().anyMatch(a -> a.subnet().equals(addr.subnet()));
        ifc.addAddress(addr);
        if (!subnetKnown && addr.prefixLength() < 32) routes.add(Route.connected(addr.subnet(), ifName, addr.address()));
        if (env != null) env.trace(new TraceEvent.Log("kernel", "ip addr add " + addr + " dev " + ifName));
    }

    /** `ip addr del`: the connected route goes with the last address of its subnet. */
    public boolean removeAddress(String ifName, IfAddr addr) {
        NetInterface ifc = require(ifName);
        if (!ifc.removeAddress(addr)) return false;
        boolean subnetLeft = ifc.addresses().stream().anyMatch(a -> a.subnet().equals(addr.subnet()));
        if (!subnetLeft) routes.removeIf(r -> r.origin() == Route.Origin.CONNECTED && r.device().equals(ifName) && r.prefix().equals(addr.subnet()));
        if (env != null) env.trace(new TraceEvent.Log("kernel", "ip addr del " + addr + " dev " + ifName));
        return true;
    }

    public RoutingTable routes() { return routes; }

    public void addRoute(Route r) {
        require(r.device());
        routes.add(r);
    }

    public boolean forwarding() { return forwarding; }

    /** net.ipv4.ip_forward. Linux hosts accept redirects only while not forwarding. */
    public void setForwarding(boolean on) {
        if (env != null && on != forwarding) env.trace(new TraceEvent.StateChanged("sysctl/ip_forward", forwarding ? "1" : "0", on ? "1" : "0"));
        this.forwarding = on;
    }

    public void setAcceptRedirects(boolean on) { this.acceptRedirects = on; }

    /** `ip link set dev X up|down`: down removes the interface's routes use and flushes its neighbours. */
    public void setAdminUp(String ifName, boolean up) {
        NetInterface ifc = require(ifName);
        boolean before = ifc.isUp();
        ifc.setAdminUp(up);
        if (env != null) env.trace(new TraceEvent.StateChanged("if/" + ifName, before ? "UP" : "DOWN", ifc.isUp() ? "UP" : "DOWN"));
        interfaceChanged(ifc, before);
    }

    public void registerProtocol(int ipProtocol, IpProtocolHandler handler) { protocolHandlers.put(ipProtocol, handler); }

    public void bindUdp(int port, UdpHandler handler) {
        if (udpPorts.putIfAbsent(port, handler) != null) throw new IllegalStateException("UDP port " + port + " already bound on " + name);
    }

    public void unbindUdp(int port) { udpPorts.remove(port); }

    /** Registers an ICMP listener for echo id {@code id}; returns false if the id is taken. */
    public boolean registerIcmp(int id, IcmpListener listener) { return icmpListeners.putIfAbsent(id, listener) == null; }

    public void unregisterIcmp(int id) { icmpListeners.remove(id); }

    /** ICMP errors about UDP datagrams we sent from {@code srcPort} (IP_RECVERR on a UDP socket, as traceroute uses). */
    public boolean registerUdpErrors(int srcPort, UdpErrorListener l) { return udpErrorListeners.putIfAbsent(srcPort, l) == null; }

    public void unregisterUdpErrors(int srcPort) { udpErrorListeners.remove(srcPort); }

    /** Receives ICMP errors quoting a UDP datagram sent from a registered port. */
    @FunctionalInterface
    public interface UdpErrorListener {
        void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, int srcPort, int dstPort);
    }

    public void addLinkListener(LinkListener l) { linkListeners.add(l); }

    /** Runs {@code hook} at boot with the env (services start here). */
    public void onBoot(Consumer<NodeEnv> hook) {
        if (env != null) hook.accept(env);
        else bootHooks.add(hook);
    }

    public NodeEnv env() { return env; }

    public NeighbourTable neighbours() { return neighbours; }

    private NetInterface require(String ifName) {
        NetInterface ifc = byName.get(ifName);
        if (ifc == null) throw new IllegalArgumentException("no interface " + ifName + " on " + name);
        return ifc;
    }

    // ------------------------------------------------------------------ HostedNode

    @Override public void boot(NodeEnv env) {
        this.env = env;
        this.neighbours = new NeighbourTable(env, this, NeighbourTable.Params.linux());
        this.defrag = new IpDefrag(env, new IpDefrag.Events() {
            @Override public void expired(Ipv4Packet head, int bytesQueued) {
                drop("ip", DropReason.LOSS, bytesQueued, "fragment reassembly timeout"
                        + (head != null ? " for id " + head.identification() + " from " + head.src() : " (first fragment missing)"));
                // ip_expire: ICMP 11/1 only when the first fragment is in, quoting it.
                if (head != null) icmpError(head.encode(), head, IcmpMessage.TIME_EXCEEDED, IcmpMessage.FRAG_REASSEMBLY_TIME_EXCEEDED, 0, null);
            }

            @Override public void discarded(int bytes, String detail) { drop("ip", DropReason.MALFORMED, bytes, detail); }
        });
        // Linux seeds IP IDs per destination from a hash; one random start per node keeps runs replayable.
        this.nextIpId = env.random("ip/id").nextInt(0x10000);
        this.multipathHashSeed = env.random("ip/multipath-hash").nextInt();
        for (Consumer<NodeEnv> hook : bootHooks) hook.accept(env);
        bootHooks.clear();
    }

    @Override public void carrier(int port, boolean up) {
        NetInterface ifc = byPort.get(port);
        if (ifc == null) return;
        applyCarrier(ifc, up);
    }

    /**
     * Carrier of a software interface: for a tunnel, whether its peer is connected (an IPsec SA is up).
     * Routes marked {@code hide} through it are valid only while it is up (protocol-facts §5.1).
     */
    public void setCarrier(String ifName, boolean up) {
        NetInterface ifc = require(ifName);
        if (ifc.carrier() != up) applyCarrier(ifc, up);
    }

    private void applyCarrier(NetInterface ifc, boolean up) {
        boolean before = ifc.isUp();
        ifc.setCarrier(up);
        if (env != null) env.trace(new TraceEvent.StateChanged("if/" + ifc.name() + "/carrier", up ? "DOWN" : "UP", up ? "UP" : "DOWN"));
        interfaceChanged(ifc, before);
    }

    private void interfaceChanged(NetInterface ifc, boolean wasUp) {
        if (neighbours != null && !ifc.isUp()) neighbours.flush(ifc);
        if (wasUp != ifc.isUp()) for (LinkListener l : linkListeners) l.linkChanged(ifc, ifc.isUp());
    }

    @Override public void receive(int port, byte[] frame) {
        NetInterface ifc = byPort.get(port);
        if (ifc == null || !ifc.isUp()) {
            drop("l2", DropReason.INTERFACE_DOWN, frame.length, "port " + port);
            return;
        }
        receiveFrame(ifc, frame);
    }

    /** Entry point for frames arriving on an interface (physical port or a tunnel's decapsulated inner frame). */
    public void receiveFrame(NetInterface ifc, byte[] frame) {
        if (ifc.master() != null) {
            // A bridge port hands every frame to its bridge (br_handle_frame); the port's own stack sees none.
            ifc.master().portInput(ifc, frame);
            return;
        }
        EthernetFrame eth;
        try {
            eth = EthernetFrame.decode(frame);
        } catch (MalformedPacketException e) {
            drop("l2", DropReason.MALFORMED, frame.length, e.getMessage());
            return;
        }
        Mac dst = eth.dst();
        if (!dst.equals(ifc.mac()) && !dst.isMulticast() && !acceptsMac(ifc, dst)) {
            drop("l2", DropReason.NOT_FOR_US, frame.length, "dst " + dst);
            return;
        }
        switch (eth.etherType()) {
            case EtherType.ARP -> arpInput(ifc, eth);
            case EtherType.IPV4 -> ipInput(ifc, eth.payload(), eth.src(), dst.isMulticast());
            case EtherType.PPPOE_SESSION -> pppoeInput(ifc, eth);
            default -> drop("l2", DropReason.NOT_FOR_US, frame.length, "ethertype 0x" + Integer.toHexString(eth.etherType()));
        }
    }

    private void pppoeInput(NetInterface ifc, EthernetFrame eth) {
        NetInterface.Ppp ppp = ifc.ppp();
        PppoeSession s;
        try {
            s = PppoeSession.decode(eth.payload(), 0, eth.payload().length);
        } catch (MalformedPacketException e) {
            drop("ppp", DropReason.MALFORMED, eth.payload().length, e.getMessage());
            return;
        }
        if (ppp == null || s.sessionId() != ppp.sessionId() || s.pppProtocol() != PppoeSession.PPP_IPV4) {
            drop("ppp", DropReason.NOT_FOR_US, eth.payload().length, "pppoe session " + s.sessionId());
            return;
        }
        ipInput(ifc, s.payload(), null, false);
    }

    /** Extra unicast MACs the node accepts (VRRP virtual MACs under use_vmac). */
    private boolean acceptsMac(NetInterface ifc, Mac mac) { return addressMacs.containsValue(mac); }

    /** The MAC this node answers ARP with for {@code ip} on {@code ifc}: a vmac if one was given, else the interface's. */
    private Mac arpReplyMac(NetInterface ifc, Ip4 ip) { return addressMacs.getOrDefault(ip, ifc.mac()); }

    /** use_vmac: answer ARP for {@code ip} with {@code mac} and accept frames to it; null removes. */
    public void setAddressMac(Ip4 ip, Mac mac) {
        if (mac == null) addressMacs.remove(ip);
        else addressMacs.put(ip, mac);
    }

    // ------------------------------------------------------------------ ARP

    private void arpInput(NetInterface ifc, EthernetFrame eth) {
        ArpPacket arp;
        try {
            byte[] p = eth.payload();
            arp = ArpPacket.decode(p, 0, p.length);
        } catch (MalformedPacketException e) {
            drop("arp", DropReason.MALFORMED, eth.payload().length, e.getMessage());
            return;
        }
        // arp_ignore=0: answer for any local address, whichever interface holds it.
        boolean forUs = isLocalAddress(arp.targetIp()) && !arp.isGratuitous();
        if (arp.op() == ArpPacket.REQUEST && forUs) {
            neighbours.onArp(ifc, arp, true, false);
            Mac replyMac = arpReplyMac(ifc, arp.targetIp());
            ArpPacket reply = new ArpPacket(ArpPacket.REPLY, replyMac, arp.targetIp(), arp.senderMac(), arp.senderIp());
            sendArpFrame(ifc, reply, arp.senderMac(), replyMac);
            return;
        }
        boolean unicastReply = arp.op() == ArpPacket.REPLY && eth.dst().equals(ifc.mac());
        neighbours.onArp(ifc, arp, false, unicastReply);
    }

    @Override public void sendArp(NetInterface ifc, ArpPacket arp, Mac dst) { sendArpFrame(ifc, arp, dst, ifc.mac()); }

    private void sendArpFrame(NetInterface ifc, ArpPacket arp, Mac dst, Mac src) {
        transmitFrame(ifc, new EthernetFrame(dst, src, EtherType.ARP, arp.encode()).encode());
    }

    /** Sends a gratuitous ARP for {@code ip} (request, broadcast, SPA = TPA = ip) with sender MAC {@code sha}. */
    public void sendGratuitousArp(String ifName, Ip4 ip, Mac sha) {
        NetInterface ifc = require(ifName);
        ArpPacket garp = new ArpPacket(ArpPacket.REQUEST, sha, ip, Mac.BROADCAST, ip);
        transmitFrame(ifc, new EthernetFrame(Mac.BROADCAST, sha, EtherType.ARP, garp.encode()).encode());
    }

    // ------------------------------------------------------------------ IPv4 input / forwarding

    public boolean isLocalAddress(Ip4 ip) {
        for (NetInterface i : interfaces) if (i.adminUp() && i.hasAddress(ip)) return true;
        return false;
    }

    private boolean isLocalBroadcast(Ip4 ip) {
        if (ip.isBroadcast()) return true;
        for (NetInterface i : interfaces) if (i.isSubnetBroadcast(ip)) return true;
        return false;
    }

    /** IPv4 packet received on {@code ifc} (from Ethernet or decapsulated from a tunnel). */
    public void ipInput(NetInterface ifc, byte[] bytes, Mac srcMac, boolean linkMulticast) {
        Ipv4Packet ip;
        try {
            ip = Ipv4Packet.decode(bytes, 0, bytes.length);
        } catch (MalformedPacketException e) {
            drop("ip", DropReason.MALFORMED, bytes.length, e.getMessage());
            return;
        }
        Ip4 dst = ip.dst();
        Masquerade nat = ifc.masquerade();
        if (nat != null && ifc.hasAddress(dst)) {
            Ipv4Packet back = nat.inbound(ip, env.now());
            if (back == null) back = nat.inboundError(ip, env.now());
            if (back != null) {
                forward(ifc, back, back.encode());
                return;
            }
        }
        if (isLocalAddress(dst) || isLocalBroadcast(dst) || dst.isMulticast()) {
            localDeliver(ifc, ip, srcMac);
            return;
        }
        if (linkMulticast) { // L2 broadcast carrying a unicast IP: Linux drops it (PACKET_BROADCAST not forwarded)
            drop("ip", DropReason.NOT_FOR_US, bytes.length, "l2 broadcast to " + dst);
            return;
        }
        forward(ifc, ip, bytes);
    }

    private void forward(NetInterface in, Ipv4Packet ip, byte[] original) {
        if (!forwarding) {
            // ip_error: with forwarding off the packet is dropped silently (protocol-facts §7).
            drop("ip", DropReason.FORWARDING_DISABLED, original.length, ip.src() + " > " + ip.dst());
            return;
        }
        Route r = lookup(ip);
        if (r == null) {
            drop("ip", DropReason.NO_ROUTE, original.length, ip.src() + " > " + ip.dst());
            // Raised at input route lookup, before the TTL is decremented: the quote carries the original TTL.
            if (peers.allowInputError(ip.src(), env.now())) icmpError(original, ip, IcmpMessage.DEST_UNREACHABLE, IcmpMessage.NET_UNREACHABLE, 0, null);
            return;
        }
        if (ip.ttl() <= 1) {
            drop("ip", DropReason.TTL_EXCEEDED, original.length, ip.src() + " > " + ip.dst());
            icmpError(original, ip, IcmpMessage.TIME_EXCEEDED, IcmpMessage.TTL_EXCEEDED_IN_TRANSIT, 0, null);
            return;
        }
        NetInterface out = byName.get(r.device());
        Ip4 nextHop = r.gateway() != null ? r.gateway() : ip.dst();
        if (ip.totalLength() > out.mtu() && ip.dontFragment()) {
            drop("ip", DropReason.MTU_EXCEEDED, original.length, "mtu " + out.mtu());
            icmpError(original, ip, IcmpMessage.DEST_UNREACHABLE, IcmpMessage.FRAG_NEEDED, out.mtu(), null);
            return;
        }
        Ipv4Packet fwd = ip.withTtl(ip.ttl() - 1);
        byte[] fwdBytes = fwd.encode();
        // ICMP redirect when the packet leaves by the interface it came in on and its source is on-link
        // (__mkroute_input + ip_rt_send_redirect); sent after ip_decrease_ttl, so the quote shows TTL-1.
        if (out == in && in.onLink(ip.src()) && (r.gateway() == null || in.onLink(r.gateway()))
                && peers.allowRedirect(ip.src(), env.now())) {
            icmpError(fwdBytes, fwd, IcmpMessage.REDIRECT, IcmpMessage.REDIRECT_HOST, 0, nextHop);
        }
        if (out.masquerade() != null && out.primaryAddress() != null) {
            Ipv4Packet snat = out.masquerade().outbound(fwd, out.primaryAddress(), env.now());
            if (snat != null) {
                fwd = snat;
                fwdBytes = snat.encode();
            }
        }
        output(out, nextHop, fwd, fwdBytes);
    }

    private Route lookup(Ip4 dst) {
        return routes.lookup(dst, this::usable);
    }

    /** Route for a packet: multipath routes choose by the packet's flow (ECMP), so one flow keeps one path. */
    private Route lookup(Ipv4Packet ip) {
        return routes.lookup(ip.dst(), this::usable, FlowHash.of(ip, multipathHashSeed));
    }

    private boolean usable(Route r) {
        NetInterface i = byName.get(r.device());
        // Carrier loss keeps routes (ignore_routes_with_linkdown=0); an interface set down loses them.
        // A `hide` route also needs the carrier: it vanishes while its tunnel is not connected.
        return i != null && i.adminUp() && (!r.hide() || i.carrier());
    }

    /** Sends a routed packet out of {@code out} towards next hop {@code nh}, fragmenting if it must. */
    private void output(NetInterface out, Ip4 nh, Ipv4Packet ip, byte[] bytes) {
        if (bytes.length > out.mtu()) {
            for (Ipv4Packet frag : ip.fragment(out.mtu())) output(out, nh, frag, frag.encode());
            return;
        }
        if (out.packetDevice() != null) { // L3 tunnel: no ARP, no Ethernet
            if (!out.isUp()) drop("l3", DropReason.INTERFACE_DOWN, bytes.length, out.name());
            else out.packetDevice().transmitPacket(bytes, nh);
        } else if (out.ppp() != null) { // point-to-point: no ARP, straight to the PPPoE peer
            PppoeSession s = new PppoeSession(out.ppp().sessionId(), PppoeSession.PPP_IPV4, bytes);
            transmitFrame(out, new EthernetFrame(out.ppp().peerMac(), out.mac(), EtherType.PPPOE_SESSION, s.encode()).encode());
        } else if (nh.isBroadcast() || out.isSubnetBroadcast(nh)) {
            transmitIp(out, Mac.BROADCAST, bytes);
        } else if (nh.isMulticast()) {
            transmitIp(out, multicastMac(nh), bytes);
        } else {
            neighbours.output(out, nh, bytes);
        }
    }

    /** RFC 1112 §6.4 mapping: 01:00:5e + low 23 bits of the group. */
    public static Mac multicastMac(Ip4 group) { return new Mac(0x01005e000000L | (group.bits() & 0x7fffffL)); }

    @Override public void transmitIp(NetInterface ifc, Mac dst, byte[] ipPacket) {
        transmitFrame(ifc, new EthernetFrame(dst, ifc.mac(), EtherType.IPV4, ipPacket).encode());
    }

    /** Puts a frame on an interface's wire (physical port); overridden hooks may add virtual devices. */
    public void transmitFrame(NetInterface ifc, byte[] frame) {
        if (!ifc.isUp()) {
            drop("l2", DropReason.INTERFACE_DOWN, frame.length, ifc.name());
            return;
        }
        if (ifc.device() != null) ifc.device().transmit(frame);
        else env.transmit(ifc.port(), frame);
    }

    /** Adds a software interface (no runtime port) backed by {@code device}; created administratively down, as `ip link add` does. */
    public NetInterface addVirtualInterface(String ifName, Mac mac, int mtu, NetInterface.VirtualDevice device) {
        NetInterface ifc = addInterface(ifName, -1, mac, mtu);
        ifc.setDevice(device);
        ifc.setAdminUp(false);
        return ifc;
    }

    /** Adds an L3 tunnel interface (no runtime port, no ARP) backed by {@code device}; created down, as `ip tunnel add` does. */
    public NetInterface addPacketInterface(String ifName, int mtu, NetInterface.PacketDevice device) {
        NetInterface ifc = addInterface(ifName, -1, Mac.ZERO, mtu);
        ifc.setPacketDevice(device);
        ifc.setAdminUp(false);
        return ifc;
    }

    /** `ip link del`: the interface, its addresses, routes and neighbours go. */
    public void removeInterface(String ifName) {
        NetInterface ifc = require(ifName);
        setAdminUp(ifName, false);
        if (ifc.master() != null) ifc.master().detach(ifc);
        BridgeDevice bridge = BridgeDevice.of(ifc);
        if (bridge != null) bridge.releaseAll();
        for (IfAddr a : List.copyOf(ifc.addresses())) removeAddress(ifName, a);
        routes.removeIf(r -> r.device().equals(ifName));
        byName.remove(ifName);
        interfaces.remove(ifc);
        if (ifc.port() >= 0) byPort.remove(ifc.port());
    }

    /** The VXLAN UDP socket on {@code port}, shared by every VTEP using it and dispatching by VNI. */
    VxlanDevice.Socket vxlanSocket(int port) {
        return vxlanSockets.computeIfAbsent(port, p -> {
            VxlanDevice.Socket sock = new VxlanDevice.Socket();
            bindUdp(p, sock);
            return sock;
        });
    }

    @Override public void resolutionFailed(NetInterface ifc, Ip4 nextHop, byte[] ipPacket) {
        drop("arp", DropReason.ARP_FAILED, ipPacket.length, "neigh " + nextHop + " dev " + ifc.name());
        Ipv4Packet ip;
        try {
            ip = Ipv4Packet.decode(ipPacket, 0, ipPacket.length);
        } catch (MalformedPacketException e) {
            return;
        }
        // ipv4_link_failure -> icmp_send(HOST_UNREACH); for our own packets the error comes back to us.
        icmpError(ipPacket, ip, IcmpMessage.DEST_UNREACHABLE, IcmpMessage.HOST_UNREACHABLE, 0, null);
    }

    // ------------------------------------------------------------------ ICMP

    /**
     * icmp_send: never about ICMP errors, non-first fragments, or broadcast/multicast destinations; the
     * source is our address on the interface that leads back to the sender; TOS gets precedence 0xC0.
     */
    private void icmpError(byte[] offending, Ipv4Packet ip, int type, int code, int mtuOrZero, Ip4 gateway) {
        if (ip.fragmentOffset() != 0 || ip.dst().isMulticast() || isLocalBroadcast(ip.dst()) || ip.src().isAny() || ip.src().isMulticast()) return;
        if (ip.protocol() == IpProto.ICMP && ip.payload().length > 0) {
            int t = ip.payload()[0] & 0xff;
            if (t != IcmpMessage.ECHO_REQUEST && t != IcmpMessage.ECHO_REPLY) return;
        }
        long now = env.now();
        boolean rateLimited = type == IcmpMessage.DEST_UNREACHABLE && code != IcmpMessage.FRAG_NEEDED
                || type == IcmpMessage.TIME_EXCEEDED;
        if (rateLimited && !peers.allowIcmp(ip.src(), now)) {
            drop("icmp", DropReason.FILTERED, offending.length, "icmp ratelimit to " + ip.src());
            return;
        }
        Route back = lookup(ip.src());
        Ip4 src;
        if (isLocalAddress(ip.src())) src = ip.src();
        else if (back != null) src = back.source() != null ? back.source() : sourceVia(byName.get(back.device()), ip.src());
        else return;
        int room = ICMP_ERROR_MAX - Ipv4Packet.HEADER_LENGTH - 8;
        byte[] quoted = offending.length > room ? java.util.Arrays.copyOf(offending, room) : offending;
        IcmpMessage msg = switch (type) {
            case IcmpMessage.REDIRECT -> IcmpMessage.redirect(code, gateway, quoted);
            case IcmpMessage.TIME_EXCEEDED -> IcmpMessage.timeExceeded(code, quoted);
            default -> code == IcmpMessage.FRAG_NEEDED ? IcmpMessage.fragNeeded(mtuOrZero, quoted) : IcmpMessage.destUnreachable(code, quoted);
        };
        int tos = (ip.tos() & 0x1e) | TOS_INTERNETCONTROL;
        sendIp(new Ipv4Packet(tos, nextId(), false, false, 0, DEFAULT_TTL, IpProto.ICMP, src, ip.src(), msg.encode()), null);
    }

    private void icmpInput(NetInterface ifc, Ipv4Packet ip) {
        IcmpMessage m;
        try {
            m = IcmpMessage.decode(ip.payload(), 0, ip.payload().length);
        } catch (MalformedPacketException e) {
            drop("icmp", DropReason.MALFORMED, ip.payload().length, e.getMessage());
            return;
        }
        switch (m.type()) {
            case IcmpMessage.ECHO_REQUEST -> {
                if (ip.dst().isMulticast() || isLocalBroadcast(ip.dst())) return; // icmp_echo_ignore_broadcasts=1
                IcmpMessage reply = IcmpMessage.echoReply(m.echoId(), m.echoSeq(), m.data());
                sendIp(new Ipv4Packet(ip.tos(), nextId(), false, false, 0, DEFAULT_TTL, IpProto.ICMP, ip.dst(), ip.src(), reply.encode()), null);
            }
            case IcmpMessage.ECHO_REPLY -> {
                IcmpListener l = icmpListeners.get(m.echoId());
                if (l != null) l.onEchoReply(ip, m);
            }
            case IcmpMessage.DEST_UNREACHABLE, IcmpMessage.TIME_EXCEEDED, IcmpMessage.REDIRECT -> icmpErrorInput(ip, m);
            default -> { }
        }
    }

    private void icmpErrorInput(Ipv4Packet ip, IcmpMessage m) {
        Ipv4Packet quoted;
        try {
            quoted = Ipv4Packet.decodeQuoted(m.data());
        } catch (MalformedPacketException e) {
            return;
        }
        if (m.type() == IcmpMessage.REDIRECT && acceptRedirects && !forwarding) acceptRedirect(ip, m, quoted);
        if (quoted.payload().length < 8) return;
        byte[] q = quoted.payload();
        if (m.type() == IcmpMessage.DEST_UNREACHABLE && m.code() == IcmpMessage.FRAG_NEEDED && isLocalAddress(quoted.src()) && hasSender(quoted))
            updatePmtu(quoted, m.nextHopMtu());
        if (quoted.protocol() == IpProto.UDP) {
            int sport = (q[0] & 0xff) << 8 | (q[1] & 0xff);
            int dport = (q[2] & 0xff) << 8 | (q[3] & 0xff);
            UdpErrorListener ul = udpErrorListeners.get(sport);
            if (ul != null) ul.onError(ip, m, quoted, sport, dport);
            return;
        }
        if (quoted.protocol() != IpProto.ICMP) return;
        int qType = q[0] & 0xff;
        if (qType != IcmpMessage.ECHO_REQUEST) return;
        int id = (q[4] & 0xff) << 8 | (q[5] & 0xff);
        int seq = (q[6] & 0xff) << 8 | (q[7] & 0xff);
        IcmpListener l = icmpListeners.get(id);
        if (l != null) l.onError(ip, m, quoted, IcmpMessage.echoRequest(id, seq, new byte[0]));
    }

    /**
     * Whether the ICMP error about {@code quoted} (a datagram from one of our addresses) reaches something that
     * updates the path MTU (icmp_socket_deliver → the protocol's err_handler): an echo request only while its
     * ping socket is open (ping_err / raw_err → ipv4_sk_update_pmtu; no socket, no update), any other ICMP
     * (icmp_err → ipv4_update_pmtu), UDP from a bound port (__udp4_lib_err), and a protocol this node
     * handles, as a tunnel does (ipgre_err → ipv4_update_pmtu).
     */
    private boolean hasSender(Ipv4Packet quoted) {
        byte[] q = quoted.payload();
        return switch (quoted.protocol()) {
            case IpProto.ICMP -> (q[0] & 0xff) != IcmpMessage.ECHO_REQUEST || icmpListeners.containsKey((q[4] & 0xff) << 8 | (q[5] & 0xff));
            case IpProto.UDP -> {
                int sport = (q[0] & 0xff) << 8 | (q[1] & 0xff);
                yield udpPorts.containsKey(sport) || udpErrorListeners.containsKey(sport);
            }
            default -> protocolHandlers.containsKey(quoted.protocol());
        };
    }

    /**
     * route.c __ip_rt_update_pmtu for the route our datagram {@code quoted} took: a locked path MTU stays as
     * it is; a reported MTU above the current path MTU is ignored; one below {@link #MIN_PMTU} becomes
     * min(current, 552) and locks; the result holds {@link #PMTU_EXPIRES_NS} from now (update_or_create_fnhe),
     * an unchanged value being refreshed only once less than half of that is left.
     */
    private void updatePmtu(Ipv4Packet quoted, int reported) {
        Route r = lookup(quoted);
        if (r == null) return;
        NetInterface out = byName.get(r.device());
        PmtuKey key = new PmtuKey(quoted.dst(), r.device(), r.gateway());
        PathMtu current = pathMtu(key);
        if (current != null && current.locked()) return;
        int old = current != null ? Math.min(current.mtu(), out.mtu()) : out.mtu();
        if (old < reported) return;
        int mtu = reported;
        boolean lock = false;
        if (mtu < MIN_PMTU) {
            lock = true;
            mtu = Math.min(old, MIN_PMTU);
        }
        long now = env.now();
        if (current != null && current.mtu() == mtu && !lock && now < current.expiresNs() - PMTU_EXPIRES_NS / 2) return;
        // Expired entries of destinations never looked up again would stay for the run (Linux reclaims them with
        // the next hop); dropping them here, where the cache grows, changes no lookup.
        pathMtus.values().removeIf(p -> now >= p.expiresNs());
        pathMtus.put(key, new PathMtu(mtu, lock, now + PMTU_EXPIRES_NS));
        env.trace(new TraceEvent.Log("kernel", "route cache " + quoted.dst() + (r.gateway() != null ? " via " + r.gateway() : "")
                + " dev " + r.device() + " expires " + PMTU_EXPIRES_NS / Time.S + "sec mtu " + (lock ? "lock " : "") + mtu));
    }

    /** The learned path MTU for {@code key} while it holds (ipv4_mtu: expired at {@code expires} exactly), else null. */
    private PathMtu pathMtu(PmtuKey key) {
        PathMtu p = pathMtus.get(key);
        if (p != null && env.now() >= p.expiresNs()) {
            pathMtus.remove(key); // find_exception drops an expired exception when it meets it
            return null;
        }
        return p;
    }

    /**
     * The path MTU learned for datagrams to {@code dst} by the route this node would now use (the bound
     * device's, as with SO_BINDTODEVICE), or null if none holds: what `ip route get` shows as
     * "cache expires …sec mtu …".
     */
    public PathMtu learnedPathMtu(Ip4 dst, String boundDevice) {
        Route r = boundDevice != null ? routes.lookup(dst, x -> x.device().equals(boundDevice) && usable(x)) : lookup(dst);
        String dev = boundDevice != null ? boundDevice : r == null ? null : r.device();
        return dev == null ? null : pathMtu(new PmtuKey(dst, dev, r == null ? null : r.gateway()));
    }

    /** ip_do_redirect: only from the current gateway for that destination, and to an on-link new gateway. */
    private void acceptRedirect(Ipv4Packet ip, IcmpMessage m, Ipv4Packet quoted) {
        Ip4 target = quoted.dst();
        Route r = lookup(target);
        if (r == null || r.gateway() == null) return;
        Ip4 current = redirected.getOrDefault(target, r.gateway());
        Ip4 newGw = m.gateway();
        NetInterface out = byName.get(r.device());
        if (!ip.src().equals(current) || !out.onLink(newGw) || newGw.equals(current)) return;
        redirected.put(target, newGw);
        env.trace(new TraceEvent.Log("kernel", "redirect " + target + " via " + newGw + " (was " + current + ")"));
    }

    // ------------------------------------------------------------------ local delivery and output

    /** ip_local_deliver: fragments are reassembled (ip_defrag) before any protocol sees the datagram. */
    private void localDeliver(NetInterface ifc, Ipv4Packet ip, Mac srcMac) {
        if (IpDefrag.isFragment(ip)) {
            ip = defrag.add(ip);
            if (ip == null) return;
        }
        switch (ip.protocol()) {
            case IpProto.ICMP -> icmpInput(ifc, ip);
            case IpProto.UDP -> udpInput(ifc, ip);
            default -> {
                IpProtocolHandler h = protocolHandlers.get(ip.protocol());
                if (h != null) h.receive(ifc, ip, srcMac);
                else drop("ip", DropReason.NO_LISTENER, ip.totalLength(), "protocol " + ip.protocol());
            }
        }
    }

    private void udpInput(NetInterface ifc, Ipv4Packet ip) {
        UdpDatagram d;
        try {
            d = UdpDatagram.decode(ip.payload(), 0, ip.payload().length, ip.src(), ip.dst());
        } catch (MalformedPacketException e) {
            drop("udp", DropReason.BAD_CHECKSUM, ip.payload().length, e.getMessage());
            return;
        }
        UdpHandler h = udpPorts.get(d.dstPort());
        if (h != null) {
            h.receive(ifc, ip, d);
        } else {
            drop("udp", DropReason.NO_LISTENER, ip.totalLength(), "port " + d.dstPort());
            if (!ip.dst().isMulticast() && !isLocalBroadcast(ip.dst()))
                icmpError(ip.encode(), ip, IcmpMessage.DEST_UNREACHABLE, IcmpMessage.PORT_UNREACHABLE, 0, null);
        }
    }

    /** A fresh IP identification value (Linux: per-destination counters; one counter per node here). */
    public int nextId() {
        int id = nextIpId;
        nextIpId = (nextIpId + 1) & 0xffff;
        return id;
    }

    /** Result of a local send, as the socket call would report it. */
    public enum SendResult {
        SENT, NETWORK_UNREACHABLE, INTERFACE_DOWN,
        /** EMSGSIZE: DF set and bigger than the path MTU, which ip_fragment refuses to split. */
        MESSAGE_TOO_LONG
    }

    /**
     * Locally generated packet whose header is sent as built (DF included), as a tunnel's or the kernel's own
     * ICMP output does; see {@link #sendIp(Ipv4Packet, String, PmtuDisc)}.
     */
    public SendResult sendIp(Ipv4Packet ip, String boundDevice) {
        return sendIp(ip, boundDevice, null);
    }

    /**
     * Locally generated packet: route lookup (or the bound device, as `ping -I dev`), source filled in if
     * it is {@link Ip4#ANY}, then neighbour output. Packets to ourselves loop back on the next instant.
     *
     * <p>Local output uses the path MTU: a learned one while it holds, else the device's (ip_append_data's
     * {@code dst_mtu}); a larger datagram is fragmented here. With {@code policy} non-null DF is that
     * socket's choice ({@link PmtuDisc}); with null the header's DF is kept. Forwarded packets never come
     * here: ip_forward goes by the device MTU alone (net.ipv4.ip_forward_use_pmtu = 0).
     */
    public SendResult sendIp(Ipv4Packet ip, String boundDevice, PmtuDisc policy) {
        if (isLocalAddress(ip.dst())) {
            Ipv4Packet p = ip.src().isAny() ? withSource(ip, ip.dst()) : ip;
            byte[] bytes = p.encode();
            env.after(0, "loopback", () -> ipInput(interfaces.get(0), bytes, null, false));
            return SendResult.SENT;
        }
        NetInterface out;
        Ip4 nh;
        Route r;
        if (boundDevice != null) {
            out = byName.get(boundDevice);
            if (out == null || !out.adminUp()) return SendResult.INTERFACE_DOWN;
            // With SO_BINDTODEVICE and no route through that device, ip_route_output assumes the
            // destination is on-link there ("Apparently, routing tables are wrong"): `ping -I ppp0` works
            // whatever the default route says.
            r = routes.lookup(ip.dst(), x -> x.device().equals(boundDevice) && usable(x));
            nh = r == null || r.gateway() == null ? ip.dst() : r.gateway();
        } else if (ip.dst().isMulticast() || ip.dst().isBroadcast()) {
            throw new IllegalArgumentException("multicast/broadcast needs an output interface");
        } else {
            r = lookup(ip);
            if (r == null) return SendResult.NETWORK_UNREACHABLE;
            out = byName.get(r.device());
            nh = r.gateway() == null ? ip.dst() : redirected.getOrDefault(ip.dst(), r.gateway());
        }
        PathMtu learned = pathMtu(new PmtuKey(ip.dst(), out.name(), r == null ? null : r.gateway()));
        int mtu = learned != null ? Math.min(learned.mtu(), out.mtu()) : out.mtu();
        Ipv4Packet p = ip.src().isAny() ? withSource(ip, sourceVia(out, ip.dst())) : ip;
        if (policy != null) {
            boolean df = policy == PmtuDisc.WANT && p.totalLength() <= mtu && (learned == null || !learned.locked());
            if (df != p.dontFragment()) p = withDontFragment(p, df);
        }
        if (p.totalLength() > mtu) {
            if (p.dontFragment()) {
                // ip_fragment: a DF datagram is never split; the sender gets EMSGSIZE and nothing leaves.
                drop("ip", DropReason.MTU_EXCEEDED, p.totalLength(), "DF set, " + p.totalLength() + " bytes over path MTU " + mtu + " to " + p.dst());
                return SendResult.MESSAGE_TOO_LONG;
            }
            for (Ipv4Packet frag : p.fragment(mtu)) output(out, nh, frag, frag.encode());
        } else {
            output(out, nh, p, p.encode());
        }
        return SendResult.SENT;
    }

    /** Sends {@code ip} on {@code ifName} as a link-layer multicast/broadcast without routing (VRRP, heartbeat). */
    public void sendLinkLocal(String ifName, Ipv4Packet ip, Mac srcMac) {
        NetInterface ifc = require(ifName);
        if (ifc.packetDevice() != null) { // multicast on a point-to-point tunnel goes to its remote end (seed 001)
            output(ifc, ip.dst(), ip, ip.encode());
            return;
        }
        Mac dst = ip.dst().isMulticast() ? multicastMac(ip.dst()) : Mac.BROADCAST;
        transmitFrame(ifc, new EthernetFrame(dst, srcMac, EtherType.IPV4, ip.encode()).encode());
    }

    /**
     * Source address for a packet leaving by {@code out}: the interface's own, or, for an interface without
     * addresses (a route-based tunnel), the first address of another up interface, as Linux's
     * inet_select_addr falls back to the other devices.
     */
    private Ip4 sourceVia(NetInterface out, Ip4 dst) {
        Ip4 own = out.sourceFor(dst);
        if (own != null) return own;
        for (NetInterface i : interfaces) if (i.isUp() && i.primaryAddress() != null) return i.primaryAddress();
        return Ip4.ANY;
    }

    private static Ipv4Packet withSource(Ipv4Packet p, Ip4 src) {
        return new Ipv4Packet(p.tos(), p.identification(), p.dontFragment(), p.moreFragments(), p.fragmentOffset(), p.ttl(), p.protocol(), src, p.dst(), p.payload());
    }

    private static Ipv4Packet withDontFragment(Ipv4Packet p, boolean df) {
        return new Ipv4Packet(p.tos(), p.identification(), df, p.moreFragments(), p.fragmentOffset(), p.ttl(), p.protocol(), p.src(), p.dst(), p.payload());
    }

    /** The source address a packet to {@code dst} would get, or null if there is no route. */
    public Ip4 sourceAddressFor(Ip4 dst, String boundDevice) {
        if (boundDevice != null) {
            NetInterface i = byName.get(boundDevice);
            return i == null ? null : i.sourceFor(dst);
        }
        Route r = lookup(dst);
        if (r == null) return null;
        return r.source() != null ? r.source() : sourceVia(byName.get(r.device()), dst);
    }

    private void drop(String layer, DropReason reason, int length, String detail) {
        if (env != null) env.trace(new TraceEvent.Dropped(name + ":" + layer, reason, length, detail));
    }

    /** `ip route show` text. */
    public List<String> showRoutes() {
        List<String> out = new ArrayList<>();
        for (Route r : routes.routes()) out.add(r.toString());
        return out;
    }

    /**
     * The path MTU towards {@code dst} for a locally generated packet (the bound device's route, as with
     * SO_BINDTODEVICE, else the route's): the learned one while it holds, else the MTU of the interface it
     * would leave by; -1 without a route. This is what a tunnel sees as dst_mtu of its underlay route.
     */
    public int mtuTowards(Ip4 dst, String boundDevice) {
        NetInterface out;
        if (boundDevice != null) {
            out = byName.get(boundDevice);
        } else {
            Route r = lookup(dst);
            out = r == null ? null : byName.get(r.device());
        }
        if (out == null) return -1;
        PathMtu learned = learnedPathMtu(dst, boundDevice);
        return learned != null ? Math.min(learned.mtu(), out.mtu()) : out.mtu();
    }

    /**
     * icmp_ndo_send(ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, mtu) for a packet a tunnel device refuses
     * (ip_tunnel's tnl_update_pmtu): the error goes to the packet's source with the usual icmp_send rules.
     */
    public void sendFragNeeded(byte[] ipPacket, int mtu) {
        Ipv4Packet ip;
        try {
            ip = Ipv4Packet.decode(ipPacket, 0, ipPacket.length);
        } catch (MalformedPacketException e) {
            return;
        }
        icmpError(ipPacket, ip, IcmpMessage.DEST_UNREACHABLE, IcmpMessage.FRAG_NEEDED, mtu, null);
    }

    /** Exposed for services on this node that need a route decision (e.g. unicast VRRP). */
    public Prefix4 routeFor(Ip4 dst) {
        Route r = lookup(dst);
        return r == null ? null : r.prefix();
    }
}
