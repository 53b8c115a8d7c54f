package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Which nodes held a virtual address over time: a VRRP VIP, a Heartbeat resource, any address that moves between
 * nodes. Holding is read from the kernel's log lines {@code ip addr add A/LEN dev D} and {@code ip addr del A/LEN dev
 * D}, whoever issued them (keepalived, Heartbeat, a notify script, a setup command). An address is virtual when two
 * or more nodes held it during the run and its holders changed after it was first held; an address two sites both
 * configure at boot and never touch again (the same LAN prefix in two clouds) is not. Two holders at once is a
 * duplicate address on the network: what a split brain looks like to the hosts using it.
 */
public record AddressOwnership(String address, List<RoleOwnership.Segment> timeline) {
    private static final String ADD = "ip addr add ";
    private static final String DEL = "ip addr del ";

    public AddressOwnership {
        timeline = List.copyOf(timeline);
    }

    /** Time during which two or more nodes held the address. */
    public long duplicateNs() {
        return timeline.stream().filter(s -> s.owners().size() > 1).mapToLong(RoleOwnership.Segment::durationNs).sum();
    }

    /** Every virtual address in {@code trace}, sorted by address text. */
    public static List<AddressOwnership> of(List<TraceRecord> trace, long endNs) {
        record Key(String address, String node) {}
        Map<Key, Long> heldSince = new HashMap<>();
        Map<String, List<StateSegment>> held = new TreeMap<>();
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.Log l) || !l.program().equals("kernel")) continue;
            boolean add = l.text().startsWith(ADD);
            if (!add && !l.text().startsWith(DEL)) continue;
            String address = address(l.text().substring(ADD.length()));
            Key k = new Key(address, r.node());
            if (add) heldSince.putIfAbsent(k, r.time());
            else {
                Long since = heldSince.remove(k);
                if (since != null) held.computeIfAbsent(address, a -> new ArrayList<>()).add(new StateSegment(r.node(), address, "held", since, r.time()));
            }
        }
        heldSince.forEach((k, since) -> held.computeIfAbsent(k.address(), a -> new ArrayList<>())
                .add(new StateSegment(k.node(), k.address(), "held", since, Math.max(endNs, since))));
        List<AddressOwnership> out = new ArrayList<>();
        held.forEach((address, segments) -> {
            TreeSet<String> nodes = new TreeSet<>();
            segments.forEach(s -> nodes.add(s.node()));
            List<RoleOwnership.Segment> timeline = RoleOwnership.sweep(segments, endNs);
            long firstHeld = segments.stream().mapToLong(StateSegment::startNs).min().orElse(0);
            long changes = timeline.stream().filter(s -> s.startNs() > firstHeld).count();
            if (nodes.size() >= 2 && changes >= 1) out.add(new AddressOwnership(address, timeline));
        });
        return out;
    }

    /** "192.168.0.254/24 dev eth0" → "192.168.0.254". */
    private static String address(String rest) {
        int end = rest.indexOf('/');
        if (end < 0) end = rest.indexOf(' ');
        return end < 0 ? rest : rest.substring(0, end);
    }
}
