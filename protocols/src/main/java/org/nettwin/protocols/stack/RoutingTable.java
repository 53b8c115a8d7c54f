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
        int bits = dst.bits();
        for (int len = 32; len >= 0; len--) {
            if (byLength[len].isEmpty()) continue;
            List<Route> list = byLength[len].get(bits & Prefix4.mask(len));
            if (list == null) continue;
            for (Route r : list) if (usable.test(r)) return r;
        }
        return null;
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
