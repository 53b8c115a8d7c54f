package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * A state machine of {@code node} moved {@code from} → {@code to} at {@code timeNs}; {@code from} is null when the
 * earlier state is unknown. Besides StateChanged records, routes are followed as machines "route/&lt;prefix&gt;"
 * from the kernel's "ip route add|replace|change|del" log lines, with the route's next hop as the state and
 * "absent" after a delete: route swaps are how seeds 000 and 002 fail over.
 */
public record StateChange(long timeNs, String node, String machine, String from, String to) {
    public static final String ROUTE_ABSENT = "absent";
    private static final String ROUTE_PREFIX = "ip route ";

    /** All state changes of a trace, in trace order. */
    public static List<StateChange> of(List<TraceRecord> trace) {
        List<StateChange> out = new ArrayList<>();
        Map<String, String> routeState = new HashMap<>();
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.StateChanged s) {
                out.add(new StateChange(r.time(), r.node(), s.machine(), s.from(), s.to()));
            } else if (r.event() instanceof TraceEvent.Log l && l.program().equals("kernel") && l.text().startsWith(ROUTE_PREFIX)) {
                StateChange c = routeChange(r.time(), r.node(), l.text().substring(ROUTE_PREFIX.length()), routeState);
                if (c != null) out.add(c);
            }
        }
        return out;
    }

    /** "replace default via 192.168.0.254 dev eth0" → route/default "via 192.168.0.254 dev eth0"; "del 10.0.0.0/8" → absent. */
    private static StateChange routeChange(long time, String node, String command, Map<String, String> known) {
        String[] words = command.split(" ", 3);
        if (words.length < 2) return null;
        String machine = "route/" + words[1];
        String to = switch (words[0]) {
            case "add", "replace", "change" -> words.length == 3 ? words[2] : "present";
            case "del", "delete" -> ROUTE_ABSENT;
            default -> null;
        };
        if (to == null) return null;
        String from = known.put(node + " " + machine, to);
        return new StateChange(time, node, machine, from, to);
    }
}
