package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.reports.model.FaultEvent;

/**
 * The effect of one fault. {@code detectionNs}: fault → first protocol reaction (see {@link #isReaction}), null if
 * none came before the next fault; {@code reaction} is that record's trace line. {@code impacts}: one per probe stream.
 */
public record FaultMetrics(FaultEvent fault, Long detectionNs, String reaction, List<ProbeImpact> impacts) {
    public FaultMetrics {
        impacts = List.copyOf(impacts);
    }

    /** Metrics of every fault, in time order; each fault's window ends at the next fault (or {@code endNs}). */
    public static List<FaultMetrics> of(List<TraceRecord> trace, List<FaultEvent> faults, List<ProbeStreamMetrics> probes, long endNs) {
        List<FaultEvent> sorted = faults.stream().sorted(Comparator.comparingLong(FaultEvent::timeNs)).toList();
        List<FaultMetrics> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            FaultEvent f = sorted.get(i);
            long windowEnd = i + 1 < sorted.size() ? sorted.get(i + 1).timeNs() : Math.max(endNs, f.timeNs()) + 1;
            TraceRecord reaction = firstReaction(trace, f.timeNs(), windowEnd);
            final int index = i;
            List<ProbeImpact> impacts = probes.stream().map(p -> impact(p, sorted, index, windowEnd)).toList();
            out.add(new FaultMetrics(f, reaction == null ? null : reaction.time() - f.timeNs(), reaction == null ? null : reaction.line(), impacts));
        }
        return out;
    }

    /**
     * A protocol reaction is a state change of anything but a link (a link's own change is the fault itself) or a
     * keepalived log line. Log lines keepalived already printed on that node before the fault do not count: seed 000
     * logs the same self-advert warning every second, which is steady state, not a reaction.
     */
    static boolean isReaction(TraceRecord r) {
        if (r.event() instanceof TraceEvent.StateChanged s) return !s.machine().startsWith("link/");
        return r.event() instanceof TraceEvent.Log l && isKeepalived(l);
    }

    private static boolean isKeepalived(TraceEvent.Log l) {
        return l.program().startsWith("Keepalived");
    }

    private static TraceRecord firstReaction(List<TraceRecord> trace, long faultNs, long windowEnd) {
        Set<String> seenBefore = new HashSet<>();
        for (TraceRecord r : trace) {
            if (r.time() >= windowEnd) break;
            boolean keepalivedLine = r.event() instanceof TraceEvent.Log l && isKeepalived(l);
            String key = keepalivedLine ? r.node() + " " + ((TraceEvent.Log) r.event()).text() : null;
            if (r.time() < faultNs) {
                if (key != null) seenBefore.add(key);
            } else if (isReaction(r) && (key == null || !seenBefore.contains(key))) {
                return r;
            }
        }
        return null;
    }

    /**
     * The outage that follows a fault is the first one still going at the fault or starting after it, but before the
     * next fault. A fault owns an outage if it is the last fault at or before the outage's start plus one probe
     * interval (a probe sent just before the fault was in flight when it hit). A fault during an outage that an earlier
     * fault owns (the link coming back up) is measured from its own instant: how long until service returned, and the
     * probes lost that were sent after it.
     */
    private static ProbeImpact impact(ProbeStreamMetrics p, List<FaultEvent> faults, int index, long windowEnd) {
        long faultNs = faults.get(index).timeNs();
        Outage o = p.outages().stream().filter(x -> x.endsAfter(faultNs) && x.startNs() < windowEnd).findFirst().orElse(null);
        if (o == null) return new ProbeImpact(p.probe(), false, null, 0L, 0, 0L, null);
        long slack = p.intervalNs() == null ? 0 : p.intervalNs();
        int owner = -1;
        for (int k = 0; k < faults.size(); k++) if (faults.get(k).timeNs() <= o.startNs() + slack) owner = k;
        boolean owned = owner == index || owner < 0;
        int lost = owned ? o.lost() : (int) p.samples().stream()
                .filter(s -> s.lost() && s.seq() >= o.firstSeq() && s.seq() <= o.lastSeq() && s.sendNs() >= faultNs).count();
        Long outage = owned ? o.durationNs() : o.endNs() == null ? null : o.endNs() - faultNs;
        Long convergence = p.intervalNs() == null ? null : lost * p.intervalNs();
        Long failover = o.endNs() == null ? null : o.endNs() - faultNs;
        return new ProbeImpact(p.probe(), owned, failover, outage, lost, convergence, o.endNs());
    }
}
