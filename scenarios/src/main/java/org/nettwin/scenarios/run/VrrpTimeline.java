package org.nettwin.scenarios.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Who was VRRP master of what, and when, read back from a run's trace: the one place that decides which
 * node counts as master (the scenario expectations {@code vrrp-state} and {@code single-master} use it; the
 * chaos split-brain invariant judges the same thing and should too).
 *
 * <p>A node is master of an instance while its last traced state for it ("vrrp/NAME") is MASTER and its
 * keepalived runs ("process/keepalived" RUNNING). A stopped or killed keepalived is no master (a killed one
 * keeps its VIP but neither advertises nor answers as VRRP), nor is a crashed node ("node" CRASHED); either
 * way its old states are forgotten, and a restarted keepalived counts from the states it traces anew.
 */
public final class VrrpTimeline {
    /**
     * Two masters for less than this are the normal hand-over (a preempting master's first advert takes a link
     * delay to reach the old one), not a split brain. The chaos invariant uses the same second.
     */
    public static final long HANDOVER_TOLERANCE_NS = Time.S;

    private static final String VRRP = "vrrp/";
    private static final String KEEPALIVED = "process/keepalived";
    private static final String RUNNING = "RUNNING";
    private static final String MASTER = "MASTER";

    /** The masters of {@code instance} from {@code timeNs} on, until the next change of the same instance. */
    public record Masters(long timeNs, String instance, Set<String> nodes) {}

    /** One node's instance entering {@code state} at {@code timeNs}; null state: it stopped counting (keepalived down, node crashed). */
    private record StateAt(long timeNs, String state) {}

    private final List<Masters> masters = new ArrayList<>();
    private final Map<String, List<StateAt>> states = new HashMap<>();

    private VrrpTimeline() {}

    public static VrrpTimeline of(List<TraceRecord> trace) {
        VrrpTimeline t = new VrrpTimeline();
        Map<String, Map<String, String>> stateByInstance = new TreeMap<>();
        Set<String> running = new HashSet<>();
        Map<String, Set<String>> lastMasters = new HashMap<>();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.StateChanged s)) continue;
            boolean processChange = s.machine().equals(KEEPALIVED) || s.machine().equals(NodeIncarnations.MACHINE);
            if (processChange) {
                if (s.machine().equals(KEEPALIVED) && s.to().equals(RUNNING)) {
                    running.add(r.node());
                } else if (!s.to().equals(NodeIncarnations.UP)) {
                    running.remove(r.node());
                    for (Map.Entry<String, Map<String, String>> e : stateByInstance.entrySet()) {
                        if (e.getValue().remove(r.node()) != null) t.record(r.time(), r.node(), e.getKey(), null);
                    }
                }
            } else if (s.machine().startsWith(VRRP)) {
                String instance = s.machine().substring(VRRP.length());
                stateByInstance.computeIfAbsent(instance, k -> new TreeMap<>()).put(r.node(), s.to());
                t.record(r.time(), r.node(), instance, s.to());
            } else {
                continue;
            }
            for (Map.Entry<String, Map<String, String>> e : stateByInstance.entrySet()) {
                Set<String> now = new TreeSet<>();
                e.getValue().forEach((node, state) -> { if (state.equals(MASTER) && running.contains(node)) now.add(node); });
                if (!now.equals(lastMasters.getOrDefault(e.getKey(), Set.of()))) {
                    lastMasters.put(e.getKey(), now);
                    t.masters.add(new Masters(r.time(), e.getKey(), Set.copyOf(now)));
                }
            }
        }
        return t;
    }

    private void record(long timeNs, String node, String instance, String state) {
        states.computeIfAbsent(node + " " + instance, k -> new ArrayList<>()).add(new StateAt(timeNs, state));
    }

    /** Every change of an instance's set of masters, in trace order. */
    public List<Masters> changes() {
        return List.copyOf(masters);
    }

    /**
     * The state {@code node}'s {@code instance} was in at {@code timeNs}, after everything traced at that instant;
     * empty if it had none then (keepalived not started or not running, node crashed).
     */
    public Optional<String> stateAt(String node, String instance, long timeNs) {
        String state = null;
        for (StateAt s : states.getOrDefault(node + " " + instance, List.of())) {
            if (s.timeNs() > timeNs) break;
            state = s.state();
        }
        return Optional.ofNullable(state);
    }

    /** A time span during which an instance had two or more masters. */
    public record MultiMaster(String instance, long fromNs, long toNs, Set<String> nodes) {
        public long lengthNs() { return toNs - fromNs; }
    }

    /**
     * The spans, within [{@code fromNs}, {@code endNs}], during which an instance ({@code instance}, or any
     * when null) had two or more masters for longer than the hand-over tolerance; {@code nodes} is everyone
     * who was master during the span.
     */
    public List<MultiMaster> multiMasters(String instance, long fromNs, long endNs) {
        List<MultiMaster> spans = new ArrayList<>();
        Map<String, Long> since = new HashMap<>();
        Map<String, Set<String>> who = new HashMap<>();
        for (Masters m : masters) {
            if (instance != null && !instance.equals(m.instance())) continue;
            if (m.nodes().size() >= 2) {
                since.putIfAbsent(m.instance(), m.timeNs());
                who.computeIfAbsent(m.instance(), k -> new TreeSet<>()).addAll(m.nodes());
            } else if (since.containsKey(m.instance())) {
                addSpan(spans, m.instance(), since.remove(m.instance()), m.timeNs(), who.remove(m.instance()), fromNs, endNs);
            }
        }
        since.forEach((i, from) -> addSpan(spans, i, from, endNs, who.get(i), fromNs, endNs));
        spans.sort(java.util.Comparator.comparingLong(MultiMaster::fromNs));
        return spans;
    }

    private static void addSpan(List<MultiMaster> spans, String instance, long from, long to, Set<String> nodes, long fromNs, long endNs) {
        long a = Math.max(from, fromNs);
        long b = Math.min(to, endNs);
        if (b - a > HANDOVER_TOLERANCE_NS) spans.add(new MultiMaster(instance, a, b, Set.copyOf(nodes)));
    }
}
