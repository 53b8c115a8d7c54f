package org.nettwin.protocols.vrrp;

/**
 * VRRP timer arithmetic exactly as keepalived does it: in integer microseconds (keepalived's TIMER_HZ), with
 * its truncating divisions (include/vrrp.h:437-440; protocol-facts §1.4). Callers turn the result into
 * virtual nanoseconds with {@link #toNanos}; a 1/256 s skew therefore loses its sub-microsecond half
 * (P150: RFC 0.4140625 s, keepalived 0.414062 s).
 */
public final class VrrpTiming {
    /** keepalived's timer resolution: microseconds per second. */
    public static final long TIMER_HZ = 1_000_000L;
    /** Microseconds per centisecond, the unit of the v3 interval field. */
    public static final long TIMER_CENTI_HZ = TIMER_HZ / 100;
    /** RFC 3768 §6.1 / RFC 5798 §6.1: Master_Down_Interval counts three advert intervals. */
    public static final int DOWN_TIMER_ADVERTS = 3;

    private VrrpTiming() {}

    /**
     * Skew_Time in µs for a router of {@code priority}: v2 (256−P)/256 s, v3 (256−P)×interval/256 with the
     * interval in centiseconds, reduced by keepalived as ×625/16 so it fits 32 bits.
     */
    public static long skewMicros(int version, int priority, long masterAdverIntMicros) {
        long weight = 256L - priority;
        return version == 3
                ? weight * (masterAdverIntMicros / TIMER_CENTI_HZ) * 625L / 16L
                : weight * TIMER_HZ / 256L;
    }

    /** Master_Down_Interval in µs: {@code downTimerAdverts} × interval + Skew_Time. */
    public static long masterDownMicros(int version, int priority, long masterAdverIntMicros, int downTimerAdverts) {
        return downTimerAdverts * masterAdverIntMicros + skewMicros(version, priority, masterAdverIntMicros);
    }

    public static long toNanos(long micros) { return micros * 1_000L; }
}
