package org.nettwin.sim.bench;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.KernelStats;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * Kernel throughput benchmark (plain Java, for the {@code nettwin bench} command; never a timed unit test).
 * Workloads, all with trivial handlers so the kernel's own cost is what is measured:
 * <ul>
 *   <li>{@code timers}: every node re-arms one timer each {@link #TICK_NS};</li>
 *   <li>{@code frames}: nodes in pairs over ideal links of {@link #TICK_NS} delay bounce one frame forever;</li>
 *   <li>{@code trivial}: both at once;</li>
 *   <li>{@code staggered}: timers only, node i ticking i ns after node 0 (needs fewer than 1000 nodes). The
 *       nodes have no links, so no lookahead bounds the window: it measures a group queue's per-event cost.</li>
 * </ul>
 * In the first three every node acts at every tick, so each instant holds one event per node per activity:
 * the parallel case.
 */
public final class KernelBench {
    public static final List<String> WORKLOADS = List.of("trivial", "timers", "frames", "staggered");
    public static final long TICK_NS = Time.US;
    private static final byte[] FRAME = new byte[64];

    private KernelBench() {}

    public record BenchResult(String workload, int nodes, HostMode hostMode, int threads, KernelStats stats, String fingerprint) {
        public double eventsPerSecond() { return stats.eventsPerWallSecond(); }

        public double simulatedSecondsPerWallSecond() { return stats.simulatedSecondsPerWallSecond(); }

        public String summary() {
            return String.format(Locale.ROOT, "%s nodes=%d %s threads=%d: %,d events in %.3f s wall = %,.0f events/s, %.4f simulated s per wall s",
                    workload, nodes, hostMode, threads, stats.eventsProcessed(), stats.wallNanos() / 1e9,
                    eventsPerSecond(), simulatedSecondsPerWallSecond());
        }
    }

    /** Builds {@code workload} with {@code nodes} nodes (even for frame workloads) and runs it for {@code simulatedNs}. */
    public static BenchResult run(String workload, int nodes, long simulatedNs, KernelConfig config) {
        Objects.requireNonNull(workload, "workload");
        boolean staggered = workload.equals("staggered");
        boolean timers = workload.equals("trivial") || workload.equals("timers") || staggered;
        boolean frames = workload.equals("trivial") || workload.equals("frames");
        if (!timers && !frames) throw new IllegalArgumentException("unknown workload " + workload + "; known: " + WORKLOADS);
        if (nodes < 1 || (frames && nodes % 2 != 0) || (staggered && nodes >= TICK_NS)) {
            throw new IllegalArgumentException("workload " + workload + " needs " + (frames ? "an even number of" : staggered ? "1 to 999" : "at least one") + " nodes, got " + nodes);
        }
        try (SimKernel kernel = new SimKernel(config)) {
            for (int i = 0; i < nodes; i++) kernel.addNode("n" + i, new TrivialNode(timers, frames, staggered ? i : 0));
            if (frames) {
                LinkParams oneTick = LinkParams.ideal().withDelay(TICK_NS);
                for (int i = 0; i < nodes; i += 2) {
                    kernel.connect("l" + i, new PortRef("n" + i, 0), new PortRef("n" + (i + 1), 0), oneTick, oneTick);
                }
            }
            kernel.runUntil(simulatedNs);
            return new BenchResult(workload, nodes, config.hostMode(), config.threads(), kernel.stats(), kernel.fingerprint());
        }
    }

    /** Timer tick re-arms itself; a received frame goes straight back out. */
    private static final class TrivialNode implements HostedNode {
        private final boolean timers;
        private final boolean frames;
        private final long firstTickNs;
        private NodeEnv env;
        private Runnable tick;

        TrivialNode(boolean timers, boolean frames, long firstTickNs) {
            this.timers = timers;
            this.frames = frames;
            this.firstTickNs = firstTickNs;
        }

        @Override
        public void boot(NodeEnv env) {
            this.env = env;
            if (timers) {
                tick = () -> env.after(TICK_NS, "tick", tick);
                env.schedule(firstTickNs, "tick", tick);
            }
            if (frames) env.transmit(0, FRAME);
        }

        @Override
        public void receive(int port, byte[] frame) { env.transmit(port, frame); }

        @Override
        public void carrier(int port, boolean up) {}
    }

    /** Usage: KernelBench [workload] [nodes] [simulated-ms] [ACTORS|INLINE] [threads]; runs a warm-up first. */
    public static void main(String[] args) {
        String workload = args.length > 0 ? args[0] : "trivial";
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long simulatedNs = Time.ms(args.length > 2 ? Long.parseLong(args[2]) : 100);
        HostMode mode = args.length > 3 ? HostMode.valueOf(args[3].toUpperCase(Locale.ROOT)) : HostMode.ACTORS;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : Math.max(1, Runtime.getRuntime().availableProcessors());
        KernelConfig config = new KernelConfig(1, mode, threads);
        run(workload, nodes, simulatedNs / 4, config);
        System.out.println(run(workload, nodes, simulatedNs, config).summary());
    }
}
