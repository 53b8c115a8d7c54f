package org.nettwin.reports.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Traffic of each tunnel over time, read from the trace alone. A tunnel is named as its drops name it,
 * {@code NODE:ipsec/NAME} (one end of an IPsec tunnel). Two inputs:
 * <ul>
 *   <li>{@code Dropped} records whose place is a tunnel: drops per time bin, by reason, always;</li>
 *   <li>the tunnel's periodic counters line (docs/report-format.md, "Per-tunnel counters"):
 *       {@code Log("ipsec", "NAME: counters state=S tx_packets=N tx_bytes=N rx_packets=N rx_bytes=N drops=N …")}
 *       with cumulative values since boot; consecutive lines give bytes per second sent into and received from
 *       the tunnel. Without such lines throughput is not measured ({@link Series#throughput()} empty): the outer
 *       packets' frames on links cannot be attributed to one tunnel, so no figure is made up from them.</li>
 * </ul>
 * VXLAN, GRE and L2TP devices have no counters line; their drops appear as node drops "NODE:DEVICE".
 */
public record TunnelTraffic(long binNs, List<Series> tunnels) {
    /** Places of drops that are tunnels: {@code NODE:} followed by one of these machine prefixes. */
    public static final List<String> TUNNEL_MACHINES = List.of("ipsec/");
    private static final String COUNTERS_PROGRAM = "ipsec";
    private static final String COUNTERS_WORD = "counters";

    /** Bytes per second sent into ({@code tx}) and received from ({@code rx}) the tunnel during [startNs, endNs). */
    public record Rate(long startNs, long endNs, double txBytesPerS, double rxBytesPerS) {}

    /** Cumulative counters at {@code timeNs}, as one counters line reports them. */
    public record Counters(long timeNs, String state, long txPackets, long txBytes, long rxPackets, long rxBytes, long drops) {}

    /**
     * One tunnel end: its drops per bin by reason (each array has one entry per bin of {@link #binNs}), its counters
     * lines and the rates between them (empty when the trace has none), and its drops by reason in total.
     */
    public record Series(String tunnel, Map<String, long[]> dropsPerBin, Map<String, Long> dropsByReason, List<Counters> counters,
                         List<Rate> throughput) {
        public Series {
            dropsByReason = Map.copyOf(dropsByReason);
            counters = List.copyOf(counters);
            throughput = List.copyOf(throughput);
        }

        public long drops() {
            return dropsByReason.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The last counters line, or null. */
        public Counters lastCounters() {
            return counters.isEmpty() ? null : counters.get(counters.size() - 1);
        }
    }

    public TunnelTraffic {
        tunnels = List.copyOf(tunnels);
    }

    /** Every tunnel with drops or counters lines in {@code trace}, sorted by name; drops binned by {@code binNs}. */
    public static TunnelTraffic of(List<TraceRecord> trace, long endNs, long binNs) {
        int bins = (int) Math.max(1, (Math.max(endNs, 1) + binNs - 1) / binNs);
        Map<String, Map<String, long[]>> drops = new TreeMap<>();
        Map<String, List<Counters>> counters = new TreeMap<>();
        for (TraceRecord r : trace) {
            if (r.event() instanceof TraceEvent.Dropped d && isTunnel(d.where())) {
                int bin = (int) Math.min(bins - 1, r.time() / binNs);
                drops.computeIfAbsent(d.where(), k -> new TreeMap<>()).computeIfAbsent(d.reason().name(), k -> new long[bins])[bin]++;
            } else if (r.event() instanceof TraceEvent.Log l && l.program().equals(COUNTERS_PROGRAM)) {
                Counters c = parseCounters(r.time(), l.text());
                if (c != null) counters.computeIfAbsent(r.node() + ":" + COUNTERS_PROGRAM + "/" + tunnelName(l.text()), k -> new ArrayList<>()).add(c);
            }
        }
        TreeMap<String, Series> out = new TreeMap<>();
        for (String t : union(drops.keySet(), counters.keySet())) {
            Map<String, long[]> perBin = drops.getOrDefault(t, Map.of());
            Map<String, Long> totals = new TreeMap<>();
            perBin.forEach((reason, counts) -> totals.put(reason, java.util.Arrays.stream(counts).sum()));
            List<Counters> lines = counters.getOrDefault(t, List.of());
            out.put(t, new Series(t, perBin, totals, lines, rates(lines)));
        }
        return new TunnelTraffic(binNs, new ArrayList<>(out.values()));
    }

    static boolean isTunnel(String where) {
        int colon = where.indexOf(':');
        if (colon < 0) return false;
        String machine = where.substring(colon + 1);
        return TUNNEL_MACHINES.stream().anyMatch(p -> machine.startsWith(p) && machine.length() > p.length());
    }

    /**
     * "NAME: counters state=S key=N …" → the counters, or null for any other line. Unknown keys (per-reason drops,
     * later additions) are skipped; a missing counter is taken as 0 so an older trace still parses.
     */
    static Counters parseCounters(long timeNs, String text) {
        String[] words = text.split(" ");
        if (words.length < 2 || !words[0].endsWith(":") || !words[1].equals(COUNTERS_WORD)) return null;
        Map<String, String> kv = new HashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) kv.put(words[i].substring(0, eq), words[i].substring(eq + 1));
        }
        try {
            return new Counters(timeNs, kv.get("state"), number(kv, "tx_packets"), number(kv, "tx_bytes"), number(kv, "rx_packets"),
                    number(kv, "rx_bytes"), number(kv, "drops"));
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    private static String tunnelName(String text) {
        return text.substring(0, text.indexOf(':'));
    }

    private static long number(Map<String, String> kv, String key) {
        String v = kv.get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    /**
     * Rates between consecutive counters lines; the first interval starts at 0, when every counter was 0. A counter
     * that went down (a restarted tunnel end) starts again from 0 in that interval.
     */
    static List<Rate> rates(List<Counters> lines) {
        List<Rate> out = new ArrayList<>();
        long t0 = 0, tx0 = 0, rx0 = 0;
        for (Counters c : lines) {
            if (c.timeNs() > t0) {
                double seconds = (c.timeNs() - t0) / 1e9;
                long tx = c.txBytes() >= tx0 ? c.txBytes() - tx0 : c.txBytes();
                long rx = c.rxBytes() >= rx0 ? c.rxBytes() - rx0 : c.rxBytes();
                out.add(new Rate(t0, c.timeNs(), tx / seconds, rx / seconds));
            }
            t0 = c.timeNs();
            tx0 = c.txBytes();
            rx0 = c.rxBytes();
        }
        return out;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
