package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.heartbeat.HeartbeatNode;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.ipsec.IpsecTunnel;
import org.nettwin.protocols.ipsec.TunnelConfig;
import org.nettwin.protocols.keepalived.Keepalived;
import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.vrrp.VrrpInstance;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;
import org.nettwin.protocols.vrrp.VrrpTiming;
import org.nettwin.scenarios.run.Network;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.topologies.LinkSpec;

/**
 * What a network offers chaos, found by building it and running it once without faults: the links, and what
 * each node runs once booted (keepalived, a Heartbeat cluster, PPPoE sessions, IPsec tunnels), so that faults
 * are drawn from the network itself and not from a list per network. It also collects the timers its recovery
 * waits on, each read from the running configuration, from which the recovery bound and the longest fault
 * are derived (docs/chaos.md, "Recovery bound").
 */
public final class NetworkSurvey {
    /**
     * The floor of every recovery bound: a Linux neighbour that stopped answering is found FAILED and resolved
     * afresh after delay_first_probe 5 s + 3 unicast probes × retrans 1 s (protocol-facts §7), plus 2 s for a
     * probe to be sent and answered on the new path.
     */
    public static final long NEIGHBOUR_RECOVERY_NS = (5 + 3 + 2) * Time.S;

    /** A PPPoE session dialled by {@code node}, controlled with {@code pon/poff provider}. */
    public record PppSession(String node, String iface, String provider) {}

    /** An IPsec tunnel interface {@code name} on {@code node}. */
    public record Tunnel(String node, String name) {}

    /**
     * One mechanism the network's recovery waits on: how long it takes to notice a failure ({@code detectNs})
     * and, once the cause has cleared, to have recovered at the latest ({@code recoverNs}), with how that was derived.
     */
    public record RecoveryTimer(String what, long detectNs, long recoverNs, String derivation) {
        @Override public String toString() {
            return what + ": " + secs(recoverNs) + " (" + derivation + ")";
        }
    }

    private static final Pattern DEAD_TIMER = Pattern.compile("\\w+ dead=(\\d+)ns");
    private static final Pattern RQSTDELAY_TIMER = Pattern.compile("rqstdelay delay=(\\d+)ns");
    private static final String CLUSTER = "cluster/";

    private final List<LinkSpec> links;
    private final List<String> keepalivedNodes;
    private final List<String> heartbeatNodes;
    private final List<PppSession> pppSessions;
    private final List<Tunnel> tunnels;
    private final List<RecoveryTimer> timers;

    private NetworkSurvey(List<LinkSpec> links, List<String> keepalivedNodes, List<String> heartbeatNodes, List<PppSession> pppSessions,
                          List<Tunnel> tunnels, List<RecoveryTimer> timers) {
        this.links = List.copyOf(links);
        this.keepalivedNodes = List.copyOf(keepalivedNodes);
        this.heartbeatNodes = List.copyOf(heartbeatNodes);
        this.pppSessions = List.copyOf(pppSessions);
        this.tunnels = List.copyOf(tunnels);
        this.timers = List.copyOf(timers);
    }

    /**
     * Builds {@code base}'s network, runs it for {@code durationNs} without faults or probes, and reads off what
     * it runs. The kernel's seed is the base's: the survey is as deterministic as any run.
     */
    public static NetworkSurvey of(ScenarioSpec base, long durationNs) throws ConfigError {
        List<TraceRecord> trace = new ArrayList<>();
        try (SimKernel kernel = new SimKernel(new KernelConfig(base.seed(), HostMode.INLINE, 1))) {
            Network net = Network.build(base.topology(), kernel);
            kernel.addTraceListener(trace::add);
            kernel.runUntil(durationNs);
            return read(base, net, trace);
        }
    }

    private static NetworkSurvey read(ScenarioSpec base, Network net, List<TraceRecord> trace) {
        List<String> keepalived = new ArrayList<>();
        List<PppSession> ppp = new ArrayList<>();
        List<Tunnel> tunnels = new ArrayList<>();
        List<RecoveryTimer> timers = new ArrayList<>();
        timers.add(new RecoveryTimer("Linux neighbour re-resolution", 0, NEIGHBOUR_RECOVERY_NS,
                "delay 5 s + 3 probes × 1 s, protocol-facts §7, + 2 s for a probe's round trip"));
        for (Map.Entry<String, NodeStack> e : net.stacks().entrySet()) {
            String node = e.getKey();
            LinuxHost host = net.host(node);
            long vrrpRecovery = 0;
            if (host != null && host.keepalived().isPresent()) {
                keepalived.add(node);
                RecoveryTimer vrrp = vrrp(node, host.keepalived().get());
                timers.add(vrrp);
                vrrpRecovery = vrrp.recoverNs();
            }
            for (NetInterface ifc : e.getValue().interfaces()) {
                // Only the dialling end: pppd's `defaultroute` is a client option; the access concentrator's end
                // is the provider's, and its line dropping is already a link fault.
                if (ifc.ppp() != null && ifc.ppp().defaultRoute()) {
                    ppp.add(new PppSession(node, ifc.name(), ifc.ppp().provider()));
                    // The session's routes come back after pppd's connect; a keepalived tracking it then recovers.
                    timers.add(new RecoveryTimer("PPPoE " + node + ":" + ifc.name(), 0, ifc.ppp().connectNs() + vrrpRecovery,
                            "connect " + secs(ifc.ppp().connectNs()) + (vrrpRecovery > 0 ? " + VRRP recovery on " + node : "")));
                }
                IpsecTunnel t = IpsecTunnel.find(e.getValue(), ifc.name()).orElse(null);
                if (t != null) {
                    tunnels.add(new Tunnel(node, ifc.name()));
                    timers.add(tunnel(node, t.config()));
                }
            }
        }
        List<String> heartbeat = heartbeat(trace, timers);
        return new NetworkSurvey(base.topology().links(), keepalived, heartbeat, ppp, tunnels, timers);
    }

    /**
     * A VRRP router notices a silent master after Master_Down_Interval (at the lowest priority, whose skew is the
     * largest, RFC 3768 §6.1) and a failing track script after interval × fall; it recovers after the master down
     * interval, one advert interval more (keepalived 1.2.13 waits one, protocol-facts §2.4), any preempt delay,
     * and the slowest script's interval × (fall + rise) + timeout.
     */
    private static RecoveryTimer vrrp(String node, Keepalived keepalived) {
        long masterDown = 0, advert = 0, preempt = 0;
        for (VrrpInstance i : keepalived.instances()) {
            VrrpInstanceConfig c = i.config();
            masterDown = Math.max(masterDown, VrrpTiming.toNanos(VrrpTiming.masterDownMicros(c.version(), 1, c.advertIntervalMicros(), VrrpTiming.DOWN_TIMER_ADVERTS)));
            advert = Math.max(advert, VrrpTiming.toNanos(c.advertIntervalMicros()));
            preempt = Math.max(preempt, VrrpTiming.toNanos(c.preemptDelayMicros()));
        }
        long scriptFail = 0, scriptCycle = 0;
        for (VrrpScriptConfig s : keepalived.config().scripts()) {
            long interval = VrrpTiming.toNanos(s.intervalMicros());
            scriptFail = Math.max(scriptFail, interval * Math.max(1, s.fall()));
            scriptCycle = Math.max(scriptCycle, interval * (Math.max(1, s.fall()) + Math.max(1, s.rise())) + VrrpTiming.toNanos(s.timeoutMicros()));
        }
        return new RecoveryTimer("VRRP on " + node, Math.max(masterDown, scriptFail), masterDown + advert + preempt + scriptCycle,
                "master down " + secs(masterDown) + " + advert " + secs(advert) + " + preempt delay " + secs(preempt)
                        + " + track scripts " + secs(scriptCycle));
    }

    /**
     * A tunnel with DPD finds a dead peer after at most {@link DeadPeerDetection#latestDetectionNs()} (RFC 3706,
     * protocol-facts §5.1-5.3); when the cause clears the far side may still have to find out the same way before
     * an initiator's next attempt, one retry interval later, brings it UP.
     */
    private static RecoveryTimer tunnel(String node, TunnelConfig c) {
        long detect = c.dpd() == null ? 0 : c.dpd().latestDetectionNs();
        return new RecoveryTimer("IPsec " + node + ":" + c.name(), detect, detect + c.retryNs(),
                (c.dpd() == null ? "no DPD" : "DPD " + c.dpd().mode().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + secs(c.dpd().intervalNs()) + " × " + c.dpd().count() + ", latest " + secs(detect))
                        + " + IKE retry " + secs(c.retryNs()));
    }

    /**
     * Heartbeat groups, read from the trace (the cluster's state machine "cluster/GROUP" and its armed timers): a peer
     * is declared dead after deadtime, a node started alone waits initdead, the peer's keepalive is the longest
     * spacing of the dead timer's re-arming in the fault-free run (a status sent at takeover comes sooner), and two
     * nodes starting together wait RQSTDELAY (the "rqstdelay" timer) before the primary takes the group. Recovery is
     * the slower of two paths:
     * <ul>
     *   <li>a peer back after a fault: the longer of deadtime and initdead, plus one keepalive;</li>
     *   <li>a partition healing after both declared the other dead: the first heartbeat across comes within a
     *       keepalive; then the restart hold-off, the shutdown phases and the restart sleep of
     *       {@link HeartbeatNode#partitionRestartNs} (2 s + 2 × 1 s + ceil(deadtime) + 1 s, heartbeat 3.0.6
     *       heartbeat.c:5720, hb_resource.c:244, heartbeat.c:2158, 4250), during which nobody holds the group; then
     *       the fresh daemons' start, RQSTDELAY, plus one keepalive for their start exchange (communication comes up
     *       on the peer's first message and two reports cross: a few link delays, bounded by the keepalive).</li>
     * </ul>
     */
    private static List<String> heartbeat(List<TraceRecord> trace, List<RecoveryTimer> timers) {
        Set<String> nodes = new LinkedHashSet<>();
        Map<String, Long> dead = new HashMap<>(), initDead = new HashMap<>(), lastArmed = new HashMap<>(), keepalive = new HashMap<>(), rqst = new HashMap<>();
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.StateChanged s && s.machine().startsWith(CLUSTER)) nodes.add(r.node());
            if (!(r.event() instanceof TraceEvent.TimerArmed t) || !t.name().startsWith(CLUSTER)) continue;
            Matcher q = RQSTDELAY_TIMER.matcher(t.reason());
            if (t.name().endsWith("/rqstdelay") && q.matches()) rqst.merge(r.node(), Long.parseLong(q.group(1)), Math::max);
            Matcher m = DEAD_TIMER.matcher(t.reason());
            if (!m.matches()) continue;
            long ns = Long.parseLong(m.group(1));
            if (t.name().endsWith("/initdead")) {
                initDead.merge(r.node(), ns, Math::max);
            } else if (t.name().endsWith("/deadtime")) {
                dead.merge(r.node(), ns, Math::max);
                Long previous = lastArmed.put(r.node(), r.time());
                if (previous != null && r.time() > previous) keepalive.merge(r.node(), r.time() - previous, Math::max);
            }
        }
        for (String node : nodes) {
            long d = dead.getOrDefault(node, 0L), init = initDead.getOrDefault(node, 0L), k = keepalive.getOrDefault(node, 0L);
            // A node that never met its peer at start did not trace RQSTDELAY; its restart after a partition will.
            long q = rqst.getOrDefault(node, HeartbeatNode.RQSTDELAY_NS);
            long rejoin = Math.max(d, init) + k;
            long restart = HeartbeatNode.partitionRestartNs(d);
            long heal = k + restart + q + k;
            timers.add(new RecoveryTimer("Heartbeat on " + node, d, Math.max(rejoin, heal),
                    "max(max(deadtime " + secs(d) + ", initdead " + secs(init) + ") + keepalive " + secs(k) + " = " + secs(rejoin)
                            + "; partition heal: keepalive " + secs(k) + " + restart " + secs(restart) + " (hold-off "
                            + secs(HeartbeatNode.PARTITION_RESTART_DELAY_NS) + " + " + HeartbeatNode.SHUTDOWN_PHASES + " shutdown phases × "
                            + secs(HeartbeatNode.SHUTDOWN_PHASE_NS) + " + sleep " + secs(HeartbeatNode.restartSleepNs(d)) + ") + RQSTDELAY "
                            + secs(q) + " + keepalive " + secs(k) + " = " + secs(heal) + ")"));
        }
        return List.copyOf(nodes);
    }

    /** Seconds to the millisecond, as the derivations are read: "3.996 s". */
    static String secs(long ns) {
        return String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
    }

    public List<LinkSpec> links() { return links; }

    /** Nodes whose keepalived runs once booted. */
    public List<String> keepalivedNodes() { return keepalivedNodes; }

    /** Nodes that run a Heartbeat cluster member. */
    public List<String> heartbeatNodes() { return heartbeatNodes; }

    public List<PppSession> pppSessions() { return pppSessions; }

    public List<Tunnel> tunnels() { return tunnels; }

    /** Every timer found, the Linux neighbour floor first. */
    public List<RecoveryTimer> timers() { return timers; }

    /** The timer that sets the recovery bound: the slowest to recover. */
    public RecoveryTimer slowestRecovery() {
        return timers.stream().max(Comparator.comparingLong(RecoveryTimer::recoverNs)).orElseThrow();
    }

    /** How long after the last fault cleared the network must have recovered: its slowest mechanism's recovery. */
    public long recoveryBoundNs() {
        return slowestRecovery().recoverNs();
    }

    /** The longest any mechanism takes to notice a failure: faults must be able to outlast it. */
    public long slowestDetectionNs() {
        return timers.stream().mapToLong(RecoveryTimer::detectNs).max().orElse(0);
    }

    /** Whether there is anything to break. */
    public boolean isEmpty() {
        return links.isEmpty() && keepalivedNodes.isEmpty() && heartbeatNodes.isEmpty() && pppSessions.isEmpty() && tunnels.isEmpty();
    }
}
