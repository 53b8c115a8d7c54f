package org.nettwin.scenarios.spec;

import org.nettwin.topologies.SourcePos;

/** A pass/fail condition on a probe's results, checked at the end of the run. */
public sealed interface ExpectSpec {
    /** The probe (by name) it judges; known to exist. */
    String probe();

    SourcePos pos();

    /** At most {@code max} requests of the probe went unanswered. */
    record LostAtMost(String probe, int max, SourcePos pos) implements ExpectSpec {}

    /** At least {@code min} requests of the probe got a reply. */
    record RepliesAtLeast(String probe, int min, SourcePos pos) implements ExpectSpec {}

    /** No run of consecutive unanswered requests spans more than {@code maxNs} (lost requests × interval). */
    record OutageAtMost(String probe, long maxNs, SourcePos pos) implements ExpectSpec {}
}
