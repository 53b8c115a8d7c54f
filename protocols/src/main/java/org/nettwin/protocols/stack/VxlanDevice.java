package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * A Linux VXLAN device (drivers/net/vxlan, RFC 7348): frames written to it are looked up in its FDB and sent
 * in UDP to the remote VTEP; broadcast, multicast and unknown unicast go to every all-zero-MAC entry
 * (`bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst X`: head-end replication); received frames teach the
 * FDB their source (learning, ageing 300 s) unless `nolearning`. The UDP source port is a hash of the inner
 * flow in the local port range, the UDP checksum is 0 (IPv4 default), outer TTL 64, DF clear. The device MTU
 * is the lower device's minus VXLAN_HEADROOM (50): 1450 over 1500, so a full-size inner packet makes a
 * 1500-byte outer one.
 */
public final class VxlanDevice implements NetInterface.VirtualDevice {
    /** ip_local_port_range, which udp_flow_src_port spreads the hash over. */
    static final int SRC_PORT_MIN = 32768, SRC_PORT_MAX = 60999;
    static final long AGEING_NS = Time.s(300);

    /** How the device was created (`ip link add NAME type vxlan id VNI [local A] [dev D] [dstport P] [nolearning]`). */
    public record Config(int vni, Ip4 local, String lowerDevice, int dstPort, boolean learning, int ttl) {}

    private record Learned(Ip4 remote, long at) {}

    private final NodeStack stack;
    private final Config cfg;
    private NetInterface ifc;
    private final Map<Mac, Ip4> staticFdb = new HashMap<>();
    private final Map<Mac, Learned> learned = new HashMap<>();
    private final Set<Ip4> floodTo = new LinkedHashSet<>();

    private VxlanDevice(NodeStack stack, Config cfg) {
        this.stack = stack;
        this.cfg = cfg;
    }

    /** Creates the device and its interface (down, as `ip link add` leaves it); MTU is the lower device's minus 50. */
    public static VxlanDevice create(NodeStack stack, String name, Mac mac, Config cfg) {
        VxlanDevice dev = new VxlanDevice(stack, cfg);
        NetInterface lower = cfg.lowerDevice() == null ? null : stack.iface(cfg.lowerDevice());
        int mtu = (lower == null ? 1500 : lower.mtu()) - VxlanHeader.OVERHEAD;
        dev.ifc = stack.addVirtualInterface(name, mac, mtu, dev);
        stack.vxlanSocket(cfg.dstPort()).devices.put(cfg.vni(), dev);
        return dev;
    }

    public Config config() { return cfg; }
    public NetInterface iface() { return ifc; }

    /** `bridge fdb append|add MAC dev NAME dst IP`; the all-zero MAC adds a flood destination. */
    public void fdbAdd(Mac mac, Ip4 dst) {
        if (mac.equals(Mac.ZERO)) floodTo.add(dst);
        else staticFdb.put(mac, dst);
    }

    public boolean fdbDel(Mac mac, Ip4 dst) {
        if (mac.equals(Mac.ZERO)) return dst == null ? !floodTo.isEmpty() && clearFlood() : floodTo.remove(dst);
        return staticFdb.remove(mac) != null || learned.remove(mac) != null;
    }

    private boolean clearFlood() {
        floodTo.clear();
        return true;
    }

    /** `bridge fdb show dev NAME` lines. */
    public List<String> fdbShow() {
        List<String> out = new ArrayList<>();
        for (Ip4 d : floodTo) out.add("00:00:00:00:00:00 dev " + ifc.name() + " dst " + d + " self permanent");
        staticFdb.forEach((m, d) -> out.add(m + " dev " + ifc.name() + " dst " + d + " self permanent"));
        long now = stack.env().now();
        learned.forEach((m, l) -> {
            if (now - l.at() <= AGEING_NS) out.add(m + " dev " + ifc.name() + " dst " + l.remote() + " self");
        });
        return out;
    }

    /**
     * vxlan_xmit: no check of the frame against the device MTU here, as in Linux. What the stack routes into
     * the device was already fitted to it (fragmented, or refused with ICMP 3/4 for DF), and what a bridge
     * switches into it passed is_skb_forwardable ({@link BridgeDevice}), which allows 4 bytes more; an outer
     * packet over the lower MTU is fragmented by IP, its DF being clear (the `df` option's default, unset).
     * Kernels from 5.9 answer a bridged DF packet in those 4 bytes with ICMP 3/4 (skb_tunnel_check_pmtu with
     * a reply for bridge ports); the twin follows 5.4, seed 000's Ubuntu 20.04, which encapsulates it.
     */
    @Override public void transmit(byte[] frame) {
        Mac dst = EthernetFrame.peekDst(frame);
        Ip4 remote = dst.isMulticast() ? null : lookup(dst);
        if (remote != null) {
            encapsulate(frame, remote);
        } else if (floodTo.isEmpty()) {
            stack.env().trace(new TraceEvent.Dropped(stack.name() + ":" + ifc.name(), DropReason.NO_ROUTE, frame.length, "no fdb entry for " + dst));
        } else {
            for (Ip4 r : floodTo) encapsulate(frame, r);
        }
    }

    private Ip4 lookup(Mac dst) {
        Ip4 s = staticFdb.get(dst);
        if (s != null) return s;
        Learned l = learned.get(dst);
        if (l == null) return null;
        if (stack.env().now() - l.at() > AGEING_NS) {
            learned.remove(dst);
            return null;
        }
        return l.remote();
    }

    private void encapsulate(byte[] frame, Ip4 remote) {
        byte[] udp = new UdpDatagram(sourcePort(frame), cfg.dstPort(), new VxlanHeader(cfg.vni(), frame).encode()).encodeWithoutChecksum();
        Ip4 src = cfg.local() != null ? cfg.local() : Ip4.ANY;
        Ipv4Packet outer = new Ipv4Packet(0, stack.nextId(), false, false, 0, cfg.ttl(), IpProto.UDP, src, remote, udp);
        NodeStack.SendResult r = stack.sendIp(outer, cfg.lowerDevice());
        if (r != NodeStack.SendResult.SENT) {
            stack.env().trace(new TraceEvent.Dropped(stack.name() + ":" + ifc.name(), DropReason.NO_ROUTE, frame.length, "underlay: " + r + " to " + remote));
        }
    }

    /**
     * udp_flow_src_port: a hash of the inner flow (MACs, EtherType, and for IPv4 the addresses, protocol and
     * L4 ports) scaled into the local port range, so one flow keeps one outer source port.
     */
    static int sourcePort(byte[] frame) {
        int h = 0x811c9dc5;
        int end = EthernetFrame.HEADER_LENGTH;
        if (frame.length >= 34 && EthernetFrame.peekEtherType(frame) == EtherType.IPV4) {
            int ihl = (frame[14] & 0x0f) * 4;
            end = Math.min(frame.length, 14 + ihl + 4);
            for (int i = 0; i < 14; i++) h = (h ^ (frame[i] & 0xff)) * 0x01000193;
            for (int i = 14 + 9; i < 14 + 10; i++) h = (h ^ (frame[i] & 0xff)) * 0x01000193;
            for (int i = 14 + 12; i < end; i++) h = (h ^ (frame[i] & 0xff)) * 0x01000193;
        } else {
            for (int i = 0; i < Math.min(end, frame.length); i++) h = (h ^ (frame[i] & 0xff)) * 0x01000193;
        }
        long unsigned = h & 0xffffffffL;
        return (int) ((unsigned * (SRC_PORT_MAX - SRC_PORT_MIN)) >>> 32) + SRC_PORT_MIN;
    }

    private void receive(Ipv4Packet outer, VxlanHeader v) {
        byte[] inner = v.innerFrame();
        if (!ifc.isUp()) return;
        Mac src = EthernetFrame.peekSrc(inner);
        if (cfg.learning() && !src.isMulticast() && !staticFdb.containsKey(src)) learned.put(src, new Learned(outer.src(), stack.env().now()));
        stack.receiveFrame(ifc, inner);
    }

    /** The UDP socket on one port, shared by every VXLAN device of the node that uses it. */
    static final class Socket implements UdpHandler {
        final Map<Integer, VxlanDevice> devices = new HashMap<>();

        @Override public void receive(NetInterface in, Ipv4Packet ip, UdpDatagram d) {
            VxlanHeader v;
            try {
                v = VxlanHeader.decode(d.payload(), 0, d.payload().length);
            } catch (MalformedPacketException e) {
                return;
            }
            VxlanDevice dev = devices.get(v.vni());
            if (dev != null) dev.receive(ip, v);
        }
    }
}
