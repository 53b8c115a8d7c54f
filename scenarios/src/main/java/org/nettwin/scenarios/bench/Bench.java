package org.nettwin.scenarios.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.KernelStats;
import org.nettwin.sim.bench.KernelBench;

/**
 * Named workloads for `nettwin bench`: the bare kernel with trivial handlers, a chain of routers carrying
 * pings through the full stack, seed 000 with a fleet of devices ({@link GateScale}), a chain of keepalived
 * pairs ({@link VrrpMesh}), and any scenario file. Figures are wall-clock measurements of this JVM;
 * they go in docs/performance.md, never into assertions.
 */
public final class Bench {
    private Bench() {}

    /**
     * One measurement. {@code peakHeapBytes} is the peak heap use seen by the JVM since the run started;
     * {@code detail} says what a generated network saw (phases, probe losses), empty for the others.
     */
    public record Result(String workload, KernelStats stats, long peakHeapBytes, String detail) {
        public String row() {
            double wallS = stats.wallNanos() / 1e9;
            return String.format(Locale.ROOT, "%-28s %9.1f %8.3f %12.1f %12d %13.0f %12.0f %9.0f",
                    workload, stats.simulatedNanos() / 1e9, wallS, stats.simulatedSecondsPerWallSecond(), stats.eventsProcessed(),
                    stats.eventsPerWallSecond(), wallS == 0 ? 0 : stats.framesSent() / wallS, peakHeapBytes / 1048576.0)
                    + (detail.isEmpty() ? "" : "\n    " + detail);
        }
    }

    public static final String HEADER = String.format(Locale.ROOT, "%-28s %9s %8s %12s %12s %13s %12s %9s",
            "workload", "sim s", "wall s", "sim s/wall s", "events", "events/s", "frames/s", "heap MB");

    /** The workloads run when none is named; gate-scale and vrrp-mesh are named explicitly, being large. */
    public static final List<String> WORKLOADS = List.of("kernel-trivial", "kernel-staggered", "router-chain");
    /** Every named workload, for `nettwin bench --help`. */
    public static final List<String> ALL_WORKLOADS = List.of("kernel-trivial", "kernel-staggered", "router-chain", "gate-scale", "vrrp-mesh");

    /**
     * Sizes of the generated workloads: devices behind the VPG for gate-scale, routers for vrrp-mesh, and the
     * directory of the seed 000 example whose files gate-scale copies.
     */
    public record Sizes(int devices, int routers, Path seedDir, GateScale.Carrier carrier) {
        public static final Sizes DEFAULT = new Sizes(1000, 1000, Path.of("examples", "soracom-gate"), GateScale.Carrier.BEARERS);
    }

    /** Runs a named workload, or a scenario file when {@code workload} ends in .yml, with the given host mode. */
    public static Result run(String workload, boolean inline, int threads) throws ConfigError {
        return run(workload, inline, threads, Sizes.DEFAULT);
    }

    public static Result run(String workload, boolean inline, int threads, Sizes sizes) throws ConfigError {
        KernelConfig cfg = new KernelConfig(1, inline ? HostMode.INLINE : HostMode.ACTORS, threads);
        return switch (workload) {
            case "kernel-trivial" -> measured(workload, () -> KernelBench.run("trivial", 16, Time.ms(200), cfg).stats());
            case "kernel-staggered" -> measured(workload, () -> KernelBench.run("staggered", 16, Time.ms(200), cfg).stats());
            case "router-chain" -> measured(workload, () -> runScenario(routerChain(20, 100), inline, threads));
            case "gate-scale" -> {
                GateScale.Generated g = GateScale.generate(sizes.devices(), sizes.seedDir(), sizes.carrier());
                yield lean(workload + " " + sizes.devices() + (sizes.carrier() == GateScale.Carrier.SWITCHES ? " switches" : ""), g.scenario(), g.wiring(), inline, threads);
            }
            case "vrrp-mesh" -> lean(workload + " " + sizes.routers(), VrrpMesh.generate(sizes.routers()), LeanRun.Wiring.NONE, inline, threads);
            default -> {
                if (!workload.endsWith(".yml")) throw new IllegalArgumentException("unknown workload " + workload + "; known: " + ALL_WORKLOADS + " or a scenario .yml");
                yield measured(Path.of(workload).getFileName().toString(), () -> runScenario(Path.of(workload), inline, threads));
            }
        };
    }

    private interface Measured {
        KernelStats run() throws ConfigError;
    }

    private static Result measured(String name, Measured m) throws ConfigError {
        resetPeaks();
        KernelStats stats = m.run();
        return new Result(name, stats, peakHeap(), "");
    }

    /** A generated network: loaded, built and run without keeping its trace ({@link LeanRun}). */
    private static Result lean(String name, Path scenario, LeanRun.Wiring wiring, boolean inline, int threads) throws ConfigError {
        resetPeaks();
        LeanRun.Outcome o = LeanRun.run(scenario, wiring, inline, threads);
        LeanRun.Probes p = o.probes();
        String detail = String.format(Locale.ROOT, "load %.1f s, build %.1f s, run %.1f s CPU on the kernel thread; %d ping streams: %d replies, %d lost (%d streams lost any, longest streak %d); "
                + "losses by second: %s; VRRP instances entering MASTER by second: %s", o.loadNanos() / 1e9, o.buildNanos() / 1e9, o.runCpuNanos() / 1e9, p.streams(), p.replies(),
                p.lost(), p.streamsWithLoss(), p.longestLossStreak(), p.lossTimeline(), p.masterTimeline());
        return new Result(name, o.stats(), peakHeap(), detail);
    }

    private static KernelStats runScenario(Path scenario, boolean inline, int threads) throws ConfigError {
        return ScenarioRunner.execute(ScenarioLoader.load(scenario), new RunOptions(null, null, null, threads, inline, null)).stats();
    }

    /**
     * A chain h0 - r1 - ... - rN - h1 on 1 ms / 1 Gbps links (the workload uses 20 routers, 100 pings/s), h0 pinging h1 {@code pps} times a second for
     * 60 simulated seconds: every packet crosses the full stack (ARP, routing, ICMP) at every hop.
     */
    static Path routerChain(int routers, int pps) {
        if (routers < 2) throw new IllegalArgumentException("a chain needs at least 2 routers");
        StringBuilder t = new StringBuilder("name: router-chain\nnodes:\n");
        t.append("  h0: { kind: host, interfaces: { eth0: { address: 10.0.0.2/24 } }, routes: [ { to: default, via: 10.0.0.1 } ] }\n");
        for (int i = 1; i <= routers; i++) {
            t.append("  r").append(i).append(":\n    kind: router\n    interfaces:\n");
            t.append("      eth0: { address: 10.0.").append(i - 1).append(".1/24 }\n");
            t.append("      eth1: { address: 10.0.").append(i).append(".254/24 }\n");
            t.append("    routes:\n");
            if (i < routers) t.append("      - { to: 10.0.").append(routers).append(".0/24, via: 10.0.").append(i).append(".1 }\n");
            if (i > 1) t.append("      - { to: 10.0.0.0/24, via: 10.0.").append(i - 1).append(".254 }\n");
        }
        t.append("  h1: { kind: host, interfaces: { eth0: { address: 10.0.").append(routers).append(".2/24 } }, routes: [ { to: default, via: 10.0.")
                .append(routers).append(".254 } ] }\n");
        t.append("links:\n");
        t.append("  - { endpoints: [\"h0:eth0\", \"r1:eth0\"], delay: 1ms, rate: 1Gbps }\n");
        for (int i = 1; i < routers; i++) {
            t.append("  - { endpoints: [\"r").append(i).append(":eth1\", \"r").append(i + 1).append(":eth0\"], delay: 1ms, rate: 1Gbps }\n");
        }
        t.append("  - { endpoints: [\"r").append(routers).append(":eth1\", \"h1:eth0\"], delay: 1ms, rate: 1Gbps }\n");
        String scenario = "name: router-chain\ntopology: router-chain.topo.yml\nduration: 60s\nprobes:\n"
                + "  - ping: { name: p, from: h0, to: 10.0." + routers + ".2, interval: " + (1000 / pps) + "ms }\n";
        return GeneratedScenario.write("router-chain", Map.of("router-chain.topo.yml", t, "router-chain.scenario.yml", scenario), "router-chain.scenario.yml");
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        return sum;
    }
}
