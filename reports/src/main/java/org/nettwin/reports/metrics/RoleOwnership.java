package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Who held a redundancy role over time: for VRRP instance "vrrp/VI_1" the nodes in MASTER, for a heartbeat cluster
 * "cluster/…" those ACTIVE. Each segment of {@code timeline} lists the holders (sorted) during [startNs, endNs);
 * more than one holder is split brain, none is an outage of the role.
 */
public record RoleOwnership(String machine, String activeState, List<Segment> timeline) {
    /** Machine families that carry a role, with the state that holds it. */
    public static final List<Rule> RULES = List.of(new Rule("vrrp/", "MASTER"), new Rule("cluster/", "ACTIVE"));

    public record Rule(String machinePrefix, String activeState) {}

    public record Segment(long startNs, long endNs, List<String> owners) {
        public Segment {
            owners = List.copyOf(owners);
        }

        public long durationNs() {
            return endNs - startNs;
        }
    }

    public RoleOwnership {
        timeline = List.copyOf(timeline);
    }

    /** The segments with more than one holder. */
    public List<Segment> splitBrain() {
        return timeline.stream().filter(s -> s.owners().size() > 1).toList();
    }

    public long splitBrainNs() {
        return splitBrain().stream().mapToLong(Segment::durationNs).sum();
    }

    /** Ownership of every role machine found in {@code segments}, in order of machine name. */
    public static List<RoleOwnership> of(List<StateSegment> segments, long endNs) {
        TreeSet<String> machines = new TreeSet<>();
        for (StateSegment s : segments) if (ruleFor(s.machine()) != null) machines.add(s.machine());
        List<RoleOwnership> out = new ArrayList<>();
        for (String m : machines) {
            String active = ruleFor(m).activeState();
            List<StateSegment> held = segments.stream().filter(s -> s.machine().equals(m) && s.state().equals(active)).toList();
            out.add(new RoleOwnership(m, active, sweep(held, endNs)));
        }
        return out;
    }

    private static Rule ruleFor(String machine) {
        return RULES.stream().filter(r -> machine.startsWith(r.machinePrefix())).findFirst().orElse(null);
    }

    /** Cuts [0, end) at every start and end of a holding segment and merges neighbours with the same holders. */
    static List<Segment> sweep(List<StateSegment> held, long endNs) {
        TreeSet<Long> cuts = new TreeSet<>(List.of(0L, endNs));
        for (StateSegment s : held) {
            cuts.add(s.startNs());
            cuts.add(s.endNs());
        }
        List<Segment> out = new ArrayList<>();
        Long prev = null;
        for (long t : cuts) {
            if (prev != null) {
                long at = prev;
                List<String> owners = held.stream().filter(s -> s.startNs() <= at && at < s.endNs()).map(StateSegment::node).sorted().distinct().toList();
                Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && last.owners().equals(owners)) out.set(out.size() - 1, new Segment(last.startNs(), t, owners));
                else out.add(new Segment(at, t, owners));
            }
            prev = t;
        }
        return out;
    }
}
