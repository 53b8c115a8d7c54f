package org.nettwin.topologies.yaml;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "did you mean ...?" hints: the closest candidate by edit distance, if it is close enough to be a typo. */
public final class Suggestions {
    /** Lists longer than this are cut in hints: a hint is one line, not a dump. */
    private static final int MAX_LISTED = 20;

    private Suggestions() {}

    /**
     * The candidate nearest to {@code wrong} by optimal-string-alignment distance (a swap of two adjacent
     * letters counts as one edit), if at most 2 edits and fewer edits than half the word: further away it is
     * a different word, not a typo. Case is ignored.
     */
    public static Optional<String> closest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.min(2, Math.max(1, (w.length() - 1) / 2));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "did you mean 'delay'? allowed keys: delay, jitter" (or only the list when nothing is close). */
    public static String hint(String wrong, Collection<String> candidates, String listName) {
        String list = candidates.isEmpty() ? listName + ": none" : listName + ": " + join(candidates);
        return closest(wrong, candidates).map(c -> "did you mean '" + c + "'? " + list).orElse(list);
    }

    /** "a, b, c", cut after {@value #MAX_LISTED} items. */
    public static String join(Collection<String> items) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String item : items) {
            if (n == MAX_LISTED) {
                sb.append(", ... (").append(items.size() - MAX_LISTED).append(" more)");
                break;
            }
            if (n++ > 0) sb.append(", ");
            sb.append(item);
        }
        return sb.toString();
    }

    /** Optimal string alignment distance: Levenshtein plus transposition of adjacent characters. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
