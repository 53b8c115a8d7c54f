package org.nettwin.protocols.trace;

import org.nettwin.protocols.env.Time;

/** A trace event stamped with virtual time (ns) and the node (or link) it happened at. */
public record TraceRecord(long time, String node, TraceEvent event) {
    /** Canonical line: "12.000000000s r1 state vrrp/VI_1 BACKUP->MASTER". */
    public String line() { return Time.format(time) + " " + node + " " + event.describe(); }
}
