package org.nettwin.protocols.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.stack.RoutingTable;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RoutingTable#lookup} (longest-prefix match, one hash probe per non-empty prefix length) with a default
 * route and {@code routes - 1} distinct random prefixes whose lengths are spread as in a large table (mostly
 * /24, then /16-/23, /25-/32 and /8-/15), over 4,096 destinations cycled in order. Everything comes from a
 * seeded SplittableRandom, so each run measures the same table and destinations.
 *
 * <p>{@code dst = table}: each destination lies in a random route of the table (a router forwarding to what
 * it knows); {@code dst = uniform}: uniform over the address space, so most fall through every populated
 * length to the default route (a host or edge router sending anywhere).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// A fixed, pre-touched heap: on a virtual machine the first touch of a fresh heap page costs microseconds, and
// G1 growing its young generation into untouched memory made allocating benchmarks 10-40x slower for whole
// iterations (docs/performance.md "Hot paths (JMH)").
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class RoutingBench {
    private static final int DESTINATIONS = 4096;
    private static final String[] DEVICES = {"eth0", "eth1", "eth2", "eth3"};

    @Param({"10", "1000", "100000"})
    public int routes;

    @Param({"table", "uniform"})
    public String dst;

    private RoutingTable table;
    private Ip4[] destinations;
    private int next;
    /** Like NodeStack's: the route's device must exist and be up (one hash probe on the device name). */
    private Predicate<Route> usable;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(0x10_0000L + routes);
        table = new RoutingTable();
        List<Prefix4> prefixes = new ArrayList<>(routes);
        Set<Prefix4> seen = new HashSet<>();
        prefixes.add(Prefix4.DEFAULT);
        seen.add(Prefix4.DEFAULT);
        table.add(Route.via(Prefix4.DEFAULT, Ip4.parse("10.255.255.254"), DEVICES[0], 0));
        while (prefixes.size() < routes) {
            Prefix4 p = new Prefix4(new Ip4(random.nextInt()), prefixLength(random));
            if (!seen.add(p)) continue;
            prefixes.add(p);
            table.add(Route.via(p, new Ip4(0x0a000000 | random.nextInt(1 << 16)), DEVICES[random.nextInt(DEVICES.length)],
                    random.nextInt(3) * 100));
        }
        if (table.size() != routes) throw new IllegalStateException("table holds " + table.size() + " routes, not " + routes);
        destinations = new Ip4[DESTINATIONS];
        for (int i = 0; i < DESTINATIONS; i++) {
            if (dst.equals("uniform")) {
                destinations[i] = new Ip4(random.nextInt());
            } else {
                Prefix4 p = prefixes.get(1 + random.nextInt(routes - 1));
                destinations[i] = new Ip4(p.network().bits() | (random.nextInt() & ~Prefix4.mask(p.length())));
            }
        }
        Set<String> up = new HashSet<>(List.of(DEVICES));
        usable = r -> up.contains(r.device());
    }

    /** Mostly /24 (about half), then /16-/23, /25-/32 and a few /8-/15. */
    private static int prefixLength(SplittableRandom random) {
        int u = random.nextInt(100);
        if (u < 50) return 24;
        if (u < 80) return random.nextInt(16, 24);
        if (u < 95) return random.nextInt(25, 33);
        return random.nextInt(8, 16);
    }

    @Benchmark
    public Route lookup() {
        Ip4 d = destinations[next];
        next = (next + 1) & (DESTINATIONS - 1);
        return table.lookup(d, usable);
    }
}
