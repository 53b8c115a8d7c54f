package org.nettwin.reports.metrics;

import java.util.List;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.VrrpTiming;
import org.nettwin.reports.model.Prediction;

/**
 * Predicted VRRP timers of one keepalived instance (protocol-facts §1.4, §1.5, §2.4). The keepalived values use
 * keepalived's integer microseconds through {@link VrrpTiming}, the same arithmetic the twin runs, so a 1/256 s
 * skew loses its half microsecond (P150: 0.414062 s); the RFC values are exact to the nanosecond (0.4140625 s).
 *
 * @param vrrpVersion          2 or 3
 * @param priority             the effective priority, 1–255
 * @param advertIntervalMicros the (master's) advertisement interval; v2 uses whole seconds
 * @param profile              which keepalived: 1.2.13 enters MASTER one advert after it claims it (§2.4)
 */
public record VrrpTimerModel(int vrrpVersion, int priority, long advertIntervalMicros, KeepalivedProfile profile) {
    public static final String SOURCE = "protocol-facts §1.4";
    private static final long NS_PER_S = 1_000_000_000L;
    private static final long NS_PER_CS = 10_000_000L;

    public VrrpTimerModel {
        if (vrrpVersion != 2 && vrrpVersion != 3) throw new IllegalArgumentException("VRRP version must be 2 or 3, got " + vrrpVersion);
        if (priority < 1 || priority > 255) throw new IllegalArgumentException("priority must be 1–255, got " + priority);
        if (advertIntervalMicros <= 0) throw new IllegalArgumentException("advert interval must be positive, got " + advertIntervalMicros + " µs");
        if (vrrpVersion == 3 && !profile.supportsVersion3()) throw new IllegalArgumentException("keepalived " + profile + " has no VRRPv3");
    }

    /** keepalived 2.x defaults: VRRPv2, advert_int 1 s. */
    public static VrrpTimerModel keepalived(int priority) {
        return new VrrpTimerModel(2, priority, VrrpTiming.TIMER_HZ, KeepalivedProfile.V2_2);
    }

    public long advertIntervalNs() {
        return VrrpTiming.toNanos(advertIntervalMicros);
    }

    /** Skew_Time as keepalived computes it (vrrp.h:437-440, µs). */
    public long skewNs() {
        return VrrpTiming.toNanos(VrrpTiming.skewMicros(vrrpVersion, priority, advertIntervalMicros));
    }

    /** Master_Down_Interval as keepalived computes it: 3 × interval + skew (µs). */
    public long masterDownNs() {
        return VrrpTiming.toNanos(VrrpTiming.masterDownMicros(vrrpVersion, priority, advertIntervalMicros, VrrpTiming.DOWN_TIMER_ADVERTS));
    }

    /** Skew_Time of RFC 3768 §6.1 ((256−P)/256 s) or RFC 5798 §6.1 ((256−P)·interval/256 cs), in ns rounded down. */
    public long rfcSkewNs() {
        long weight = 256L - priority;
        return vrrpVersion == 2 ? weight * NS_PER_S / 256 : weight * (advertIntervalMicros / VrrpTiming.TIMER_CENTI_HZ) * NS_PER_CS / 256;
    }

    public long rfcMasterDownNs() {
        return VrrpTiming.DOWN_TIMER_ADVERTS * advertIntervalNs() + rfcSkewNs();
    }

    /**
     * Until a BACKUP owns the VIP after the master sent priority 0 (clean stop, FAULT): its timer is set to
     * Skew_Time (§1.5, §2); 1.2.13 then waits one more advert before "Entering MASTER STATE" (§2.4).
     */
    public long takeoverAfterPriorityZeroNs() {
        return skewNs() + claimDelayNs();
    }

    /**
     * Latest takeover after the master dies silently: Master_Down_Interval after its last advert, so within
     * (MDI − interval, MDI] of the failure (§1.4), plus 1.2.13's extra advert (§2.4).
     */
    public long takeoverAfterSilentLossMaxNs() {
        return masterDownNs() + claimDelayNs();
    }

    private long claimDelayNs() {
        return profile == KeepalivedProfile.V1_2 ? advertIntervalNs() : 0;
    }

    /** "Skew_Time P150" and "Master_Down_Interval P150" rows, nothing measured yet. */
    public List<Prediction> timerRows() {
        String p = " P" + priority + " (VRRPv" + vrrpVersion + ", adv " + advertIntervalMicros + " µs)";
        return List.of(new Prediction("Skew_Time" + p, skewNs(), null, SOURCE),
                new Prediction("Master_Down_Interval" + p, masterDownNs(), null, SOURCE));
    }
}
