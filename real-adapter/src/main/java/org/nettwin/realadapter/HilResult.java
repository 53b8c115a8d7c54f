package org.nettwin.realadapter;

import java.util.List;
import java.util.Map;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.ProbeTally;

/** The end of a wall-clock run: the expectations' verdict, each probe's tally, the lag and the whole trace. */
public record HilResult(boolean passed, List<String> failures, Map<String, ProbeTally> probes, LagReport lag, List<TraceRecord> trace) {
    public HilResult {
        failures = List.copyOf(failures);
        trace = List.copyOf(trace);
    }
}
