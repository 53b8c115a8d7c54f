package org.nettwin.scenarios.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.scenarios.run.Network;
import org.nettwin.scenarios.run.ProbeTally;
import org.nettwin.scenarios.run.ScenarioTimeline;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.KernelStats;
import org.nettwin.sim.SimKernel;

/**
 * Runs a scenario the way {@code ScenarioRunner} does (same loader, same {@link Network}, same timeline) but
 * keeps no trace: with a fleet of devices the trace of one minute is hundreds of millions of records, which
 * is what a report needs and a benchmark must not hold. Probe results are only counted: replies, losses
 * (any other outcome but a redirect) per simulated second, and the longest loss streak of any one probe.
 */
final class LeanRun {
    private LeanRun() {}

    /**
     * What the probes saw; {@code lostBySecond[s]} counts losses reported during simulated second s, and
     * {@code mastersBySecond[s]} the VRRP instances that entered MASTER then (the failover itself, which a
     * ping with no loss would not show).
     */
    record Probes(int streams, long replies, long lost, int streamsWithLoss, int longestLossStreak, long[] lostBySecond, long[] mastersBySecond) {
        String lossTimeline() {
            return timeline(lostBySecond);
        }

        String masterTimeline() {
            return timeline(mastersBySecond);
        }

        /** Non-zero seconds as "30s:1234 31s:5". */
        private static String timeline(long[] bySecond) {
            StringBuilder b = new StringBuilder();
            for (int s = 0; s < bySecond.length; s++) if (bySecond[s] > 0) b.append(b.isEmpty() ? "" : " ").append(s).append("s:").append(bySecond[s]);
            return b.isEmpty() ? "none" : b.toString();
        }
    }

    /**
     * Wall-clock phases (ns) and the run's figures. {@code runCpuNanos} is the CPU time of the thread that ran
     * the kernel, during the run: on a shared machine wall time includes waiting for a core, this does not
     * (with inline hosting it is all the simulation's work but GC and JIT).
     */
    record Outcome(KernelStats stats, Probes probes, long loadNanos, long buildNanos, long runCpuNanos) {}

    /** The trace's name of a VRRP instance's state machine, "vrrp/VI_1" (as StackVrrpHost names it). */
    private static final String VRRP_MACHINE = "vrrp/";

    private static final class Stream {
        int lostStreak;
        boolean anyLoss;
    }

    /** Nodes, links and pings a workload adds in Java after the topology is built (before anything boots). */
    interface Wiring {
        Wiring NONE = (net, kernel) -> List.of();

        /** Adds to the network; returns the names of the pings it armed, to be counted with the scenario's own. */
        List<String> wire(Network net, SimKernel kernel);
    }

    static Outcome run(java.nio.file.Path scenarioFile, Wiring wiring, boolean inline, int threads) throws ConfigError {
        long t0 = System.nanoTime();
        ScenarioSpec spec = ScenarioLoader.load(scenarioFile);
        long t1 = System.nanoTime();
        Map<String, Stream> streams = new HashMap<>();
        long[] lostBySecond = new long[(int) (spec.durationNs() / Time.S) + 1];
        long[] mastersBySecond = new long[lostBySecond.length];
        long[] replies = {0};
        int[] longest = {0};
        KernelConfig cfg = new KernelConfig(spec.seed(), inline ? HostMode.INLINE : HostMode.ACTORS, Math.max(1, threads));
        try (SimKernel kernel = new SimKernel(cfg)) {
            Network net = Network.build(spec.topology(), kernel);
            for (String probe : wiring.wire(net, kernel)) streams.put(probe, new Stream());
            Map<String, ProbeTally> unused = new HashMap<>();
            ScenarioTimeline.arm(spec, net, kernel, unused);
            for (String probe : unused.keySet()) streams.put(probe, new Stream());
            long t2 = System.nanoTime();
            kernel.addTraceListener(r -> {
                if (r.event() instanceof TraceEvent.StateChanged c && c.machine().startsWith(VRRP_MACHINE) && c.to().equals("MASTER")) {
                    mastersBySecond[(int) (r.time() / Time.S)]++;
                }
                if (!(r.event() instanceof TraceEvent.ProbeResult p) || p.outcome() == ProbeOutcome.REDIRECT) return;
                Stream s = streams.get(p.probe());
                if (s == null) return; // a program's own ping (a keepalived check), not a probe
                if (p.outcome() == ProbeOutcome.REPLY) {
                    replies[0]++;
                    s.lostStreak = 0;
                } else {
                    lostBySecond[(int) (r.time() / Time.S)]++;
                    s.anyLoss = true;
                    longest[0] = Math.max(longest[0], ++s.lostStreak);
                }
            });
            ThreadMXBean cpuClock = ManagementFactory.getThreadMXBean();
            long cpu0 = cpuClock.getCurrentThreadCpuTime();
            kernel.runUntil(spec.durationNs());
            long runCpu = cpuClock.getCurrentThreadCpuTime() - cpu0;
            long lost = 0;
            for (long l : lostBySecond) lost += l;
            int withLoss = (int) streams.values().stream().filter(s -> s.anyLoss).count();
            return new Outcome(kernel.stats(), new Probes(streams.size(), replies[0], lost, withLoss, longest[0], lostBySecond, mastersBySecond), t1 - t0, t2 - t1, runCpu);
        }
    }
}
