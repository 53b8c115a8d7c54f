package org.nettwin.protocols.heartbeat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.gre.GreDevice;
import org.nettwin.protocols.node.NodeDisk;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * Linux-HA Heartbeat on one node of a two-node cluster (haresources style, auto_failback off, no STONITH),
 * sans-IO on the node's {@link NodeEnv}: it multicasts an authenticated status message every
 * {@code keepalive} on the cluster interface, and watches the peer (protocol-facts §4, §8.1). Source references
 * are to heartbeat 3.0.6 (vyos-legacy/heartbeat master e01f9f0c; the same code in 3.0.5 and 2.x with crm off):
 *
 * <ul>
 *   <li>no heartbeat for {@code warntime}: "Late heartbeat" warning;</li>
 *   <li>none for the deadtime the peer asks for (its {@code dt}, deadtime unless it is restarting): the peer is
 *       dead, and this node acquires the group if it does not hold it (so a silent primary is replaced 15-20 s
 *       after it fails with Vyatta's 5 s / 20 s);</li>
 *   <li>at start, a peer never heard within {@code initdead} is dead, and this node takes the group;</li>
 *   <li>start with the peer alive (nice_failback, hb_resource.c process_resources): when communication comes up
 *       each side sends T_STARTING and answers the other's with a resource report; a node that receives one enters
 *       RSCRCVD and requests its own resources RQSTDELAY (10 s, include/heartbeat.h:125, hb_resource.c:1115,
 *       heartbeat.c:1897) later, or at once when the peer reports it is stable. Requesting (req_our_resources)
 *       takes only the groups haresources lists under this node's name, and none the peer holds: the primary
 *       takes the group unless the peer holds it, the secondary has nothing to take. So two nodes starting
 *       together leave the group on the primary 10 s after they meet, and a returning primary does not fail back;</li>
 *   <li>a peer's shutdown notice (T_SHUTDONE) makes a standby node take the group.</li>
 * </ul>
 *
 * If the heartbeat path breaks while both live, both declare the other dead and both are active: split
 * brain, the hazard the twin must show. When the path heals, a status from a peer marked dead with an unchanged
 * generation is a partition returning (heartbeat.c:5686-5724): the node logs it, sends its status at once and,
 * 2 s later, gives up all its resources and restarts (cause_shutdown_restart, heartbeat.c:4717): the resources
 * are released (hb_giveup_resources, hb_resource.c:2003), T_SHUTDONE is sent, the final shutdown runs 1 s after
 * the node receives its own T_SHUTDONE (hb_resource.c:244) in two phases 1 s apart (heartbeat.c:2113-2194; its
 * clients phase is immediate, the twin runs no Heartbeat clients), and restart_heartbeat (heartbeat.c:4212) then
 * sleeps ceil(deadtime) + 1 s "to make sure they notice we're dead" (4250) before a fresh daemon, with a new
 * generation, starts as above. Both sides see the other return, so both restart, and the primary ends up
 * holding the group. The twin runs the resource scripts (IPaddr2 start/stop, ResourceManager) in no time
 * (UNVERIFIED: real ones take tens to hundreds of ms), and the daemon's core processes exit as soon as they are
 * signalled (UNVERIFIED: a few ms in reality).
 *
 * <p>Acquiring an IPaddr2 resource adds the address to its interface and sends IPaddr2's gratuitous ARPs
 * (5, 200 ms apart, its arp_count/arp_interval defaults).
 *
 * <p>Not modelled: `heartbeat stop` is done at once (real Heartbeat goes through the same 1 s + 1 s shutdown
 * phases), the extra 2 s of deadtime a daemon asks for during its first 5 s (heartbeat.c:1578), the 60-min
 * EmergencyShutdown safety timer, STONITH, and hb_standby.
 */
public final class HeartbeatNode {
    /** The group's state on this node, traced as StateChanged("cluster/GROUP", from, to). */
    public enum Role { STOPPED, STANDBY, ACTIVE }

    /** What this node thinks of its peer: DEAD is Heartbeat's DEADSTATUS, set only by a timeout (mark_node_dead). */
    private enum PeerState { UNKNOWN, UP, DEAD, GONE }

    /** nice_failback's resource state (hb_resource.h enum hb_rsc_state; INIT is STARTING before comm is up). */
    private enum RscState { STARTING, BOTHSTARTING, RSCRCVD, STABLE, SHUTDOWN }

    static final String PROGRAM = "heartbeat";
    /** IPaddr2 (ocf:heartbeat:IPaddr2) defaults: arp_count=5, arp_interval=200 ms. */
    static final int GARP_COUNT = 5;
    static final long GARP_INTERVAL_NS = 200_000_000L;
    /** RQSTDELAY (include/heartbeat.h:125): how long a starting node waits for the peer's report before requesting its resources. */
    public static final long RQSTDELAY_NS = 10 * Time.S;
    /** A returning partition: Gmain_timeout_add(2000, CauseShutdownRestart) (heartbeat.c:5720). */
    public static final long PARTITION_RESTART_DELAY_NS = 2 * Time.S;
    /**
     * The final shutdown's phases: 1 s from the node's own T_SHUTDONE to phase 0 (hb_resource.c:244), whose client
     * shutdown is immediate without clients, and 1 s from phase 1 to phase 2 (heartbeat.c:2158), which signals the
     * core processes; the restart follows as they exit (UNVERIFIED: taken as immediate).
     */
    public static final long SHUTDOWN_PHASE_NS = Time.S;
    public static final int SHUTDOWN_PHASES = 2;
    /** hb_add_deadtime(30000) in shutdown phase 1 of a restart (heartbeat.c:2148): peers wait that much longer. */
    static final long RESTART_DEADTIME_EXTENSION_NS = 30 * Time.S;
    /** ResourceManager, as req_our_resources names it in its log (hb_resource.c:118, Debian's HA_NOARCHDATAHBDIR). */
    static final String RSC_MGR = "/usr/share/heartbeat/ResourceManager";
    /** Where Heartbeat keeps its generation across restarts and reboots (GENERATION_FILE, HA_VARLIBHBDIR on Debian). */
    public static final String GENERATION_FILE = "/var/lib/heartbeat/hb_generation";
    /** ip_local_port_range: the multicast send socket is unbound, so it gets an ephemeral port. */
    private static final int EPHEMERAL_MIN = 32768, EPHEMERAL_SPAN = 60999 - 32768 + 1;

    private final HeartbeatConfig cfg;
    private final NodeStack stack;
    private final NodeEnv env;
    private final NodeDisk disk;
    private final String machine;
    private Role role = Role.STOPPED;
    private PeerState peer = PeerState.UNKNOWN;
    private RscState rsc = RscState.SHUTDOWN;
    /** This daemon's generation and the last one heard from the peer (0: none yet). */
    private long generation, peerGeneration;
    private long lastHeardNs;
    private boolean peerHolds, peerStable, commUp, holdLocal, shuttingDown;
    /** The deadtime this node asks its peer to apply to it (curnode->dead_ticks). */
    private long askedDeadNs;
    private long seq;
    private int sourcePort;
    /** Bumped whenever the daemon exits: timers of a daemon that is gone do nothing. */
    private int incarnation;
    private TimerHandle keepaliveTimer, warnTimer, deadTimer, rqstTimer, restartTimer;

    /** A daemon on a node where Heartbeat never ran (an empty disk). */
    public HeartbeatNode(HeartbeatConfig cfg, NodeStack stack) {
        this(cfg, stack, new NodeDisk());
    }

    /**
     * A daemon on a node whose disk is {@code disk}: each start reads the generation the last daemon left in
     * {@link #GENERATION_FILE} (none: 0), and writes and uses one more (IncrGeneration, heartbeat.c:6554), so a
     * daemon started after a restart or a reboot has a higher generation than any before it on the node.
     */
    public HeartbeatNode(HeartbeatConfig cfg, NodeStack stack, NodeDisk disk) {
        this.cfg = cfg;
        this.stack = stack;
        this.env = stack.env();
        this.disk = disk;
        this.machine = "cluster/" + cfg.group();
    }

    public HeartbeatConfig config() { return cfg; }

    public Role role() { return role; }

    /** The daemon's generation: 0 before its first start. */
    public long generation() { return generation; }

    /** Whether a daemon runs: also while it sleeps before restarting itself after a partition. */
    public boolean running() { return role != Role.STOPPED || restartPending(); }

    private boolean restartPending() { return restartTimer != null && restartTimer.isActive(); }

    /**
     * How long a node that found a partition returning stays without the group before it starts afresh: the
     * hold-off, the shutdown phases and the restart sleep (heartbeat.c:5720, hb_resource.c:244, heartbeat.c:2158,
     * 4250), for a cluster whose deadtime is {@code deadNs}.
     */
    public static long partitionRestartNs(long deadNs) {
        return PARTITION_RESTART_DELAY_NS + SHUTDOWN_PHASES * SHUTDOWN_PHASE_NS + restartSleepNs(deadNs);
    }

    /** restart_heartbeat's sleep((deadtime_ms + 999) / 1000 + 1) seconds (heartbeat.c:4250). */
    public static long restartSleepNs(long deadNs) {
        long deadMs = deadNs / 1_000_000L;
        return ((deadMs + 999) / 1000 + 1) * Time.S;
    }

    /** `/etc/init.d/heartbeat start`. Returns false (and logs why) if the media cannot be set up. */
    public boolean start() {
        if (running()) return true;
        return startDaemon();
    }

    private boolean startDaemon() {
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
        incarnation++;
        generation = incrGeneration();
        stack.bindUdp(cfg.port(), (in, ip, d) -> receive(in, ip, d));
        sourcePort = EPHEMERAL_MIN + env.random("heartbeat/" + cfg.group() + "/sport").nextInt(EPHEMERAL_SPAN);
        peer = PeerState.UNKNOWN;
        peerGeneration = 0;
        peerHolds = peerStable = commUp = holdLocal = shuttingDown = false;
        rsc = RscState.STARTING;
        askedDeadNs = cfg.deadNs();
        seq = 0;
        log("info: Heartbeat generation: " + generation);
        log("info: Local status now set to: 'up'");
        setRole(Role.STANDBY);
        deadTimer = arm(cfg.initDeadNs(), "heartbeat/initdead", this::peerTimedOut);
        traceDeadTimer("initdead", cfg.initDeadNs());
        keepaliveTick();
        return true;
    }

    /** IncrGeneration (heartbeat.c:6554): the generation on disk plus one, written back before it is used. */
    private long incrGeneration() {
        long previous = disk.get(GENERATION_FILE).map(String::trim).map(Long::parseLong).orElse(0L);
        long next = previous + 1;
        disk.put(GENERATION_FILE, Long.toString(next));
        return next;
    }

    /**
     * `/etc/init.d/heartbeat stop`: gives up the group, tells the peer, and exits (at once: real Heartbeat takes
     * its two 1 s shutdown phases). A daemon sleeping before its restart after a partition is stopped instead
     * (UNVERIFIED: what the init script does to it).
     */
    public void stop() {
        if (role == Role.STOPPED) {
            if (restartPending()) restartTimer.cancel();
            return;
        }
        log("info: Heartbeat shutdown in progress.");
        relinquish();
        send(HeartbeatMessage.TYPE_SHUTDONE, "dead", false, null);
        exitDaemon();
        log("info: " + cfg.localNode() + " Heartbeat shutdown complete.");
        setRole(Role.STOPPED);
    }

    private void keepaliveTick() {
        sendStatus();
        keepaliveTimer = arm(cfg.keepaliveNs(), "heartbeat/keepalive", this::keepaliveTick);
    }

    private void sendStatus() {
        send(HeartbeatMessage.TYPE_STATUS, role == Role.ACTIVE ? "active" : "up", role == Role.ACTIVE, null);
    }

    /** hb_send_resources_held: a resource report. */
    private void sendResources(boolean stable) {
        send(HeartbeatMessage.TYPE_RESOURCES, role == Role.ACTIVE ? "active" : "up", role == Role.ACTIVE, stable ? "1" : "0");
    }

    private void send(String type, String status, boolean holds, String isStable) {
        NetInterface ifc = stack.iface(cfg.iface());
        if (ifc == null) return;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("t", type);
        f.put("st", status);
        f.put("dt", Long.toHexString(askedDeadNs / 1_000_000L));
        f.put("protocol", "1");
        f.put("src", cfg.localNode());
        f.put("seq", Long.toHexString(++seq));
        f.put("hg", Long.toHexString(generation));
        f.put("ts", Long.toHexString(env.now() / 1_000_000_000L));
        f.put("rsc_hold", holds ? "all" : "none");
        if (isStable != null) f.put("isstable", isStable);
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
        long gen = m.generation();
        if (gen < peerGeneration) {
            log("ERROR: should_drop_message: attempted replay attack [" + cfg.peer() + "]? [gen = " + gen + ", curgen = " + peerGeneration + "]");
            return;
        }
        String type = m.type();
        if (HeartbeatMessage.TYPE_STATUS.equals(type)) peerStatus(m);
        else if (HeartbeatMessage.TYPE_SHUTDONE.equals(type)) peerShutDown();
        else if (HeartbeatMessage.TYPE_STARTING.equals(type)) peerStarting(m);
        else if (HeartbeatMessage.TYPE_RESOURCES.equals(type)) peerResources(m);
    }

    /** A status message (T_STATUS): generation checks of should_drop_message (heartbeat.c:5655-5740), then HBDoMsg_T_STATUS. */
    private void peerStatus(HeartbeatMessage m) {
        long gen = m.generation();
        boolean partition = false, restarted = false;
        if (gen == peerGeneration && gen > 0) {
            // Heard again from a node declared dead, and it did not restart: it was a partition (heartbeat.c:5689).
            partition = peer == PeerState.DEAD;
        } else if (gen > peerGeneration) {
            restarted = peerGeneration > 0;
            if (restarted) log("info: Heartbeat restart on node " + cfg.peer());
            peerGeneration = gen;
        }
        if (partition) partitionReturning();
        if (peer == PeerState.UNKNOWN || peer == PeerState.DEAD || peer == PeerState.GONE && restarted) {
            log("info: Link " + cfg.peer() + ":" + cfg.iface() + " up.");
            log("info: Status update for node " + cfg.peer() + ": status " + m.status());
        }
        peer = PeerState.UP;
        lastHeardNs = env.now();
        peerHolds = m.holdsResources();
        cancel(warnTimer);
        cancel(deadTimer);
        long dead = m.deadtimeNs(cfg.deadNs()); // fromnode->dead_ticks from the peer's dt (heartbeat.c:3240)
        warnTimer = arm(cfg.warnNs(), "heartbeat/warntime", this::peerLate);
        deadTimer = arm(dead, "heartbeat/deadtime", this::peerTimedOut);
        traceDeadTimer("deadtime", dead);
        heardFromPeer();
    }

    /**
     * should_drop_message's healed partition (heartbeat.c:5696-5724): LOG_CRIT and the advice, our status at once
     * (so the peer, which marked us dead too, sees the same), and a shutdown-restart 2 s later.
     */
    private void partitionReturning() {
        log("CRIT: Cluster node " + cfg.peer() + " returning after partition.");
        log("info: For information on cluster partitions, See URL: http://linux-ha.org/wiki/Split_Brain");
        log("WARN: Deadtime value may be too small.");
        log("info: See FAQ for information on tuning deadtime.");
        log("info: URL: http://linux-ha.org/wiki/FAQ#Heavy_Load");
        sendStatus();
        TimerHandle t = arm(PARTITION_RESTART_DELAY_NS, "heartbeat/shutdown-restart", this::causeShutdownRestart);
        env.trace(new TraceEvent.TimerArmed(machine + "/shutdown-restart", t.deadline(), "partition restart=" + PARTITION_RESTART_DELAY_NS + "ns"));
    }

    /** The first message heard from the peer brings communication up: T_STARTING goes out (comm_up_resource_action). */
    private void heardFromPeer() {
        if (commUp || rsc != RscState.STARTING) return;
        commUp = true;
        log("info: Comm_now_up(): updating status to active");
        log("info: Local status now set to: 'active'");
        send(HeartbeatMessage.TYPE_STARTING, role == Role.ACTIVE ? "active" : "up", role == Role.ACTIVE, null);
    }

    /** The peer's T_STARTING: answered with a resource report (hb_resource.c:864-892). */
    private void peerStarting(HeartbeatMessage m) {
        heardFromPeer();
        peerHolds = m.holdsResources();
        switch (rsc) {
            case STARTING -> rsc = RscState.BOTHSTARTING;
            case RSCRCVD, STABLE, SHUTDOWN -> { }
            case BOTHSTARTING -> {
                log("ERROR: Received 'starting' message in state " + (rsc.ordinal() + 1)); // HB_R_BOTHSTARTING
                return;
            }
        }
        peerStable = false;
        sendResources(rsc == RscState.STABLE);
    }

    /** The peer's T_RESOURCES (hb_resource.c:897-1004, 1115). */
    private void peerResources(HeartbeatMessage m) {
        heardFromPeer();
        peerHolds = m.holdsResources();
        RscState next = rsc == RscState.STARTING || rsc == RscState.BOTHSTARTING ? RscState.RSCRCVD : rsc;
        if (m.stable()) {
            if (!peerStable) {
                log("info: remote resource transition completed.");
                peerStable = true;
                sendResources(rsc == RscState.STABLE);
            }
        } else {
            peerStable = false;
        }
        if (rsc != RscState.STABLE && rsc != RscState.SHUTDOWN && peerStable) {
            log("info: remote resource transition completed.");
            cancel(rqstTimer);
            requestOurResources(false);
            next = RscState.STABLE;
            sendResources(true);
        }
        rsc = next;
        if (rsc == RscState.RSCRCVD && (rqstTimer == null || !rqstTimer.isActive())) {
            rqstTimer = arm(RQSTDELAY_NS, "heartbeat/rqstdelay", this::requestDelayPassed);
            env.trace(new TraceEvent.TimerArmed(machine + "/rqstdelay", rqstTimer.deadline(), "rqstdelay delay=" + RQSTDELAY_NS + "ns"));
        }
    }

    /** RQSTDELAY after the first resource report: time to take our own resources (heartbeat.c:1897-1904). */
    private void requestDelayPassed() {
        if (rsc != RscState.RSCRCVD) return;
        rsc = RscState.STABLE;
        requestOurResources(false);
        log("info: local resource transition completed.");
        sendResources(true);
    }

    /**
     * req_our_resources (hb_resource.c:1366-1515): nothing when the peer holds ours or we already asked; otherwise
     * the groups haresources lists under our name, which is the cluster's one group on the primary and none on
     * the secondary.
     */
    private void requestOurResources(boolean anyway) {
        if (shuttingDown) return;
        boolean peerHoldsOurs = cfg.isPrimary() && peerHolds;
        if ((peerHoldsOurs || holdLocal) && !anyway) {
            log("info: Local Resource acquisition completed. (none)");
            return;
        }
        holdLocal = true;
        if (!cfg.isPrimary()) {
            log("info: No local resources [" + RSC_MGR + " listkeys " + cfg.localNode() + "] to acquire.");
        } else if (role != Role.ACTIVE) {
            log("info: Acquiring resource group: " + cfg.localNode() + " " + resourceList());
            acquire();
            log("info: Local Resource acquisition completed.");
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

    /** deadtime since the last heartbeat, or initdead from start with none at all (mark_node_dead, hb_rsc_recover_dead_resources). */
    private void peerTimedOut() {
        cancel(warnTimer);
        boolean neverHeard = peer == PeerState.UNKNOWN;
        peer = PeerState.DEAD;
        log("WARN: node " + cfg.peer() + ": is dead");
        if (neverHeard) {
            log("info: Comm_now_up(): updating status to active");
            log("info: Local status now set to: 'active'");
            commUp = true;
        } else {
            log("info: Link " + cfg.peer() + ":" + cfg.iface() + " dead.");
        }
        if (shuttingDown) return; // hb_resource.c:579-601: no takeover while shutting down
        cancel(rqstTimer);
        rsc = RscState.STABLE;
        peerHolds = false;
        peerStable = true;
        if (role == Role.ACTIVE) return;
        log("WARN: No STONITH device configured.");
        log("info: Resources being acquired from " + cfg.peer() + ".");
        acquire();
        log("info: Dead node " + cfg.peer() + " gave up resources.");
        log("info: mach_down takeover complete for node " + cfg.peer() + ".");
    }

    /**
     * The peer's T_SHUTDONE (HBDoMsg_T_SHUTDONE, hb_resource.c:229-257): it holds nothing and is stable; we take over
     * unless we are shutting down ourselves. The twin then forgets it (real Heartbeat times it out a deadtime later).
     */
    private void peerShutDown() {
        peerHolds = false;
        peerStable = true;
        log("info: Received shutdown notice from '" + cfg.peer() + "'.");
        if (shuttingDown) {
            log("info: Resource takeover cancelled - shutdown in progress.");
            return;
        }
        cancel(warnTimer);
        cancel(deadTimer);
        cancel(rqstTimer);
        peer = PeerState.GONE;
        rsc = RscState.STABLE;
        if (role == Role.STANDBY) {
            log("info: Resources being acquired from " + cfg.peer() + ".");
            acquire();
        }
    }

    /** cause_shutdown_restart (heartbeat.c:4717): give everything up, then restart. */
    private void causeShutdownRestart() {
        if (shuttingDown) {
            log("info: Heartbeat shutdown already underway.");
            return;
        }
        // hb_giveup_resources (hb_resource.c:2003-2136).
        shuttingDown = true;
        rsc = RscState.SHUTDOWN;
        cancel(rqstTimer);
        send(HeartbeatMessage.TYPE_RESOURCES, role == Role.ACTIVE ? "active" : "up", false, "0"); // "shutdown"
        log("info: Heartbeat shutdown in progress.");
        relinquish();
        send(HeartbeatMessage.TYPE_SHUTDONE, "dead", false, null);
        // Our own T_SHUTDONE comes back: final shutdown in a second (hb_resource.c:244).
        TimerHandle t = arm(SHUTDOWN_PHASE_NS, "heartbeat/shutdown", this::finalShutdownPhase1);
        env.trace(new TraceEvent.TimerArmed(machine + "/shutdown", t.deadline(), "shutdown phase=" + SHUTDOWN_PHASE_NS + "ns"));
    }

    /** hb_mcp_final_shutdown phases 0 and 1 (no clients, heartbeat.c:2127-2162): status, deadtime + 30 s, status. */
    private void finalShutdownPhase1() {
        sendStatus();
        askedDeadNs = cfg.deadNs() + RESTART_DEADTIME_EXTENSION_NS;
        sendStatus(); // hb_add_deadtime sends when it raises the deadtime
        sendStatus();
        TimerHandle t = arm(SHUTDOWN_PHASE_NS, "heartbeat/shutdown", this::finalShutdownPhase2);
        env.trace(new TraceEvent.TimerArmed(machine + "/shutdown", t.deadline(), "shutdown phase=" + SHUTDOWN_PHASE_NS + "ns"));
    }

    /**
     * Phase 2: the core processes are killed and exit, "Heartbeat restart triggered." (heartbeat.c:3788-3797), and
     * restart_heartbeat sleeps ceil(deadtime) + 1 s before exec'ing a fresh daemon (heartbeat.c:4212-4255).
     */
    private void finalShutdownPhase2() {
        log("info: " + cfg.localNode() + " Heartbeat shutdown complete.");
        log("info: Heartbeat restart triggered.");
        log("info: Restarting heartbeat.");
        log("info: Performing heartbeat restart exec.");
        exitDaemon();
        setRole(Role.STOPPED);
        long sleep = restartSleepNs(cfg.deadNs());
        restartTimer = env.after(sleep, "heartbeat/restart", () -> {
            restartTimer = null;
            startDaemon();
        });
        env.trace(new TraceEvent.TimerArmed(machine + "/restart", restartTimer.deadline(), "restart sleep=" + sleep + "ns"));
    }

    /** ResourceManager givegroup for the group: every resource stopped, in reverse order. */
    private void relinquish() {
        log("info: Giving up all HA resources.");
        log("info: Releasing resource group: " + cfg.primary() + " " + resourceList());
        List<HeartbeatConfig.IpResource> rs = cfg.resources();
        for (int i = rs.size() - 1; i >= 0; i--) {
            HeartbeatConfig.IpResource r = rs.get(i);
            log("info: Running /etc/ha.d/resource.d/IPaddr2 " + r.address() + "/" + r.device() + " stop");
            if (stack.iface(r.device()) != null && stack.iface(r.device()).addresses().contains(r.address())) stack.removeAddress(r.device(), r.address());
        }
        setRole(Role.STANDBY);
        log("info: All HA resources relinquished.");
    }

    private void exitDaemon() {
        incarnation++;
        cancelTimers();
        stack.unbindUdp(cfg.port());
        rsc = RscState.SHUTDOWN;
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
                arm(i * GARP_INTERVAL_NS, "heartbeat/IPaddr2/garp", () -> {
                    if (role == Role.ACTIVE && stack.iface(r.device()) != null) stack.sendGratuitousArp(r.device(), r.address().address(), ifc.mac());
                });
            }
        }
        setRole(Role.ACTIVE);
        sendStatus(); // tell the peer at once who holds the group now
    }

    /** A timer of this daemon: it does nothing once the daemon has exited. */
    private TimerHandle arm(long delayNs, String name, Runnable action) {
        int mine = incarnation;
        return env.after(delayNs, name, () -> {
            if (incarnation == mine) action.run();
        });
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
        cancel(rqstTimer);
    }

    private static void cancel(TimerHandle t) {
        if (t != null) t.cancel();
    }

    private void log(String text) {
        env.trace(new TraceEvent.Log(PROGRAM, text));
    }
}
