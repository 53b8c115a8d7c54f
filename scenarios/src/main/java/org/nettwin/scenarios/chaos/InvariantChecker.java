package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ProbeSpec;

/**
 * Checks a finished chaos run's trace against the {@link Invariant}s. Each invariant yields at most
 * one violation (its first occurrence, with a count where that helps), in order of time.
 */
public final class InvariantChecker {
    private static final String VRRP = "vrrp/";
    private static final String CLUSTER = "cluster/";
    private static final String IPSEC = "ipsec/";
    private static final String KEEPALIVED = "process/keepalived";
    private static final String RUNNING = "RUNNING";
    /** The state in which a VRRP instance or a Heartbeat group holds the shared address. */
    private static final Map<String, String> HOLDING = Map.of(VRRP, "MASTER", CLUSTER, "ACTIVE");
    private static final String TUNNEL_UP = "UP";

    private final ChaosOptions options;

    /** @param options resolved for the network ({@link ChaosOptions#resolve}): the checks need its recovery bound */
    public InvariantChecker(ChaosOptions options) {
        if (options.recoveryBoundNs() == ChaosOptions.DERIVED) throw new IllegalArgumentException("resolve the recovery bound first");
        this.options = options;
    }

    /** The violations of {@code run}, whose faults are read from its scenario's events ({@link Disturbance}). */
    public List<Violation> check(ScenarioRunner.CompletedRun run) {
        List<Disturbance> disturbances = Disturbance.of(run.spec());
        List<Violation> violations = new ArrayList<>();
        long end = run.result().simulatedNs();
        splitBrain(run.trace(), disturbances, end).ifPresent(violations::add);
        reachability(run, Disturbance.lastClearNs(disturbances)).ifPresent(violations::add);
        tunnelDown(run.trace(), Disturbance.lastClearNs(disturbances)).ifPresent(violations::add);
        forwardingLoop(run.trace()).ifPresent(violations::add);
        interfaceDown(run.trace()).ifPresent(violations::add);
        // Earliest first: a shrink keeps the invariant that broke first, usually the cause of the others.
        violations.sort(Comparator.comparingLong(Violation::atNs));
        return violations;
    }

    // ------------------------------------------------------------------ (a) one master per instance

    /**
     * Two or more nodes holding one shared address, for longer than the hand-over tolerance, at a time that is
     * neither the start-up convergence nor within a path fault or the recovery bound after it. Holding is a VRRP
     * instance in MASTER on a node whose keepalived runs (a stopped or killed keepalived is not a master: a
     * killed one keeps its VIP, but it neither advertises nor answers as VRRP), or a Heartbeat group ACTIVE.
     */
    private Optional<Violation> splitBrain(List<TraceRecord> trace, List<Disturbance> disturbances, long end) {
        List<long[]> excused = new ArrayList<>();
        excused.add(new long[] {0, options.recoveryBoundNs()});
        for (Disturbance d : disturbances) {
            if (d.partition()) excused.add(new long[] {d.fromNs(), d.toNs() + options.recoveryBoundNs()});
        }
        excused.sort(Comparator.comparingLong(w -> w[0]));

        Map<String, Map<String, String>> stateByInstance = new TreeMap<>();
        Set<String> running = new HashSet<>();
        Map<String, Long> dualSince = new HashMap<>();
        Map<String, Set<String>> dualMasters = new HashMap<>();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.StateChanged s)) continue;
            if (s.machine().equals(KEEPALIVED)) {
                if (s.to().equals(RUNNING)) {
                    running.add(r.node());
                } else {
                    running.remove(r.node());
                    // A restarted keepalived begins afresh; its old state must not count until it traces a new one.
                    stateByInstance.values().forEach(m -> m.remove(r.node()));
                }
            } else if (s.machine().startsWith(VRRP) || s.machine().startsWith(CLUSTER)) {
                stateByInstance.computeIfAbsent(s.machine(), k -> new TreeMap<>()).put(r.node(), s.to());
            } else {
                continue;
            }
            for (Map.Entry<String, Map<String, String>> e : stateByInstance.entrySet()) {
                boolean vrrp = e.getKey().startsWith(VRRP);
                String holding = HOLDING.get(vrrp ? VRRP : CLUSTER);
                Set<String> masters = new TreeSet<>();
                e.getValue().forEach((node, state) -> { if (state.equals(holding) && (!vrrp || running.contains(node))) masters.add(node); });
                String instance = e.getKey();
                if (masters.size() >= 2) {
                    dualSince.putIfAbsent(instance, r.time());
                    dualMasters.merge(instance, masters, (a, b) -> { a.addAll(b); return a; });
                } else if (dualSince.containsKey(instance)) {
                    Optional<Violation> v = splitEpisode(instance, dualSince.remove(instance), r.time(), dualMasters.remove(instance), excused);
                    if (v.isPresent()) return v;
                }
            }
        }
        for (Map.Entry<String, Long> open : dualSince.entrySet()) {
            Optional<Violation> v = splitEpisode(open.getKey(), open.getValue(), end, dualMasters.get(open.getKey()), excused);
            if (v.isPresent()) return v;
        }
        return Optional.empty();
    }

    private Optional<Violation> splitEpisode(String instance, long from, long to, Set<String> masters, List<long[]> excused) {
        if (to - from <= ChaosOptions.SPLIT_BRAIN_TOLERANCE_NS) return Optional.empty();
        long t = from;
        // The first instant of [from, to) outside every excused window (they are sorted by start).
        for (long[] w : excused) {
            if (w[0] <= t && t < w[1]) t = w[1];
        }
        if (t >= to) return Optional.empty();
        String holders = instance.startsWith(VRRP) ? " masters (" : " active nodes (";
        return Optional.of(new Violation(Invariant.SPLIT_BRAIN, t, instance + " has " + masters.size()
                + holders + String.join(", ", masters) + ") from " + Time.format(from) + " to " + Time.format(to)
                + " with no path fault to excuse it"));
    }

    // ------------------------------------------------------------------ (b) reachability restored

    /**
     * Every request sent at or after (last clear + recovery bound) got a reply. A request's send time is
     * its reply's time minus the RTT, a timeout's time minus the probe's timeout, or, for an ICMP error,
     * the error's arrival (later than the send by a round trip at most).
     */
    private Optional<Violation> reachability(ScenarioRunner.CompletedRun run, long lastClearNs) {
        long from = lastClearNs + options.recoveryBoundNs();
        Map<String, Long> timeouts = new HashMap<>();
        for (ProbeSpec p : run.spec().probes()) if (p instanceof PingSpec ping) timeouts.put(ping.name(), ping.timeoutNs());
        record Request(String probe, int seq) {}
        Map<Request, Long> sentAt = new LinkedHashMap<>();
        Map<Request, ProbeOutcome> outcome = new HashMap<>();
        Set<Request> answered = new HashSet<>();
        for (TraceRecord r : run.trace()) {
            if (!(r.event() instanceof TraceEvent.ProbeResult p) || p.outcome() == ProbeOutcome.REDIRECT) continue;
            Request q = new Request(p.probe(), p.seq());
            if (p.outcome() == ProbeOutcome.REPLY) answered.add(q);
            if (sentAt.containsKey(q)) continue;
            long sent = switch (p.outcome()) {
                case REPLY -> r.time() - p.rttNs();
                case TIMEOUT -> r.time() - timeouts.getOrDefault(p.probe(), 0L);
                default -> r.time();
            };
            sentAt.put(q, sent);
            outcome.put(q, p.outcome());
        }
        List<Request> lost = sentAt.entrySet().stream().filter(e -> e.getValue() >= from && !answered.contains(e.getKey()))
                .map(Map.Entry::getKey).toList();
        if (lost.isEmpty()) return Optional.empty();
        Request first = lost.get(0);
        long checked = sentAt.values().stream().filter(t -> t >= from).count();
        return Optional.of(new Violation(Invariant.REACHABILITY, sentAt.get(first), lost.size() + " of " + checked
                + " requests sent from " + Time.format(from) + " (" + Time.format(options.recoveryBoundNs())
                + " after the last fault cleared) got no reply; first: probe " + first.probe() + " seq " + first.seq() + " " + outcome.get(first)));
    }

    // ------------------------------------------------------------------ (c) no tunnel left down

    /**
     * Every IPsec tunnel that has a traced state ("ipsec/NAME") is UP from (last clear + recovery bound) to the
     * end: the bound includes the tunnel's DPD and IKE retry timers ({@link NetworkSurvey}), so a tunnel still
     * or again down then was left down after its cause had cleared.
     */
    private Optional<Violation> tunnelDown(List<TraceRecord> trace, long lastClearNs) {
        long from = lastClearNs + options.recoveryBoundNs();
        record Tunnel(String node, String machine) {}
        Map<Tunnel, String> stateAtFrom = new TreeMap<>(Comparator.comparing(Tunnel::node).thenComparing(Tunnel::machine));
        Optional<Violation> firstLater = Optional.empty();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.StateChanged s) || !s.machine().startsWith(IPSEC)) continue;
            Tunnel t = new Tunnel(r.node(), s.machine());
            if (r.time() <= from) {
                stateAtFrom.put(t, s.to());
            } else if (!s.to().equals(TUNNEL_UP) && firstLater.isEmpty()) {
                firstLater = Optional.of(new Violation(Invariant.TUNNEL_DOWN, r.time(), t.node() + " " + t.machine().substring(IPSEC.length())
                        + " went " + s.to() + " at " + Time.format(r.time()) + ", " + Time.format(r.time() - lastClearNs) + " after the last fault cleared"));
            } else {
                stateAtFrom.putIfAbsent(t, s.from());
            }
        }
        List<String> down = new ArrayList<>();
        stateAtFrom.forEach((t, state) -> { if (!state.equals(TUNNEL_UP)) down.add(t.node() + " " + t.machine().substring(IPSEC.length()) + " " + state); });
        if (!down.isEmpty()) {
            return Optional.of(new Violation(Invariant.TUNNEL_DOWN, from, "not UP " + Time.format(options.recoveryBoundNs())
                    + " after the last fault cleared: " + String.join(", ", down)));
        }
        return firstLater;
    }

    // ------------------------------------------------------------------ (d) no forwarding loop

    private static Optional<Violation> forwardingLoop(List<TraceRecord> trace) {
        List<TraceRecord> expired = trace.stream()
                .filter(r -> r.event() instanceof TraceEvent.Dropped d && d.reason() == DropReason.TTL_EXCEEDED).toList();
        if (expired.isEmpty()) return Optional.empty();
        TraceRecord first = expired.get(0);
        return Optional.of(new Violation(Invariant.FORWARDING_LOOP, first.time(),
                expired.size() + " packets dropped with TTL exceeded; first at " + first.node() + ": " + first.event().describe()));
    }

    // ------------------------------------------------------------------ (e) no interface left down

    /**
     * Interfaces (admin state "if/X" and carrier "if/X/carrier") that were up, went down and are still down
     * at the end: every fault has been cleared by then, so nothing should hold them down.
     */
    private static Optional<Violation> interfaceDown(List<TraceRecord> trace) {
        record Machine(String node, String name) {}
        Map<Machine, String> firstFrom = new LinkedHashMap<>();
        Map<Machine, TraceRecord> last = new LinkedHashMap<>();
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.StateChanged s && s.machine().startsWith("if/")) {
                Machine m = new Machine(r.node(), s.machine());
                firstFrom.putIfAbsent(m, s.from());
                last.put(m, r);
            }
        }
        List<String> down = new ArrayList<>();
        long since = Long.MAX_VALUE;
        for (Map.Entry<Machine, TraceRecord> e : last.entrySet()) {
            TraceEvent.StateChanged s = (TraceEvent.StateChanged) e.getValue().event();
            if (s.to().equals("DOWN") && firstFrom.get(e.getKey()).equals("UP")) {
                down.add(e.getKey().node() + " " + e.getKey().name().substring(3) + " (since " + Time.format(e.getValue().time()) + ")");
                since = Math.min(since, e.getValue().time());
            }
        }
        if (down.isEmpty()) return Optional.empty();
        return Optional.of(new Violation(Invariant.INTERFACE_DOWN, since, "still down at the end: " + String.join(", ", down)));
    }
}
