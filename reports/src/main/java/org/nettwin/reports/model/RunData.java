package org.nettwin.reports.model;

import java.util.List;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/** The whole input of a report: metadata plus the trace in time order. */
public record RunData(RunInfo info, List<TraceRecord> trace) {
    public RunData {
        trace = List.copyOf(trace);
    }

    /** A run described by its trace alone: faults are its FaultApplied records, the duration its last record. */
    public static RunData fromTrace(String name, List<TraceRecord> trace) {
        long end = trace.isEmpty() ? 0 : trace.get(trace.size() - 1).time();
        return new RunData(RunInfo.minimal(name, end, faultsIn(trace)), trace);
    }

    /** The FaultApplied records of a trace as fault events. */
    public static List<FaultEvent> faultsIn(List<TraceRecord> trace) {
        return trace.stream()
                .filter(r -> r.event() instanceof TraceEvent.FaultApplied)
                .map(r -> {
                    TraceEvent.FaultApplied f = (TraceEvent.FaultApplied) r.event();
                    return new FaultEvent(r.time(), f.action(), f.target());
                })
                .toList();
    }
}
