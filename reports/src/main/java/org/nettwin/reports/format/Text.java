package org.nettwin.reports.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How numbers and lists read in HTML and Markdown; report.json keeps raw integers. */
public final class Text {
    public static final String NONE = "—";

    private Text() {}

    /** Nanoseconds as seconds, exact, trailing zeros dropped below the millisecond: 3609375000 → "3.609375 s". */
    public static String seconds(Long ns) {
        if (ns == null) return NONE;
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        String frac = String.format(Locale.ROOT, "%09d", a % 1_000_000_000L).replaceAll("0+$", "");
        while (frac.length() < 3) frac += "0";
        return sign + (a / 1_000_000_000L) + "." + frac + " s";
    }

    /** Signed difference: "+0.001 s", "-0.5 s". */
    public static String signedSeconds(Long ns) {
        if (ns == null) return NONE;
        return (ns >= 0 ? "+" : "") + seconds(ns);
    }

    /** Milliseconds with three decimals: "5.140 ms". */
    public static String millis(Long ns) {
        return ns == null ? NONE : String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    /** [28,29,30,31,33] → "28–31, 33". */
    public static String ranges(List<Integer> sortedSeqs) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < sortedSeqs.size()) {
            int j = i;
            while (j + 1 < sortedSeqs.size() && sortedSeqs.get(j + 1) == sortedSeqs.get(j) + 1) j++;
            parts.add(i == j ? Integer.toString(sortedSeqs.get(i)) : sortedSeqs.get(i) + "–" + sortedSeqs.get(j));
            i = j + 1;
        }
        return parts.isEmpty() ? NONE : String.join(", ", parts);
    }

    public static String html(String s) {
        if (s == null) return NONE;
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A Markdown table cell: pipes escaped, line breaks flattened. */
    public static String md(String s) {
        return s == null ? NONE : s.replace("|", "\\|").replace("\n", " ");
    }
}
