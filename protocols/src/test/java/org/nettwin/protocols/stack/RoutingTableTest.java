package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

class RoutingTableTest {
    @Test void longestPrefixThenLowestMetric() {
        RoutingTable t = new RoutingTable();
        t.add(Route.via(Prefix4.DEFAULT, Ip4.parse("10.0.0.1"), "eth0", 0));
        t.add(Route.via(Prefix4.parse("172.16.1.0/24"), Ip4.parse("10.0.0.2"), "eth0", 2));
        t.add(Route.via(Prefix4.parse("172.16.1.0/24"), Ip4.parse("10.0.0.3"), "eth0", 1));
        assertEquals(Ip4.parse("10.0.0.3"), t.lookup(Ip4.parse("172.16.1.9"), r -> true).gateway());
        assertEquals(Ip4.parse("10.0.0.2"), t.lookup(Ip4.parse("172.16.1.9"), r -> r.metric() != 1).gateway());
        assertEquals(Ip4.parse("10.0.0.1"), t.lookup(Ip4.parse("8.8.8.8"), r -> true).gateway());
    }

    @Test void replaceSwapsSamePrefixAndMetric() {
        RoutingTable t = new RoutingTable();
        t.add(new Route(Prefix4.DEFAULT, null, "ppp0", 0, Route.Origin.STATIC, null));
        t.replace(Route.via(Prefix4.DEFAULT, Ip4.parse("192.168.0.254"), "eth0", 0));
        assertEquals(1, t.size());
        assertEquals("default via 192.168.0.254 dev eth0", t.routes().get(0).toString());
    }

    /** Property: lookup equals a linear scan over all routes (longest prefix, then metric, then insertion). */
    @Test void lookupMatchesLinearOracle() {
        long seed = 0x5eed_2026L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            RoutingTable t = new RoutingTable();
            List<Route> all = new ArrayList<>();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                Prefix4 p = new Prefix4(new Ip4(rnd.nextInt() & 0x0a0f0000 | 0x0a000000), rnd.nextInt(8, 33));
                Route r = Route.via(p, new Ip4(rnd.nextInt()), "eth" + rnd.nextInt(3), rnd.nextInt(4));
                if (all.contains(r)) continue;
                all.add(r);
                t.add(r);
            }
            for (int q = 0; q < 50; q++) {
                Ip4 dst = new Ip4(rnd.nextInt() & 0x0a0f00ff | 0x0a000000);
                Route best = null;
                for (Route r : all) {
                    if (!r.prefix().contains(dst)) continue;
                    if (best == null || r.prefix().length() > best.prefix().length()
                            || r.prefix().length() == best.prefix().length() && r.metric() < best.metric()) best = r;
                }
                assertEquals(best, t.lookup(dst, r -> true), "seed " + seed + " round " + round + " dst " + dst);
            }
        }
    }
}
