package org.nettwin.realadapter;

import java.util.Locale;

/**
 * How late the wall-clock runtime ran its work: every timer, frame arrival, scheduled action and boot is
 * due at some time and starts when a thread gets to it. {@code worstLabel} names the item that was latest
 * ("r1: timer 'vrrp/VI_1/advert'"), empty when nothing ran.
 */
public record LagReport(OverrunPolicy policy, long events, long worstLagNs, String worstLabel, long totalLagNs) {
    public long meanLagNs() {
        return events == 0 ? 0 : totalLagNs / events;
    }

    /** One line for the console: "wall-clock lag: worst 1.204 ms (r1: timer 'arp'), mean 0.180 ms over 312 events (best effort)". */
    public String describe() {
        if (events == 0) return "wall-clock lag: nothing ran (" + policy + ")";
        return String.format(Locale.ROOT, "wall-clock lag: worst %.3f ms (%s), mean %.3f ms over %d events (%s)",
                worstLagNs / 1e6, worstLabel, meanLagNs() / 1e6, events, policy);
    }
}
