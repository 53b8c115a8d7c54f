package org.nettwin.scenarios.cloud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * The route tables of one AWS cloud through a run, read back from its trace: the routes of a table at any
 * moment, and the windows in which a destination had no route, i.e. cloud-to-device traffic was blackholed
 * between a notify script's delete-route and create-route (protocol-facts §8.0 item 5).
 */
public final class RouteTableHistory {
    /** A route changed at {@code timeNs}: {@code from} and {@code to} are instance ids or {@link AwsCloud#ABSENT}. */
    public record Change(long timeNs, String table, String destination, String from, String to) {}

    /** A span with no route: from {@code fromNs} (inclusive) until {@code untilNs} (exclusive; {@link #OPEN} if never restored). */
    public record Window(long fromNs, long untilNs) {
        public static final long OPEN = Long.MAX_VALUE;
    }

    private final List<Change> changes;

    private RouteTableHistory(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    /** Reads the changes AWS cloud {@code cloudName} traced (including the routes it started with, at the start). */
    public static RouteTableHistory fromTrace(Iterable<TraceRecord> trace, String cloudName) {
        List<Change> changes = new ArrayList<>();
        for (TraceRecord r : trace) {
            if (!r.node().equals(cloudName) || !(r.event() instanceof TraceEvent.StateChanged s) || !s.machine().startsWith(AwsCloud.ROUTE_MACHINE_PREFIX)) continue;
            // "cloud/<table>/<a.b.c.d/len>": a table id has no '/', the destination has one.
            String rest = s.machine().substring(AwsCloud.ROUTE_MACHINE_PREFIX.length());
            int slash = rest.indexOf('/');
            changes.add(new Change(r.time(), rest.substring(0, slash), rest.substring(slash + 1), s.from(), s.to()));
        }
        return new RouteTableHistory(changes);
    }

    public List<Change> changes() {
        return changes;
    }

    /** The routes of {@code table} once every change at or before {@code timeNs} is applied: destination -> instance id. */
    public Map<String, String> routesAt(String table, long timeNs) {
        Map<String, String> routes = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.timeNs() > timeNs) break;
            if (!c.table().equals(table)) continue;
            if (c.to().equals(AwsCloud.ABSENT)) routes.remove(c.destination());
            else routes.put(c.destination(), c.to());
        }
        return Collections.unmodifiableMap(routes);
    }

    /** The spans in which {@code destination} of {@code table} had no route after having had one. */
    public List<Window> absentWindows(String table, String destination) {
        List<Window> windows = new ArrayList<>();
        long absentSince = -1;
        for (Change c : changes) {
            if (!c.table().equals(table) || !c.destination().equals(destination)) continue;
            if (c.to().equals(AwsCloud.ABSENT)) {
                absentSince = c.timeNs();
            } else if (absentSince >= 0) {
                windows.add(new Window(absentSince, c.timeNs()));
                absentSince = -1;
            }
        }
        if (absentSince >= 0) windows.add(new Window(absentSince, Window.OPEN));
        return windows;
    }
}
