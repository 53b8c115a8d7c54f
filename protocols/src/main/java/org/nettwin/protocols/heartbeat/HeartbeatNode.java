package org.nettwin.protocols.heartbeat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.gre.GreDevice;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * Linux-HA Heartbeat on one node of a two-node cluster (haresources style, auto_failback off, no STONITH),
 * sans-IO on the node's {@link NodeEnv}: it multicasts an authenticated status message every
 * {@code keepalive} on the cluster interface, and watches the peer (protocol-facts §4, §8.1):
 *
 * <ul>
 *   <li>no heartbeat for {@code warntime}: "Late heartbeat" warning;</li>
 *   <li>none for {@code deadtime}: the peer is dead, and this node acquires the group if it does not hold it
 *       (so a silent primary is replaced 15-20 s after it fails with Vyatta's 5 s / 20 s);</li>
 *   <li>at start, a peer never heard within {@code initdead} is dead, and this node takes the group;</li>
 *   <li>when both live and nobody holds the group, the primary acquires it; a node that hears the peer
 *       holding it stays standby, so a returning primary does not fail back.</li>
 * </ul>
 *
 * If the heartbeat path breaks while both live, both declare the other dead and both are active: split
 * brain, the hazard the twin must show. Acquiring an IPaddr2 resource adds the address to its interface
 * and sends IPaddr2's gratuitous ARPs (5, 200 ms apart, its arp_count/arp_interval defaults).
 */
public final class HeartbeatNode {
    /** The group's state on this node, traced as StateChanged("cluster/GROUP", from, to). */
    public enum Role { STOPPED, STANDBY, ACTIVE }

    private enum PeerState { UNKNOWN, UP, DEAD }

    static final String PROGRAM = "heartbeat";
    /** IPaddr2 (ocf:heartbeat:IPaddr2) defaults: arp_count=5, arp_interval=200 ms. */
    static final int GARP_COUNT = 5;
    static final long GARP_INTERVAL_NS = 200_000_000L;
    /** ip_local_port_range: the multicast send socket is unbound, so it gets an ephemeral port. */
    private static final int EPHEMERAL_MIN = 32768, EPHEMERAL_SPAN = 60999 - 32768 + 1;

    private final HeartbeatConfig cfg;
    private final NodeStack stack;
    private final NodeEnv env;
    private final String machine;
    private Role role = Role.STOPPED;
    private PeerState peer = PeerState.UNKNOWN;
    private long lastHeardNs;
    private boolean peerHolds;
    private long seq;
    private int sourcePort;
    private TimerHandle keepaliveTimer, warnTimer, deadTimer;

    public HeartbeatNode(HeartbeatConfig cfg, NodeStack stack) {
        this.cfg = cfg;
        this.stack = stack;
        this.env = stack.env();
        this.machine = "cluster/" + cfg.group();
    }

    public HeartbeatConfig config() { return cfg; }

    public Role role() { return role; }

    public boolean running() { return role != Role.STOPPED; }

    /** `/etc/init.d/heartbeat start`. Returns false (and logs why) if the media cannot be set up. */
    public boolean start() {
        if (running()) return true;
        NetInterface ifc = stack.iface(cfg.iface());
        GreDevice gre = GreDevice.of(ifc);
        if (ifc == null || gre != null && !gre.multicast()) {
            // IP_ADD_MEMBERSHIP fails on a device without IFF_MULTICAST: mcast media cannot open.
            String why = ifc == null ? "No such device" : "device has no multicast flag";
            log("ERROR: mcast: unable to join " + cfg.mcastGroup() + " on " + cfg.iface() + ": " + why);
            env.trace(new TraceEvent.Diagnostic("error", PROGRAM, "heartbeat cannot use " + cfg.iface() + ": " + why
                    + (gre != null ? " (Vyatta: set interfaces tunnel " + cfg.iface() + " multicast enable)" : "")));
            return false;
        }
        stack.bindUdp(cfg.port(), (in, ip, d) -> receive(in, ip, d));
        sourcePort = EPHEMERAL_MIN + env.random("heartbeat/" + cfg.group() + "/sport").nextInt(EPHEMERAL_SPAN);
        peer = PeerState.UNKNOWN;
        peerHolds = false;
        log("info: Local status now set to: 'up'");
        setRole(Role.STANDBY);
        deadTimer = env.after(cfg.initDeadNs(), "heartbeat/initdead", this::peerTimedOut);
        traceDeadTimer("initdead", cfg.initDeadNs());
        keepaliveTick();
        return true;
    }

    /** `/etc/init.d/heartbeat stop`: gives up the group, tells the peer, and exits. */
    public void stop() {
        if (!running()) return;
        log("info: Heartbeat shutdown in progress.");
        if (role == Role.ACTIVE) {
            log("info: Giving up all HA resources.");
            for (HeartbeatConfig.IpResource r : cfg.resources()) {
                if (stack.iface(r.device()) != null) stack.removeAddress(r.device(), r.address());
            }
            log("info: All HA resources relinquished.");
        }
        setRole(Role.STANDBY);
        send(HeartbeatMessage.TYPE_SHUTDOWN, "dead");
        cancelTimers();
        stack.unbindUdp(cfg.port());
        log("info: " + cfg.localNode() + " Heartbeat shutdown complete.");
        setRole(Role.STOPPED);
    }

    private void keepaliveTick() {
        send(HeartbeatMessage.TYPE_STATUS, role == Role.ACTIVE ? "active" : "up");
        keepaliveTimer = env.after(cfg.keepaliveNs(), "heartbeat/keepalive", this::keepaliveTick);
    }

    private void send(String type, String status) {
        NetInterface ifc = stack.iface(cfg.iface());
        if (ifc == null) return;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", type);
        f.put("st", status);
        f.put("dt", Long.toHexString(cfg.deadNs() / 1_000_000L));
        f.put("protocol", "1");
        f.put("src", cfg.localNode());
        f.put("seq", Long.toHexString(++seq));
        f.put("ts", Long.toHexString(env.now() / 1_000_000_000L));
        f.put("rsc_hold", role == Role.ACTIVE ? "all" : "none");
        byte[] payload = new HeartbeatMessage(f).encode(cfg.secret());
        Ip4 src = ifc.sourceFor(cfg.mcastGroup());
        if (src == null) src = Ip4.ANY;
        byte[] udp = new UdpDatagram(sourcePort, cfg.port(), payload).encode(src, cfg.mcastGroup());
        stack.sendLinkLocal(cfg.iface(), new Ipv4Packet(0, stack.nextId(), false, false, 0, cfg.mcastTtl(), IpProto.UDP, src, cfg.mcastGroup(), udp), ifc.mac());
    }

    private void receive(NetInterface in, Ipv4Packet ip, UdpDatagram d) {
        if (!in.name().equals(cfg.iface()) || !ip.dst().equals(cfg.mcastGroup())) return; // the mcast socket is bound to IF and GROUP
        HeartbeatMessage m;
        try {
            m = HeartbeatMessage.decode(d.payload(), cfg.secret());
        } catch (MalformedPacketException e) {
            env.trace(new TraceEvent.Dropped(stack.name() + ":" + PROGRAM, DropReason.FILTERED, d.payload().length, e.getMessage() + " from " + ip.src()));
            return;
        }
        if (cfg.localNode().equals(m.source())) return;
        if (!cfg.peer().equals(m.source())) {
            log("ERROR: process_status_message: bad node [" + m.source() + "] in message");
            return;
        }
        if (HeartbeatMessage.TYPE_SHUTDOWN.equals(m.type())) peerShutDown();
        else peerHeard(m);
    }

    private void peerHeard(HeartbeatMessage m) {
        if (peer != PeerState.UP) {
            if (peer == PeerState.DEAD && role == Role.ACTIVE && m.holdsResources()) {
                // Both sides held the group while apart (split brain); Heartbeat says so when they meet again.
                log("WARN: Cluster node " + cfg.peer() + " returning after partition.");
                log("WARN: Deadtime value may be too small.");
            }
            log("info: Link " + cfg.peer() + ":" + cfg.iface() + " up.");
            log("info: Status update for node " + cfg.peer() + ": status " + m.status());
        }
        peer = PeerState.UP;
        lastHeardNs = env.now();
        peerHolds = m.holdsResources();
        cancel(warnTimer);
        cancel(deadTimer);
        warnTimer = env.after(cfg.warnNs(), "heartbeat/warntime", this::peerLate);
        deadTimer = env.after(cfg.deadNs(), "heartbeat/deadtime", this::peerTimedOut);
        traceDeadTimer("deadtime", cfg.deadNs());
        // auto_failback off: the group stays where it is; only when nobody holds it does its owner take it.
        if (role == Role.STANDBY && !peerHolds && cfg.isPrimary()) {
            log("info: Acquiring resource group: " + cfg.localNode() + " " + resourceList());
            acquire();
        }
    }

    /**
     * Traces the (re)armed dead timer, so a report can pair it with the takeover it decides and predict it from
     * the configured value (protocol-facts §4): "deadtime dead=20000000000ns".
     */
    private void traceDeadTimer(String which, long durationNs) {
        env.trace(new TraceEvent.TimerArmed(machine + "/" + which, deadTimer.deadline(), which + " dead=" + durationNs + "ns"));
    }

    private void peerLate() {
        if (peer != PeerState.UP) return;
        log("WARN: Late heartbeat: Node " + cfg.peer() + ": interval " + (env.now() - lastHeardNs) / 1_000_000L + " ms");
    }

    /** deadtime since the last heartbeat, or initdead from start with none at all. */
    private void peerTimedOut() {
        cancel(warnTimer);
        boolean neverHeard = peer == PeerState.UNKNOWN;
        peer = PeerState.DEAD;
        log("WARN: node " + cfg.peer() + ": is dead");
        if (neverHeard) {
            log("info: Comm_now_up(): updating status to active");
            log("info: Local status now set to: 'active'");
        } else {
            log("info: Link " + cfg.peer() + ":" + cfg.iface() + " dead.");
        }
        if (role == Role.ACTIVE) return;
        log("WARN: No STONITH device configured.");
        log("info: Resources being acquired from " + cfg.peer() + ".");
        acquire();
        log("info: Dead node " + cfg.peer() + " gave up resources.");
        log("info: mach_down takeover complete for node " + cfg.peer() + ".");
    }

    private void peerShutDown() {
        log("info: Received shutdown notice from '" + cfg.peer() + "'.");
        cancel(warnTimer);
        cancel(deadTimer);
        peer = PeerState.DEAD;
        peerHolds = false;
        if (role == Role.STANDBY) {
            log("info: Resources being acquired from " + cfg.peer() + ".");
            acquire();
        }
    }

    private void acquire() {
        for (HeartbeatConfig.IpResource r : cfg.resources()) {
            NetInterface ifc = stack.iface(r.device());
            if (ifc == null) {
                log("ERROR: IPaddr2: interface " + r.device() + " does not exist for " + r.address());
                continue;
            }
            log("info: Running /etc/ha.d/resource.d/IPaddr2 " + r.address() + "/" + r.device() + " start");
            if (!ifc.addresses().contains(r.address())) stack.addAddress(r.device(), r.address());
            for (int i = 0; i < GARP_COUNT; i++) {
                env.after(i * GARP_INTERVAL_NS, "heartbeat/IPaddr2/garp", () -> {
                    if (role == Role.ACTIVE && stack.iface(r.device()) != null) stack.sendGratuitousArp(r.device(), r.address().address(), ifc.mac());
                });
            }
        }
        setRole(Role.ACTIVE);
        send(HeartbeatMessage.TYPE_STATUS, "active"); // tell the peer at once who holds the group now
    }

    private String resourceList() {
        StringBuilder sb = new StringBuilder();
        for (HeartbeatConfig.IpResource r : cfg.resources()) sb.append(sb.length() == 0 ? "" : " ").append(r);
        return sb.toString();
    }

    private void setRole(Role to) {
        if (to == role) return;
        env.trace(new TraceEvent.StateChanged(machine, role.name(), to.name()));
        role = to;
    }

    private void cancelTimers() {
        cancel(keepaliveTimer);
        cancel(warnTimer);
        cancel(deadTimer);
    }

    private static void cancel(TimerHandle t) {
        if (t != null) t.cancel();
    }

    private void log(String text) {
        env.trace(new TraceEvent.Log(PROGRAM, text));
    }
}
