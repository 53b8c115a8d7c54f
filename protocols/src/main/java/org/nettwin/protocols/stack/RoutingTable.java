package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * Longest-prefix-match table with metrics, like Linux's main table: among routes of the longest matching
 * prefix the lowest metric wins; ties keep insertion order. Lookup is one hash probe per prefix length
 * (at most 33), which keeps forwarding cheap without a trie.
 */
public final class RoutingTable {
    @SuppressWarnings("unchecked")
    private final Map<Integer, List<Route>>[] byLength = new Map[33];
    private int size;

    public RoutingTable() {
        for (int i = 0; i <= 32; i++) byLength[i] = new HashMap<>();
    }

    public void add(Route r) {
        List<Route> list = byLength[r.prefix().length()].computeIfAbsent(r.prefix().network().bits(), k -> new ArrayList<>(2));
        if (list.contains(r)) return;
        int i = 0;
        while (i < list.size() && list.get(i).metric() <= r.metric()) i++;
        list.add(i, r);
        size++;
    }

    /** `ip route replace`: removes every route of the same prefix and metric, then adds. */
    public void replace(Route r) {
        removeIf(x -> x.prefix().equals(r.prefix()) && x.metric() == r.metric());
        add(r);
    }

    public boolean remove(Route r) {
        List<Route> list = byLength[r.prefix().length()].get(r.prefix().network().bits());
        if (list == null || !list.remove(r)) return false;
        size--;
        return true;
    }

    public int removeIf(Predicate<Route> p) {
        int removed = 0;
        for (Map<Integer, List<Route>> m : byLength) {
            for (List<Route> list : m.values()) {
                int before = list.size();
                list.removeIf(p);
                removed += before - list.size();
            }
            m.values().removeIf(List::isEmpty);
        }
        size -= removed;
        return removed;
    }

    /** Longest-prefix match among routes accepted by {@code usable} (e.g. interface up); null if none. */
    public Route lookup(Ip4 dst, Predicate<Route> usable) {
        return lookup(dst, usable, 0);
    }

    /**
     * Longest-prefix match, then the lowest metric among the routes {@code usable} accepts (a `hide` route
     * whose tunnel is down is not). When that best route is multipath, {@code flowHash} picks one of the
     * usable multipath routes of the same prefix and metric by hash-threshold (RFC 2992 §2, as Linux
     * fib_select_multipath): the hash space is cut into equal regions, one per next hop, so one flow keeps
     * one next hop while the set is unchanged. Null if nothing matches.
     */
    public Route lookup(Ip4 dst, Predicate<Route> usable, int flowHash) {
        int bits = dst.bits();
        for (int len = 32; len >= 0; len--) {
            if (byLength[len].isEmpty()) continue;
            List<Route> list = byLength[len].get(bits & Prefix4.mask(len));
            if (list == null) continue;
            for (int i = 0; i < list.size(); i++) {
                Route r = list.get(i);
                if (usable.test(r)) return r.multipath() ? pickMultipath(list, i, usable, flowHash) : r;
            }
        }
        return null;
    }

    /** {@code list} is sorted by metric, so the equal-cost set starts at {@code first}. */
    private static Route pickMultipath(List<Route> list, int first, Predicate<Route> usable, int flowHash) {
        int metric = list.get(first).metric();
        List<Route> set = new ArrayList<>(4);
        for (int i = first; i < list.size() && list.get(i).metric() == metric; i++) {
            Route r = list.get(i);
            if (r.multipath() && usable.test(r)) set.add(r);
        }
        long region = ((flowHash & 0xffffffffL) * set.size()) >>> 32;
        return set.get((int) region);
    }

    /** All routes, longest prefix first then by metric: the order `ip route` users reason in. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(size);
        for (int len = 32; len >= 0; len--) {
            List<Integer> keys = new ArrayList<>(byLength[len].keySet());
            keys.sort(Integer::compareUnsigned);
            for (Integer k : keys) all.addAll(byLength[len].get(k));
        }
        return Collections.unmodifiableList(all);
    }

    public int size() { return size; }
}
