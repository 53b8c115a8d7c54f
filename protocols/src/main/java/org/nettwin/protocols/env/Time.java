package org.nettwin.protocols.env;

/** Virtual time is a long count of nanoseconds since the start of the run. Helpers to write it readably. */
public final class Time {
    public static final long NS = 1L;
    public static final long US = 1_000L;
    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;

    private Time() {}

    public static long ms(long v) { return v * MS; }
    public static long s(long v) { return v * S; }
    public static long us(long v) { return v * US; }
    public static long seconds(double v) { return Math.round(v * S); }

    /** "12.345678901s" style text, exact to the nanosecond, for logs and traces. */
    public static String format(long ns) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        return sign + (a / S) + "." + String.format(java.util.Locale.ROOT, "%09d", a % S) + "s";
    }
}
