package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.reports.model.ProbeInfo;

/**
 * What one probe stream measured. {@code sent} counts the probes the trace reports on; {@code replies} and
 * {@code lost} those answered and those resolved without an answer (the rest were still in flight at the end).
 * {@code intervalNs} is the configured interval, or the one inferred from the replies, or null.
 */
public record ProbeStreamMetrics(String probe, int sent, int replies, int lost, List<Integer> lostSeqs, Long intervalNs,
                                 List<Outage> outages, RttStats rtt, List<ProbeSample> samples) {

    public ProbeStreamMetrics {
        lostSeqs = List.copyOf(lostSeqs);
        outages = List.copyOf(outages);
        samples = List.copyOf(samples);
    }

    /**
     * The streams of a trace: those {@code infos} names, in that order; with no infos (a trace without its
     * scenario), every stream by first appearance. Pings that programs run on nodes (keepalived's check
     * scripts) are not the scenario's probes and restart at seq 1 each time, so they are left out when the
     * scenario names its probes.
     */
    public static List<ProbeStreamMetrics> compute(List<TraceRecord> trace, List<ProbeInfo> infos) {
        Map<String, Map<Integer, List<TraceRecord>>> bySeq = new LinkedHashMap<>();
        for (ProbeInfo i : infos) bySeq.put(i.name(), new TreeMap<>());
        for (TraceRecord r : trace) {
            if (!(r.event() instanceof TraceEvent.ProbeResult p)) continue;
            if (!infos.isEmpty() && !bySeq.containsKey(p.probe())) continue;
            bySeq.computeIfAbsent(p.probe(), k -> new TreeMap<>()).computeIfAbsent(p.seq(), k -> new ArrayList<>()).add(r);
        }
        List<ProbeStreamMetrics> out = new ArrayList<>();
        for (var e : bySeq.entrySet()) {
            ProbeInfo info = infos.stream().filter(i -> i.name().equals(e.getKey())).findFirst().orElse(null);
            out.add(of(e.getKey(), e.getValue(), info));
        }
        return out;
    }

    private static ProbeStreamMetrics of(String probe, Map<Integer, List<TraceRecord>> bySeq, ProbeInfo info) {
        List<ProbeSample> raw = new ArrayList<>();
        for (var e : bySeq.entrySet()) raw.add(sampleOf(e.getKey(), e.getValue()));
        SendClock clock = info != null ? new SendClock.Configured(info) : SendClock.inferred(raw);
        List<ProbeSample> samples = raw.stream().map(clock::dated).toList();
        List<Integer> lostSeqs = samples.stream().filter(ProbeSample::lost).map(ProbeSample::seq).toList();
        int replies = (int) samples.stream().filter(ProbeSample::answered).count();
        RttStats rtt = RttStats.of(samples.stream().filter(ProbeSample::answered).map(ProbeSample::rttNs).toList());
        return new ProbeStreamMetrics(probe, samples.size(), replies, lostSeqs.size(), lostSeqs, clock.intervalNs(),
                outages(samples), rtt, samples);
    }

    /** Folds the results reported for one sequence number; see {@link ProbeSample} for the rules. */
    private static ProbeSample sampleOf(int seq, List<TraceRecord> results) {
        ProbeOutcome outcome = ProbeOutcome.REDIRECT;
        long resolved = -1, reply = -1, rtt = -1;
        for (TraceRecord r : results) {
            TraceEvent.ProbeResult p = (TraceEvent.ProbeResult) r.event();
            if (p.outcome() == ProbeOutcome.REDIRECT) continue;
            if (resolved < 0) {
                resolved = r.time();
                outcome = p.outcome();
            }
            if (p.outcome() == ProbeOutcome.REPLY && reply < 0) {
                reply = r.time();
                rtt = p.rttNs();
            }
        }
        return new ProbeSample(seq, reply >= 0 ? reply - rtt : resolved, reply >= 0, outcome, reply >= 0, resolved, reply, rtt);
    }

    /** Maximal runs of lost probes in sequence order; probes still in flight neither extend nor break a run. */
    static List<Outage> outages(List<ProbeSample> samples) {
        List<Outage> out = new ArrayList<>();
        ProbeSample first = null, last = null;
        int lost = 0;
        for (ProbeSample s : samples) {
            if (s.lost()) {
                if (first == null) first = s;
                last = s;
                lost++;
            } else if (s.answered() && first != null) {
                out.add(new Outage(first.seq(), last.seq(), lost, first.sendNs(), s.replyNs()));
                first = null;
                lost = 0;
            }
        }
        if (first != null) out.add(new Outage(first.seq(), last.seq(), lost, first.sendNs(), null));
        return out;
    }

    /**
     * When each probe was sent. The trace dates a probe only when it resolves, so a lost probe's send time comes
     * from the configured schedule or, failing that, from the replies around it (ping sends on a fixed tick).
     */
    private sealed interface SendClock {
        ProbeSample dated(ProbeSample s);

        Long intervalNs();

        record Configured(ProbeInfo info) implements SendClock {
            public ProbeSample dated(ProbeSample s) {
                return withSend(s, info.sendTimeNs(s.seq()), true);
            }

            public Long intervalNs() { return info.intervalNs(); }
        }

        /** Extrapolates from the nearest answered probe with the mean interval between the first and last reply. */
        record Inferred(List<ProbeSample> answered, Long intervalNs) implements SendClock {
            public ProbeSample dated(ProbeSample s) {
                if (s.answered() || intervalNs == null) return s;
                ProbeSample nearest = answered.get(0);
                for (ProbeSample a : answered) if (Math.abs(a.seq() - s.seq()) < Math.abs(nearest.seq() - s.seq())) nearest = a;
                return withSend(s, nearest.sendNs() + (s.seq() - nearest.seq()) * intervalNs, false);
            }
        }

        static SendClock inferred(List<ProbeSample> samples) {
            List<ProbeSample> answered = samples.stream().filter(ProbeSample::answered).toList();
            if (answered.size() < 2) return new Inferred(answered, null);
            ProbeSample a = answered.get(0), b = answered.get(answered.size() - 1);
            return new Inferred(answered, Math.round((double) (b.sendNs() - a.sendNs()) / (b.seq() - a.seq())));
        }

        private static ProbeSample withSend(ProbeSample s, long sendNs, boolean exact) {
            return new ProbeSample(s.seq(), sendNs, exact || s.sendTimeExact(), s.outcome(), s.answered(), s.resolvedNs(), s.replyNs(), s.rttNs());
        }
    }
}
