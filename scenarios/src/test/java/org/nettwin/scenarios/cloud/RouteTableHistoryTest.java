package org.nettwin.scenarios.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/** Reading route tables back from a trace: only the named cloud's route records count, in time order. */
class RouteTableHistoryTest {
    static TraceRecord route(long t, String cloud, String table, String dest, String from, String to) {
        return new TraceRecord(t, cloud, new TraceEvent.StateChanged(AwsCloud.machine(table, dest), from, to));
    }

    static final List<TraceRecord> TRACE = List.of(
            route(0, "aws", "rtb-1", "10.0.0.0/8", "absent", "i-1"),
            route(0, "aws", "rtb-2", "10.0.0.0/8", "absent", "i-9"),
            new TraceRecord(5, "aws", new TraceEvent.StateChanged("sim/440101234567890", "unset", "s1.fast")),
            route(10, "other-aws", "rtb-1", "10.0.0.0/8", "i-1", "absent"),
            route(20, "aws", "rtb-1", "10.0.0.0/8", "i-1", "absent"),
            // a node's record with a machine of the same shape is not the cloud's
            route(25, "gp1", "rtb-1", "10.0.0.0/8", "absent", "i-7"),
            route(30, "aws", "rtb-1", "10.0.0.0/8", "absent", "i-2"),
            route(40, "aws", "rtb-1", "10.0.0.0/8", "i-2", "absent"));

    @Test @DisplayName("routesAt applies every change at or before the instant, per table")
    void routesAt() {
        RouteTableHistory h = RouteTableHistory.fromTrace(TRACE, "aws");
        assertEquals(Map.of("10.0.0.0/8", "i-1"), h.routesAt("rtb-1", 19));
        assertEquals(Map.of(), h.routesAt("rtb-1", 20));
        assertEquals(Map.of("10.0.0.0/8", "i-2"), h.routesAt("rtb-1", 30));
        assertEquals(Map.of("10.0.0.0/8", "i-9"), h.routesAt("rtb-2", 40));
        assertEquals(Map.of(), h.routesAt("rtb-1", -1));
    }

    @Test @DisplayName("absent windows: closed by the next create, open when the route never comes back")
    void absentWindows() {
        RouteTableHistory h = RouteTableHistory.fromTrace(TRACE, "aws");
        assertEquals(List.of(new RouteTableHistory.Window(20, 30), new RouteTableHistory.Window(40, RouteTableHistory.Window.OPEN)),
                h.absentWindows("rtb-1", "10.0.0.0/8"));
        assertEquals(List.of(), h.absentWindows("rtb-2", "10.0.0.0/8"));
        assertEquals(5, h.changes().size());
    }
}
