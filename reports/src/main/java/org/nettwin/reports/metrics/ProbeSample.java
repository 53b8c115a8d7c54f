package org.nettwin.reports.metrics;

import org.nettwin.protocols.trace.ProbeOutcome;

/**
 * The fate of one probe (one sequence number) of a stream. {@code outcome} is the first outcome other than a
 * redirect (a redirected probe was still forwarded), or REDIRECT if nothing else came. {@code answered} when any
 * reply came back, even after a timeout (as ping counts it). {@code sendNs} is exact when {@code sendTimeExact},
 * otherwise inferred from the stream's other probes. Times are -1 when absent.
 */
public record ProbeSample(int seq, long sendNs, boolean sendTimeExact, ProbeOutcome outcome, boolean answered,
                          long resolvedNs, long replyNs, long rttNs) {

    /** Resolved without any reply: a timeout, an ICMP error or a send error. */
    public boolean lost() {
        return !answered && outcome != ProbeOutcome.REDIRECT;
    }

    /** Only redirects were seen: still in flight when the run ended. */
    public boolean unresolved() {
        return !answered && outcome == ProbeOutcome.REDIRECT;
    }
}
