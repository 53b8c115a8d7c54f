package org.nettwin.scenarios.run;

import java.util.Map;
import java.util.TreeMap;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * What happened to each probe of one probe stream, by sequence number. A probe counts as answered if any
 * reply came back for it (even late); as lost if it resolved otherwise (timeout, ICMP error, send error).
 * Probes still outstanding when the run ended are in neither set.
 */
public final class ProbeTally {
    private final String probe;
    private final Map<Integer, ProbeOutcome> firstOutcome = new TreeMap<>();
    private final Map<Integer, Boolean> answered = new TreeMap<>();

    public ProbeTally(String probe) {
        this.probe = probe;
    }

    public void add(TraceEvent.ProbeResult r) {
        if (r.outcome() == ProbeOutcome.REDIRECT) return; // a redirected probe was still forwarded
        firstOutcome.putIfAbsent(r.seq(), r.outcome());
        answered.merge(r.seq(), r.outcome() == ProbeOutcome.REPLY, Boolean::logicalOr);
    }

    public String probe() { return probe; }
    public int resolved() { return answered.size(); }
    public int replies() { return (int) answered.values().stream().filter(b -> b).count(); }
    public int lost() { return resolved() - replies(); }

    /** Sequence numbers that got no reply, ascending. */
    public java.util.List<Integer> lostSeqs() {
        return answered.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /** The longest run of consecutive sequence numbers that got no reply. */
    public int longestLossRun() {
        int best = 0, run = 0, prev = Integer.MIN_VALUE;
        for (int seq : lostSeqs()) {
            run = seq == prev + 1 ? run + 1 : 1;
            best = Math.max(best, run);
            prev = seq;
        }
        return best;
    }

    public Map<Integer, ProbeOutcome> firstOutcomes() { return java.util.Collections.unmodifiableMap(firstOutcome); }
}
