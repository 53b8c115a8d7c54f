package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.reports.model.Prediction;

/**
 * Predicted-vs-measured rows read from a trace alone. A protocol traces the arming of each timer that decides a
 * failover as {@link TraceEvent.TimerArmed} ("MACHINE/TIMER", deadline, "KIND key=value…"); the next state change of
 * that node's MACHINE to the state the timer decides is paired with the last arming. The prediction is computed
 * again here from the parameters the protocol traced, never from the traced deadline:
 * <ul>
 *   <li>VRRP ({@code skew}, {@code master-down}): BACKUP→MASTER after Skew_Time or Master_Down_Interval, keepalived's
 *       µs arithmetic, plus one advert for 1.2.13 ({@link VrrpTimerModel}; protocol-facts §1.4, §1.5, §2.4);</li>
 *   <li>Heartbeat ({@code deadtime}, {@code initdead}): STANDBY→ACTIVE that long after the last heartbeat or the
 *       start (§4);</li>
 *   <li>IPsec DPD ({@code dpd}): →DOWN interval × count after the first unanswered R-U-THERE was sent (§5.2); the
 *       arming is traced one interval after that, at the first miss.</li>
 * </ul>
 * The timer decided the change only if the change came no earlier than the traced deadline; an earlier change
 * (a shutdown notice, an IKE delete) or any other state of the machine, or a {@link TraceEvent.TimerCancelled},
 * drops the pairing. A protocol that misapplies its own timers shows as a non-zero difference.
 */
public final class TimerPredictions {
    private TimerPredictions() {}

    /** What one arming predicts: the state it leads to, how long after {@code startNs} (ns), and its row text. */
    record Expectation(String targetState, Set<String> passThrough, long startNs, long predictedNs, String what, String source) {}

    /** One row per state change whose deciding timer the trace names, in trace order. */
    public static List<Prediction> of(List<TraceRecord> trace) {
        Map<String, Armed> pending = new HashMap<>();
        List<Prediction> out = new ArrayList<>();
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.TimerArmed a) {
                Expectation x = expectation(r.time(), a.reason());
                String machine = machineOf(a.name());
                if (machine == null) continue;
                // A timer no model covers still replaces the one armed before: that one no longer decides anything.
                if (x == null) pending.remove(key(r.node(), machine));
                else pending.put(key(r.node(), machine), new Armed(a.name(), a.deadlineNs(), x));
            } else if (r.event() instanceof TraceEvent.TimerCancelled c) {
                String key = key(r.node(), machineOf(c.name()));
                Armed armed = pending.get(key);
                if (armed != null && armed.timer().equals(c.name())) pending.remove(key);
            } else if (r.event() instanceof TraceEvent.StateChanged s) {
                String key = key(r.node(), s.machine());
                Armed armed = pending.get(key);
                if (armed == null || armed.expected().passThrough().contains(s.to())) continue;
                pending.remove(key);
                if (!s.to().equals(armed.expected().targetState()) || r.time() < armed.deadlineNs()) continue;
                Expectation x = armed.expected();
                out.add(new Prediction(String.format(Locale.ROOT, "%s %s →%s at %.3f s: %s", r.node(), s.machine(), s.to(), r.time() / 1e9, x.what()),
                        x.predictedNs(), r.time() - x.startNs(), x.source()));
            }
        }
        return out;
    }

    /** The model for an arming traced at {@code armedAtNs} with {@code reason}, or null when none applies. */
    static Expectation expectation(long armedAtNs, String reason) {
        String[] words = reason.split(" ");
        Map<String, String> p = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) p.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        try {
            return switch (words[0]) {
                case "skew", "master-down" -> vrrp(armedAtNs, words[0].equals("skew"), p);
                case "deadtime", "initdead" -> new Expectation("ACTIVE", Set.of(), armedAtNs, number(p, "dead", "ns"),
                        words[0] + " " + number(p, "dead", "ns") / 1_000_000 + " ms without a heartbeat", "protocol-facts §4");
                case "dpd" -> {
                    long interval = number(p, "interval", "ns");
                    int count = Math.toIntExact(number(p, "count", ""));
                    yield new Expectation("DOWN", Set.of(), armedAtNs - interval, interval * count,
                            String.format(Locale.ROOT, "DPD %s %d × %.3f s from the first unanswered R-U-THERE", p.get("mode"), count, interval / 1e9),
                            "protocol-facts §5.2 (RFC 3706)");
                }
                default -> null;
            };
        } catch (RuntimeException malformed) {
            // A trace from another runner or an older version: no model to compare with, so no row.
            return null;
        }
    }

    private static Expectation vrrp(long armedAtNs, boolean skew, Map<String, String> p) {
        VrrpTimerModel model = new VrrpTimerModel(Math.toIntExact(number(p, "vrrp", "")), Math.toIntExact(number(p, "prio", "")),
                number(p, "adv", "us"), KeepalivedProfile.valueOf(p.get("keepalived")));
        boolean old = model.profile() == KeepalivedProfile.V1_2;
        String what = String.format(Locale.ROOT, "%s P%d (VRRPv%d, adv %d µs%s)", skew ? "Skew_Time after priority 0" : "Master_Down_Interval after silence",
                model.priority(), model.vrrpVersion(), model.advertIntervalMicros(), old ? ", +1 advert (1.2.13)" : "");
        String source = (skew ? "protocol-facts §1.4, §1.5" : "protocol-facts §1.4") + (old ? ", §2.4" : "");
        // keepalived 1.2.13 passes through GOTO_MASTER for one advert before MASTER (§2.4).
        return new Expectation("MASTER", Set.of("GOTO_MASTER"), armedAtNs,
                skew ? model.takeoverAfterPriorityZeroNs() : model.takeoverAfterSilentLossMaxNs(), what, source);
    }

    /** A traced "key=123unit" value; a missing key or another unit is an IllegalArgumentException. */
    private static long number(Map<String, String> params, String key, String unit) {
        String value = params.get(key);
        if (value == null || !value.endsWith(unit)) throw new IllegalArgumentException(key + " in " + unit + " expected, got " + value);
        return Long.parseLong(value.substring(0, value.length() - unit.length()));
    }

    /** "vrrp/VI_1/timer" → "vrrp/VI_1": a traced timer is named after its machine. */
    private static String machineOf(String timer) {
        int slash = timer.lastIndexOf('/');
        return slash <= 0 ? null : timer.substring(0, slash);
    }

    private static String key(String node, String machine) {
        return node + " " + machine;
    }

    /** The last arming of a machine's deciding timer. */
    private record Armed(String timer, long deadlineNs, Expectation expected) {}
}
