package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * One network interface of a node, as `ip link` / `ip addr` see it. Physical interfaces are bound to a
 * port of the runtime; virtual ones (tunnels, added later) carry their own transmit function.
 *
 * <p>Two separate "up" notions matter for failover fidelity: {@code adminUp} (`ip link set up/down`, or the
 * device vanishing as ppp0 does on `poff`) removes the interface's routes, while {@code carrier} (the cable)
 * leaves routes in place on Linux (ignore_routes_with_linkdown=0) so packets are sent into a dead link.
 */
public final class NetInterface {
    private final String name;
    private final int index;
    private final int port;
    private final Mac mac;
    private int mtu;
    private boolean adminUp = true;
    private boolean carrier = true;
    private final List<IfAddr> addresses = new ArrayList<>();
    private Ppp ppp;
    private VirtualDevice device;

    /** An L2 software device (vxlan, gretap): frames written to the interface go to it instead of a wire. */
    public interface VirtualDevice {
        void transmit(byte[] frame);
    }

    /**
     * An L3 software device (GRE, an IPsec tunnel): routed packets go to it without ARP or an Ethernet header;
     * {@code nextHop} is the route's gateway or the destination. Decapsulated packets come back through
     * {@link NodeStack#ipInput}.
     */
    public interface PacketDevice {
        void transmitPacket(byte[] ipPacket, org.nettwin.protocols.value.Ip4 nextHop);
    }

    private PacketDevice packetDevice;

    /** The L3 device behind a tunnel interface, or null. */
    public PacketDevice packetDevice() { return packetDevice; }
    void setPacketDevice(PacketDevice d) { this.packetDevice = d; }
    private Masquerade masquerade;

    /**
     * A PPPoE client/server interface (ppp0): no ARP, frames go to the peer's MAC in PPPoE session framing.
     * {@code provider} is the pppd peer name `pon`/`poff` use; {@code defaultRoute} is pppd's `defaultroute`;
     * {@code connectNs} how long discovery + LCP + IPCP take after `pon` (a modelled parameter).
     */
    public record Ppp(int sessionId, Mac peerMac, String provider, boolean defaultRoute, long connectNs, List<IfAddr> configured) {
        public Ppp {
            configured = List.copyOf(configured);
        }
    }

    NetInterface(String name, int index, int port, Mac mac, int mtu) {
        this.name = name;
        this.index = index;
        this.port = port;
        this.mac = mac;
        this.mtu = mtu;
    }

    public String name() { return name; }
    /** ifindex - 1: unique on the node, never reused after `ip link del`. */
    public int index() { return index; }
    /** Runtime port the interface transmits on, or -1 for a virtual interface. */
    public int port() { return port; }
    public Mac mac() { return mac; }
    public int mtu() { return mtu; }
    void setMtu(int mtu) { this.mtu = mtu; }
    public boolean adminUp() { return adminUp; }
    void setAdminUp(boolean up) { this.adminUp = up; }
    public boolean carrier() { return carrier; }
    void setCarrier(boolean up) { this.carrier = up; }
    /** Usable for sending and receiving: administratively up and with carrier. */
    public boolean isUp() { return adminUp && carrier; }

    /** Addresses in the order added; the first one of a subnet is the primary (Linux "src" of the connected route). */
    public List<IfAddr> addresses() { return Collections.unmodifiableList(addresses); }

    void addAddress(IfAddr a) {
        if (!addresses.contains(a)) addresses.add(a);
    }

    boolean removeAddress(IfAddr a) { return addresses.remove(a); }

    /** Primary address: the first address configured (Linux uses the first of the subnet as the source). */
    public Ip4 primaryAddress() { return addresses.isEmpty() ? null : addresses.get(0).address(); }

    public boolean hasAddress(Ip4 ip) {
        for (IfAddr a : addresses) if (a.address().equals(ip)) return true;
        return false;
    }

    /** The address to use as source towards {@code dst}: one whose subnet holds dst, else the primary. */
    public Ip4 sourceFor(Ip4 dst) {
        for (IfAddr a : addresses) if (a.prefixLength() < 32 && a.subnet().contains(dst)) return a.address();
        return primaryAddress();
    }

    /** True if {@code ip} is a directed broadcast of one of this interface's subnets. */
    public boolean isSubnetBroadcast(Ip4 ip) {
        for (IfAddr a : addresses) if (a.prefixLength() < 31 && a.subnet().broadcast().equals(ip)) return true;
        return false;
    }

    /** True if {@code ip} is on-link: inside one of this interface's subnets. */
    public boolean onLink(Ip4 ip) {
        for (IfAddr a : addresses) if (a.subnet().contains(ip)) return true;
        return false;
    }

    /** The software device behind a virtual interface, or null for one on a wire. */
    public VirtualDevice device() { return device; }
    void setDevice(VirtualDevice d) { this.device = d; }

    private BridgeDevice master;

    /** The bridge this interface is enslaved to (`ip link set X master br0`), or null. */
    public BridgeDevice master() { return master; }
    void setMaster(BridgeDevice b) { this.master = b; }

    /** PPPoE settings, or null for an Ethernet interface. */
    public Ppp ppp() { return ppp; }
    void setPpp(Ppp ppp) { this.ppp = ppp; }

    /** The interface's NAT state when masquerading, else null. */
    Masquerade masquerade() { return masquerade; }
    void setMasquerade(boolean on) { this.masquerade = on ? new Masquerade() : null; }
    public boolean masquerading() { return masquerade != null; }

    @Override public String toString() { return name; }
}
