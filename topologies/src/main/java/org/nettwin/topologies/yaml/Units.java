package org.nettwin.topologies.yaml;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unit-carrying values of topology and scenario files, as plain text to number conversions. Each parse
 * method throws {@link IllegalArgumentException} whose message is fit to show the user; {@link YamlValue}
 * adds the file position.
 */
public final class Units {
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> DURATION_UNIT_NS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    /** Network rates are decimal (1 kbit = 1000 bit) and in bits, as line speeds are quoted. */
    private static final Pattern RATE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([kKMGT]?)(bps|bit/s|bit)");
    private static final Map<String, Long> RATE_PREFIX = Map.of(
            "", 1L, "k", 1_000L, "K", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L);

    private static final Pattern PERCENT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*%");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");

    public static final String DURATION_EXAMPLES = "write e.g. 250us, 10ms, 1.5s or 2m";
    public static final String RATE_EXAMPLES = "write e.g. 512kbps, 100Mbps, 2Mbit/s or 1Gbps";
    public static final String FRACTION_EXAMPLES = "write e.g. 1% or 0.01";

    private Units() {}

    /** "10ms", "1.5s", "250us", "2m", "0" to nanoseconds. A non-zero number needs a unit. */
    public static long parseDuration(String text) {
        String t = text.trim();
        if (t.equals("0")) return 0;
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            if (DECIMAL.matcher(t).matches()) throw new IllegalArgumentException("duration '" + text + "' needs a unit");
            throw new IllegalArgumentException("not a duration: '" + text + "'");
        }
        return exactLong(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(DURATION_UNIT_NS.get(m.group(2)))),
                "duration '" + text + "'", "nanosecond");
    }

    /** "100Mbps", "2Mbit/s", "1Gbps", "512kbps", "0" (unlimited) to bits per second. */
    public static long parseRate(String text) {
        String t = text.trim();
        if (t.equals("0")) return 0;
        Matcher m = RATE.matcher(t);
        if (!m.matches()) {
            if (DECIMAL.matcher(t).matches()) throw new IllegalArgumentException("rate '" + text + "' needs a unit");
            throw new IllegalArgumentException("not a rate: '" + text + "'");
        }
        return exactLong(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(RATE_PREFIX.get(m.group(2)))),
                "rate '" + text + "'", "bit/s");
    }

    /** "1%" or "0.01" to a fraction in [0, 1]. */
    public static double parseFraction(String text) {
        String t = text.trim();
        Matcher percent = PERCENT.matcher(t);
        double v;
        if (percent.matches()) {
            v = Double.parseDouble(percent.group(1)) / 100.0;
        } else if (DECIMAL.matcher(t).matches()) {
            v = Double.parseDouble(t);
        } else {
            throw new IllegalArgumentException("not a percentage or fraction: '" + text + "'");
        }
        if (v < 0 || v > 1) throw new IllegalArgumentException("'" + text + "' is not between 0% and 100%");
        return v;
    }

    /** A plain decimal integer (no YAML 1.1 octal, hex, sexagesimal or underscores: users mean decimal). */
    public static long parseLong(String text) {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches()) throw new IllegalArgumentException("not a whole number: '" + text + "'");
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number out of range: '" + text + "'");
        }
    }

    /**
     * Exact unit text of a duration, inverse of {@link #parseDuration}: minutes and hours only when whole
     * ("2m", but "90s"), otherwise the largest decimal unit not above the value ("1.5s", "250us").
     */
    public static String formatDuration(long ns) {
        if (ns == 0) return "0";
        for (String u : new String[] {"h", "m"}) {
            long unit = DURATION_UNIT_NS.get(u);
            if (ns % unit == 0) return ns / unit + u;
        }
        for (String u : new String[] {"s", "ms", "us"}) {
            long unit = DURATION_UNIT_NS.get(u);
            if (Math.abs(ns) >= unit) return plain(BigDecimal.valueOf(ns).divide(BigDecimal.valueOf(unit))) + u;
        }
        return ns + "ns";
    }

    /** "100Mbps", "1.5kbps", "0": inverse of {@link #parseRate}. */
    public static String formatRate(long bps) {
        if (bps == 0) return "0";
        for (String p : new String[] {"T", "G", "M", "k"}) {
            long unit = RATE_PREFIX.get(p);
            if (bps >= unit) return plain(BigDecimal.valueOf(bps).divide(BigDecimal.valueOf(unit))) + p + "bps";
        }
        return bps + "bps";
    }

    /** "5%", "0.25%". */
    public static String formatPercent(double fraction) {
        return plain(BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(100)).round(new MathContext(12))) + "%";
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private static long exactLong(BigDecimal v, String what, String resolution) {
        BigDecimal stripped = v.stripTrailingZeros();
        if (stripped.scale() > 0) throw new IllegalArgumentException(what + " is finer than 1 " + resolution);
        try {
            return stripped.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is too large");
        }
    }
}
