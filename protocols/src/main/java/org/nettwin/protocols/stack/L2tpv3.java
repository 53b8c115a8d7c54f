package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.L2tpv3Header;
import org.nettwin.protocols.codec.L2tpv3Header.Encap;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Mac;

/**
 * The L2TPv3 subsystem of one node (the kernel's l2tp_core per network namespace): its static tunnels, their
 * sessions by session ID, and the receive side, IP protocol 115 (l2tp_ip_recv) and each UDP tunnel's port
 * (l2tp_udp_encap_recv). Control messages are dropped: tunnels made by `ip l2tp` have no control connection.
 *
 * <p>Outer packets are sent without DF and may be fragmented on the way (see {@link L2tpv3Tunnel}); the node's
 * IPv4 layer reassembles them before the L2TP layer sees them, as ip_local_deliver does with ip_defrag (30 s,
 * sysctl ipfrag_time), for IP and UDP encapsulation alike.
 *
 * <p>Failures are {@link Refused} with the errno the kernel returns, for the command to print as iproute2 does.
 */
public final class L2tpv3 {
    /**
     * One node's subsystem per NodeStack. NodeStack has no slot for optional subsystems, so this side table
     * holds them; weak keys let a finished run's stacks go.
     */
    private static final Map<NodeStack, L2tpv3> NODES = Collections.synchronizedMap(new WeakHashMap<>());

    /** An errno from the kernel's L2TP netlink calls; {@link #getMessage()} is strerror's text. */
    public static final class Refused extends Exception {
        Refused(String strerror) { super(strerror, null, false, false); }
    }

    static final String EEXIST = "File exists", ENODEV = "No such device", EADDRNOTAVAIL = "Cannot assign requested address",
            ENETUNREACH = "Network is unreachable", EADDRINUSE = "Address already in use";

    private final NodeStack stack;
    private final Map<Long, L2tpv3Tunnel> tunnels = new LinkedHashMap<>();
    private final Map<Long, L2tpv3Session> sessions = new LinkedHashMap<>();

    private L2tpv3(NodeStack stack) {
        this.stack = stack;
    }

    /** The node's L2TPv3 subsystem, created (and IP protocol 115 registered) on first use. */
    public static L2tpv3 of(NodeStack stack) {
        return NODES.computeIfAbsent(stack, s -> {
            L2tpv3 l = new L2tpv3(s);
            s.registerProtocol(IpProto.L2TP, (in, packet, srcMac) -> l.ipInput(packet));
            return l;
        });
    }

    NodeStack stack() { return stack; }

    public List<L2tpv3Tunnel> tunnels() { return List.copyOf(tunnels.values()); }

    public L2tpv3Tunnel tunnel(long id) { return tunnels.get(id); }

    /**
     * l2tp_nl_cmd_tunnel_create: the tunnel socket is bound to {@code local} (which must be ours) and
     * connected to {@code remote} (which needs a route); a UDP tunnel binds its source port.
     */
    public L2tpv3Tunnel addTunnel(L2tpv3Tunnel.Config cfg) throws Refused {
        if (tunnels.containsKey(cfg.tunnelId())) throw new Refused(EEXIST);
        if (!stack.isLocalAddress(cfg.local())) throw new Refused(EADDRNOTAVAIL);
        Route route = stack.routes().lookup(cfg.remote(), r -> stack.iface(r.device()) != null && stack.iface(r.device()).adminUp());
        if (route == null) throw new Refused(ENETUNREACH);
        L2tpv3Tunnel t = new L2tpv3Tunnel(this, cfg, stack.iface(route.device()).mtu());
        if (cfg.encap() == Encap.UDP) {
            try {
                stack.bindUdp(cfg.udpSourcePort(), (in, ip, d) -> udpInput(t, d));
            } catch (IllegalStateException e) {
                throw new Refused(EADDRINUSE);
            }
        }
        tunnels.put(cfg.tunnelId(), t);
        stack.env().trace(new TraceEvent.Log("kernel", "l2tp: tunnel " + cfg.tunnelId() + " encap " + cfg.encap() + " " + cfg.local() + " > " + cfg.remote()));
        return t;
    }

    /** l2tp_nl_cmd_tunnel_delete: its sessions and their devices go with it. */
    public void deleteTunnel(long tunnelId) throws Refused {
        L2tpv3Tunnel t = tunnels.get(tunnelId);
        if (t == null) throw new Refused(ENODEV);
        for (L2tpv3Session s : t.sessions()) deleteSession(tunnelId, s.config().sessionId());
        if (t.config().encap() == Encap.UDP) stack.unbindUdp(t.config().udpSourcePort());
        tunnels.remove(tunnelId);
    }

    /**
     * l2tp_nl_cmd_session_create with pseudowire type Ethernet: the session and its device {@code ifName},
     * created down as a new netdev is; session IDs are unique in the node (L2TPv3 over IP finds sessions by ID alone).
     */
    public L2tpv3Session addSession(long tunnelId, L2tpv3Session.Config cfg, String ifName, Mac mac) throws Refused {
        L2tpv3Tunnel t = tunnels.get(tunnelId);
        if (t == null) throw new Refused(ENODEV);
        if (sessions.containsKey(cfg.sessionId()) || stack.iface(ifName) != null) throw new Refused(EEXIST);
        L2tpv3Session s = new L2tpv3Session(t, cfg);
        s.attach(stack.addVirtualInterface(ifName, mac, s.deviceMtu(), s));
        t.add(s);
        sessions.put(cfg.sessionId(), s);
        stack.env().trace(new TraceEvent.Log("kernel", "l2tp: session " + cfg.sessionId() + " in tunnel " + tunnelId + ", " + ifName + " mtu " + s.iface().mtu()));
        return s;
    }

    public void deleteSession(long tunnelId, long sessionId) throws Refused {
        L2tpv3Session s = sessions.get(sessionId);
        if (s == null || s.tunnel().config().tunnelId() != tunnelId) throw new Refused(ENODEV);
        sessions.remove(sessionId);
        s.tunnel().remove(s);
        stack.removeInterface(s.iface().name());
    }

    /** The first free name of the kernel's "l2tpeth%d" pattern. */
    public String nextDeviceName() {
        for (int n = 0; ; n++) if (stack.iface("l2tpeth" + n) == null) return "l2tpeth" + n;
    }

    /** `ip l2tp show tunnel [tunnel_id ID]`. */
    public List<String> showTunnels(long onlyId) {
        List<String> out = new ArrayList<>();
        for (L2tpv3Tunnel t : tunnels.values()) if (onlyId == 0 || t.config().tunnelId() == onlyId) out.addAll(t.show());
        return out;
    }

    /** `ip l2tp show session [tunnel_id ID] [session_id ID]` (iproute2 filters only when both are given). */
    public List<String> showSessions(long tunnelId, long sessionId) {
        List<String> out = new ArrayList<>();
        for (L2tpv3Session s : sessions.values()) {
            boolean filtered = tunnelId != 0 && sessionId != 0;
            if (!filtered || (s.tunnel().config().tunnelId() == tunnelId && s.config().sessionId() == sessionId)) {
                out.addAll(s.show());
                out.add("");
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ receive

    private void ipInput(Ipv4Packet packet) {
        dataInput(Encap.IP, null, packet.payload());
    }

    private void udpInput(L2tpv3Tunnel tunnel, UdpDatagram d) {
        dataInput(Encap.UDP, tunnel, d.payload());
    }

    /** l2tp_ip_recv / l2tp_udp_recv_core: control messages go to a socket nobody reads, data to its session. */
    private void dataInput(Encap encap, L2tpv3Tunnel via, byte[] message) {
        try {
            if (L2tpv3Header.isControl(message, 0, message.length, encap)) {
                drop(DropReason.NO_LISTENER, message.length, "control message on a static tunnel");
                return;
            }
            long id = L2tpv3Header.peekSessionId(message, 0, message.length, encap);
            L2tpv3Session s = sessions.get(id);
            if (s == null || s.tunnel().config().encap() != encap || (via != null && s.tunnel() != via)) {
                drop(DropReason.NO_LISTENER, message.length, "no session " + id);
                return;
            }
            s.receive(message, 0, message.length);
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, message.length, e.getMessage());
        }
    }

    private void drop(DropReason reason, int length, String detail) {
        stack.env().trace(new TraceEvent.Dropped(stack.name() + ":l2tp", reason, length, detail));
    }
}
