package org.nettwin.scenarios.spec;

import org.nettwin.topologies.SourcePos;

/**
 * A pass/fail condition checked at the end of the run, on a probe's results or on the states the trace recorded.
 * Every failure message the runner writes begins with {@code file:line: } of its expectation.
 */
public sealed interface ExpectSpec {
    /** The probe (by name) it judges, known to exist; null for an expectation on protocol state. */
    default String probe() {
        return null;
    }

    SourcePos pos();

    /** At most {@code max} requests of the probe went unanswered. */
    record LostAtMost(String probe, int max, SourcePos pos) implements ExpectSpec {}

    /** At least {@code min} requests of the probe got a reply. */
    record RepliesAtLeast(String probe, int min, SourcePos pos) implements ExpectSpec {}

    /** No run of consecutive unanswered requests spans more than {@code maxNs} (lost requests × interval). */
    record OutageAtMost(String probe, long maxNs, SourcePos pos) implements ExpectSpec {}

    /** keepalived's instance {@code instance} on {@code node} is in {@code state} (MASTER, BACKUP, FAULT, ...) at {@code atNs}. */
    record VrrpState(String node, String instance, String state, long atNs, SourcePos pos) implements ExpectSpec {}

    /**
     * From {@code afterNs} to the end, at most one running node is MASTER of the instance at any instant
     * ({@code instance} null: of every instance).
     */
    record SingleMaster(String instance, long afterNs, SourcePos pos) implements ExpectSpec {}

    /**
     * {@code ping} (a probe the loader made for this expectation, named "reachable-LINE") gets a reply for every
     * request: one request ({@code at}, count 1) or one a second from then to the end of the run ({@code after}).
     */
    record Reachable(PingSpec ping, SourcePos pos) implements ExpectSpec {
        @Override public String probe() {
            return ping.name();
        }
    }
}
