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
 * TOS 0, DF clear so the underlay may fragment. The device MTU is the lower MTU minus the outer IPv4 and
 * GRE headers: 1500 - 24 = 1476, 1472 with a key.
 */
public final class GreDevice implements NetInterface.PacketDevice {
    /** ip_tunnel_bind_dev without a known lower device falls back to ETH_DATA_LEN. */
    static final int DEFAULT_LOWER_MTU = 1500;

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
        byte[] gre = GreHeader.ipv4(cfg.key(), ipPacket).encode();
        Ipv4Packet outer = new Ipv4Packet(0, stack.nextId(), false, false, 0, ttl, IpProto.GRE,
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
