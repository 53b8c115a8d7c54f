package org.nettwin.protocols.gre;

import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * A Linux point-to-point IP-in-GRE tunnel (net/ipv4/ip_gre.c, `ip tunnel add NAME mode gre remote R local L`):
 * every packet routed into the interface, unicast or multicast, is wrapped in GRE (protocol type 0x0800)
 * and sent in IP protocol 47 from {@code local} to {@code remote} (protocol-facts §3.2: that is how seed 001
 * carries Heartbeat's multicast across a VPC that has none). Received GRE is matched to a tunnel by
 * (remote, local, key), as ip_tunnel_lookup does, and the inner packet re-enters the stack on the tunnel
 * interface.
 *
 * <p>Outer header: TTL {@code ttl} (0 means inherit the inner TTL, iproute2's default; Vyatta passes 255),
 * TOS 0, and <b>DF set</b>: iproute2 creates every tunnel with path MTU discovery on (`pmtudisc`, its
 * default: parse_args starts from {@code frag_off = htons(IP_DF)}; `nopmtudisc` is only allowed with ttl
 * inherit and is not modelled), and ip_tunnel_xmit puts that DF on the outer header, ORed with the inner DF.
 * The device MTU is the lower MTU minus the outer IPv4 and GRE headers: 1500 - 24 = 1476, 1472 with a key.
 *
 * <p>MTU, as Linux enforces it: a routed packet larger than the device MTU never reaches the tunnel (the
 * forwarding path answers DF packets with ICMP 3/4 carrying 1476 and fragments the others to 1476 before
 * encapsulation, see {@link NodeStack}). The tunnel itself re-checks against the underlay route's MTU as it
 * is now (tnl_update_pmtu, {@code dst_mtu} of the route to {@code remote}: a path MTU learned from ICMP 3/4
 * about our own outer packets while it holds, else the device's), which only matters once that is below
 * what the device MTU was derived from (`ip link set eth0 mtu 1400` later, or a narrower hop beyond the
 * peer's link): a DF inner packet over {@code lower - 24} gets ICMP 3/4 with that value, and any other outer
 * packet that would outgrow the lower MTU is dropped, because its DF forbids ip_fragment to split it (Linux
 * also sends itself a frag-needed there, which teaches it nothing new). An outer packet as produced
 * therefore never exceeds the path MTU.
 */
public final class GreDevice implements NetInterface.PacketDevice {
    /** ip_tunnel_bind_dev without a known lower device falls back to ETH_DATA_LEN. */
    static final int DEFAULT_LOWER_MTU = 1500;
    /** iproute2's `pmtudisc` default (tnl_params->frag_off = IP_DF), which the seeds' `ttl 255` tunnels keep. */
    static final boolean PMTUDISC = true;

    /**
     * How the tunnel was created.
     *
     * @param local outer source, or null for "any" (the route's source is used and any destination matches)
     * @param ttl outer TTL, 1..255, or 0 to inherit the inner packet's TTL
     * @param key the GRE key (`key K`, both directions), or null
     */
    public record Config(Ip4 local, Ip4 remote, int ttl, Long key) {
        public Config {
            if (remote == null || remote.isAny()) throw new IllegalArgumentException("a point-to-point GRE tunnel needs a remote address");
            if (ttl < 0 || ttl > 255) throw new IllegalArgumentException("ttl " + ttl + " is not 0..255");
        }

        /** Outer IPv4 header plus GRE header: what the tunnel costs each packet. */
        public int overhead() {
            return Ipv4Packet.HEADER_LENGTH + GreHeader.headerLength(false, key != null, false);
        }
    }

    private final NodeStack stack;
    private final Config cfg;
    private NetInterface ifc;
    private boolean multicast;
    /** Set while an outer packet is being routed: a route to {@code remote} through the tunnel itself would recurse. */
    private boolean transmitting;

    private GreDevice(NodeStack stack, Config cfg) {
        this.stack = stack;
        this.cfg = cfg;
    }

    /**
     * Creates the device and its interface, administratively down as `ip tunnel add` leaves it, and makes
     * the node accept IP protocol 47.
     */
    public static GreDevice create(NodeStack stack, String name, Config cfg) {
        GreDevice dev = new GreDevice(stack, cfg);
        dev.ifc = stack.addPacketInterface(name, lowerMtu(stack, cfg.local()) - cfg.overhead(), dev);
        // One handler per node serves every tunnel: registering it again replaces it with an equal one.
        stack.registerProtocol(IpProto.GRE, (in, outer, srcMac) -> demultiplex(stack, outer));
        return dev;
    }

    /** The MTU of the interface holding {@code local}, as ip_tunnel_bind_dev finds it through the route. */
    private static int lowerMtu(NodeStack stack, Ip4 local) {
        if (local != null) for (NetInterface i : stack.interfaces()) if (i.hasAddress(local)) return i.mtu();
        return DEFAULT_LOWER_MTU;
    }

    public Config config() { return cfg; }

    public NetInterface iface() { return ifc; }

    /**
     * IFF_MULTICAST on the tunnel (`ip link set NAME multicast on`). A GRE device is created without it,
     * and a program cannot join a multicast group on it until it is set (Vyatta: `multicast enable`).
     */
    public boolean multicast() { return multicast; }

    public void setMulticast(boolean on) { this.multicast = on; }

    /** The GRE tunnel behind {@code ifc}, or null if it is none. */
    public static GreDevice of(NetInterface ifc) {
        return ifc != null && ifc.packetDevice() instanceof GreDevice g ? g : null;
    }

    @Override public void transmitPacket(byte[] ipPacket, Ip4 nextHop) {
        if (transmitting) {
            drop(DropReason.NO_ROUTE, ipPacket.length, "recursion detected: the route to " + cfg.remote() + " leads into " + ifc.name());
            return;
        }
        int ttl = cfg.ttl() != 0 ? cfg.ttl() : ipPacket[8] & 0xff;
        boolean innerDf = (ipPacket[6] & 0x40) != 0;
        // ip_tunnel_xmit: df = tnl_params->frag_off (IP_DF under pmtudisc) | the inner packet's DF.
        boolean df = PMTUDISC || innerDf;
        int lower = stack.mtuTowards(cfg.remote(), null);
        if (lower > 0) {
            // tnl_update_pmtu: with DF the usable MTU is the underlay route's minus our headers.
            int mtu = lower - cfg.overhead();
            if (innerDf && ipPacket.length > mtu) {
                drop(DropReason.MTU_EXCEEDED, ipPacket.length, "inner packet of " + ipPacket.length + " bytes with DF over " + mtu + " (lower mtu " + lower + ")");
                stack.sendFragNeeded(ipPacket, mtu);
                return;
            }
            if (df && ipPacket.length + cfg.overhead() > lower) {
                drop(DropReason.MTU_EXCEEDED, ipPacket.length, "outer packet of " + (ipPacket.length + cfg.overhead()) + " bytes with DF (pmtudisc) over lower mtu " + lower);
                return;
            }
        }
        byte[] gre = GreHeader.ipv4(cfg.key(), ipPacket).encode();
        Ipv4Packet outer = new Ipv4Packet(0, stack.nextId(), df, false, 0, ttl, IpProto.GRE,
                cfg.local() != null ? cfg.local() : Ip4.ANY, cfg.remote(), gre);
        transmitting = true;
        try {
            NodeStack.SendResult r = stack.sendIp(outer, null);
            if (r != NodeStack.SendResult.SENT) drop(DropReason.NO_ROUTE, ipPacket.length, "underlay: " + r + " to " + cfg.remote());
        } finally {
            transmitting = false;
        }
    }

    private boolean accepts(Ipv4Packet outer, Long key) {
        return cfg.remote().equals(outer.src()) && (cfg.local() == null || cfg.local().equals(outer.dst()))
                && java.util.Objects.equals(cfg.key(), key);
    }

    private void decapsulate(GreHeader gre) {
        if (!ifc.isUp()) {
            drop(DropReason.INTERFACE_DOWN, gre.payload().length, "gre packet for " + ifc.name() + " while it is down");
        } else if (gre.protocolType() != GreHeader.PROTO_IPV4) {
            drop(DropReason.MALFORMED, gre.payload().length, "protocol type 0x" + Integer.toHexString(gre.protocolType()) + " on an IP-in-GRE tunnel");
        } else {
            stack.ipInput(ifc, gre.payload(), null, false);
        }
    }

    /** ipgre_rcv: decode, find the tunnel by (remote, local, key), hand the inner packet over. */
    private static void demultiplex(NodeStack stack, Ipv4Packet outer) {
        GreHeader gre;
        try {
            gre = GreHeader.decode(outer.payload(), 0, outer.payload().length);
        } catch (MalformedPacketException e) {
            stack.env().trace(new TraceEvent.Dropped(stack.name() + ":gre", DropReason.MALFORMED, outer.totalLength(), e.getMessage()));
            return;
        }
        for (NetInterface i : stack.interfaces()) {
            GreDevice g = of(i);
            if (g != null && g.accepts(outer, gre.key())) {
                g.decapsulate(gre);
                return;
            }
        }
        stack.env().trace(new TraceEvent.Dropped(stack.name() + ":gre", DropReason.NO_LISTENER, outer.totalLength(),
                "no tunnel for " + outer.src() + " > " + outer.dst() + (gre.key() != null ? " key " + gre.key() : "")));
    }

    private void drop(DropReason reason, int length, String detail) {
        stack.env().trace(new TraceEvent.Dropped(stack.name() + ":" + ifc.name(), reason, length, detail));
    }
}
