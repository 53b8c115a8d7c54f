package org.nettwin.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;

/** Hand-built traces for tests: records added in any order, returned sorted by time (stable within an instant). */
public final class TraceBuilder {
    private final List<TraceRecord> records = new ArrayList<>();

    public TraceBuilder add(long timeNs, String node, TraceEvent e) {
        records.add(new TraceRecord(timeNs, node, e));
        return this;
    }

    /** A ping reply to probe {@code seq} sent at {@code sentNs}, arriving {@code rttNs} later. */
    public TraceBuilder reply(String probe, int seq, long sentNs, long rttNs) {
        return add(sentNs + rttNs, "client", new TraceEvent.ProbeResult(probe, seq, ProbeOutcome.REPLY, rttNs, Ip4.of(10, 0, 0, 1), ""));
    }

    /** A probe sent at {@code sentNs} that timed out {@code timeoutNs} later. */
    public TraceBuilder timeout(String probe, int seq, long sentNs, long timeoutNs) {
        return add(sentNs + timeoutNs, "client", new TraceEvent.ProbeResult(probe, seq, ProbeOutcome.TIMEOUT, -1, null, ""));
    }

    public TraceBuilder fault(long timeNs, String action, String target) {
        return add(timeNs, "kernel", new TraceEvent.FaultApplied(action, target));
    }

    public TraceBuilder state(long timeNs, String node, String machine, String from, String to) {
        return add(timeNs, node, new TraceEvent.StateChanged(machine, from, to));
    }

    public TraceBuilder log(long timeNs, String node, String program, String text) {
        return add(timeNs, node, new TraceEvent.Log(program, text));
    }

    public TraceBuilder linkDrop(long timeNs, String link, DropReason reason) {
        return add(timeNs, link, new TraceEvent.Dropped(link, reason, 98, "from=r1:0"));
    }

    public List<TraceRecord> build() {
        List<TraceRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(TraceRecord::time));
        return sorted;
    }

    public static long s(double seconds) {
        return Time.seconds(seconds);
    }
}
