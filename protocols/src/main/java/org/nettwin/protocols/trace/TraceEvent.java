package org.nettwin.protocols.trace;

import org.nettwin.protocols.value.Ip4;

/**
 * Typed events of a run. They carry no time and no node: the runtime wraps each one in a
 * {@link TraceRecord}. {@link #describe()} is the canonical one-line text used in trace files and
 * fingerprints, so it must be stable.
 */
public sealed interface TraceEvent {
    String describe();

    /** A frame left a node port onto a link (simulator). {@code crc} is CRC-32 of the frame bytes. */
    record FrameSent(String link, String from, int length, int crc) implements TraceEvent {
        public String describe() { return "frame-sent " + link + " from=" + from + " len=" + length + " crc=" + Integer.toHexString(crc); }
    }

    /** A frame arrived at a node port (simulator). */
    record FrameDelivered(String link, String to, int length, int crc) implements TraceEvent {
        public String describe() { return "frame-delivered " + link + " to=" + to + " len=" + length + " crc=" + Integer.toHexString(crc); }
    }

    /** A frame or packet was dropped; {@code where} is a link name or "node:layer". */
    record Dropped(String where, DropReason reason, int length, String detail) implements TraceEvent {
        public String describe() { return "drop " + where + " " + reason + " len=" + length + (detail.isEmpty() ? "" : " " + detail); }
    }

    /** A protocol timer fired. */
    record TimerFired(String name) implements TraceEvent {
        public String describe() { return "timer " + name; }
    }

    /**
     * A protocol armed a timer that decides a state change, and why: e.g. a VRRP BACKUP's master-down timer set to
     * Skew_Time after a priority-0 advert. {@code reason} is one line of "word key=value…" the reports read back
     * to predict the timer from the protocol's own parameters; {@code deadlineNs} is absolute virtual time.
     */
    record TimerArmed(String name, long deadlineNs, String reason) implements TraceEvent {
        public String describe() { return "timer-armed " + name + " deadline=" + deadlineNs + "ns" + (reason.isEmpty() ? "" : " " + reason); }
    }

    /** A timer traced by {@link TimerArmed} was withdrawn before it expired (e.g. DPD: the peer answered). */
    record TimerCancelled(String name, String reason) implements TraceEvent {
        public String describe() { return "timer-cancelled " + name + (reason.isEmpty() ? "" : " " + reason); }
    }

    /** A state machine changed state; {@code machine} is e.g. "vrrp/VI_1", "if/eth0", "process/keepalived". */
    record StateChanged(String machine, String from, String to) implements TraceEvent {
        public String describe() { return "state " + machine + " " + from + "->" + to; }
    }

    /** A log line as the real program would print it (e.g. program "Keepalived_vrrp", "ping"). */
    record Log(String program, String text) implements TraceEvent {
        public String describe() { return "log " + program + ": " + text; }
    }

    /** The result of one probe. {@code rttNs} is -1 when there was no reply; {@code from} may be null. */
    record ProbeResult(String probe, int seq, ProbeOutcome outcome, long rttNs, Ip4 from, String detail) implements TraceEvent {
        public String describe() {
            return "probe " + probe + " seq=" + seq + " " + outcome + (rttNs >= 0 ? " rtt=" + rttNs + "ns" : "")
                    + (from != null ? " from=" + from : "") + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    /** A scenario fault or action was applied. */
    record FaultApplied(String action, String target) implements TraceEvent {
        public String describe() { return "fault " + action + " " + target; }
    }

    /** Something the twin could not model faithfully (unknown command, unsupported option): never silent. */
    record Diagnostic(String severity, String source, String text) implements TraceEvent {
        public String describe() { return "diag " + severity + " " + source + ": " + text; }
    }
}
