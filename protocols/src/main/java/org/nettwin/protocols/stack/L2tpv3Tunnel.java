package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.L2tpv3Header;
import org.nettwin.protocols.codec.L2tpv3Header.Encap;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.value.Ip4;

/**
 * A static ("unmanaged") L2TPv3 tunnel as `ip l2tp add tunnel` creates it (net/l2tp/l2tp_core.c,
 * l2tp_netlink.c): no control connection, only the data channel between {@code local} and {@code remote},
 * carried over IP protocol 115 or over UDP between fixed ports. Its sessions ({@link L2tpv3Session}) are the
 * pseudowires.
 *
 * <p>Outer packets leave with TTL 64, TOS 0 and <b>DF clear</b>: l2tp_xmit_queue sets {@code skb->ignore_df = 1}
 * before ip_queue_xmit, so __ip_queue_xmit does not set DF and an outer packet larger than the path MTU is
 * fragmented (ip_fragment), never refused. Over UDP the checksum is 0: `udp_csum` is off unless asked for.
 */
public final class L2tpv3Tunnel {
    /** The outer TTL of a kernel socket (sysctl ip_default_ttl). */
    static final int OUTER_TTL = 64;

    /**
     * What `ip l2tp add tunnel` was given.
     *
     * @param udpSourcePort the local UDP port (encap udp), 0 over IP
     * @param udpDestPort the peer's UDP port (encap udp), 0 over IP
     */
    public record Config(long tunnelId, long peerTunnelId, Encap encap, Ip4 local, Ip4 remote, int udpSourcePort, int udpDestPort) {
        public Config {
            if (tunnelId <= 0 || tunnelId > 0xffffffffL || peerTunnelId <= 0 || peerTunnelId > 0xffffffffL) {
                throw new IllegalArgumentException("tunnel ids are 1..4294967295");
            }
        }
    }

    private final L2tpv3 node;
    private final Config cfg;
    /** The MTU of the route to {@code remote} when the tunnel was made: l2tp_tunnel_dst_mtu, from the connected socket. */
    private final int pathMtu;
    private final List<L2tpv3Session> sessions = new ArrayList<>();
    /** Set while an outer packet is being routed: a route to {@code remote} leading back into the pseudowire would recurse. */
    private boolean transmitting;

    L2tpv3Tunnel(L2tpv3 node, Config cfg, int pathMtu) {
        this.node = node;
        this.cfg = cfg;
        this.pathMtu = pathMtu;
    }

    public Config config() { return cfg; }

    L2tpv3 node() { return node; }

    public List<L2tpv3Session> sessions() { return List.copyOf(sessions); }

    int pathMtu() { return pathMtu; }

    void add(L2tpv3Session s) { sessions.add(s); }

    void remove(L2tpv3Session s) { sessions.remove(s); }

    /** Outer IPv4 (plus UDP) bytes the tunnel adds in front of the L2TPv3 header: Linux's kernel_sock_ip_overhead (+ udphdr). */
    int outerOverhead() {
        return Ipv4Packet.HEADER_LENGTH + (cfg.encap() == Encap.UDP ? UdpDatagram.HEADER_LENGTH : 0);
    }

    /** Sends one L2TPv3 data message to the peer; false if the underlay had no way there. */
    boolean send(L2tpv3Header message) {
        if (transmitting) return false;
        byte[] l2tp = message.encode();
        byte[] payload = cfg.encap() == Encap.IP ? l2tp : new UdpDatagram(cfg.udpSourcePort(), cfg.udpDestPort(), l2tp).encodeWithoutChecksum();
        int protocol = cfg.encap() == Encap.IP ? L2tpv3Header.IP_PROTOCOL : IpProto.UDP;
        NodeStack stack = node.stack();
        Ipv4Packet outer = new Ipv4Packet(0, stack.nextId(), false, false, 0, OUTER_TTL, protocol, cfg.local(), cfg.remote(), payload);
        transmitting = true;
        try {
            return stack.sendIp(outer, null) == NodeStack.SendResult.SENT;
        } finally {
            transmitting = false;
        }
    }

    /** `ip l2tp show tunnel` lines (ip/ipl2tp.c print_tunnel). */
    List<String> show() {
        List<String> out = new ArrayList<>();
        out.add("Tunnel " + cfg.tunnelId() + ", encap " + cfg.encap());
        out.add("  From " + cfg.local() + " to " + cfg.remote());
        out.add("  Peer tunnel " + cfg.peerTunnelId());
        if (cfg.encap() == Encap.UDP) {
            out.add("  UDP source / dest ports: " + cfg.udpSourcePort() + "/" + cfg.udpDestPort());
            out.add("  UDP checksum: disabled");
        }
        return out;
    }
}
