package org.nettwin.reports.model;

import java.util.Objects;

/**
 * A fault or operator action at {@code timeNs}: a scenario event ("link-down r1-sw") or a FaultApplied trace
 * record ("run p1: systemctl stop keepalived"). Metrics measure detection and failover from this instant.
 */
public record FaultEvent(long timeNs, String action, String target) {
    public FaultEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }

    /** "link-down r1-sw", the label shown on charts and in tables. */
    public String label() {
        return target.isEmpty() ? action : action + " " + target;
    }
}
