package org.nettwin.scenarios.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.spec.CaptureSpec;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.KernelStats;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Link;

/**
 * Runs a scenario: builds the network in a fresh kernel, arms the timeline (probes, faults, commands),
 * runs to the scenario's duration, checks the expectations and writes the run directory.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs and returns the summary; see {@link #execute} for the full trace. */
    public static RunResult run(ScenarioSpec spec, RunOptions options) throws ConfigError {
        return execute(spec, options).result();
    }

    /** A finished run with everything a report needs. */
    public record CompletedRun(ScenarioSpec spec, long seed, RunResult result, List<TraceRecord> trace,
                               Map<String, ProbeTally> probes, Map<String, Link> links, KernelStats stats) {}

    public static CompletedRun execute(ScenarioSpec spec, RunOptions options) throws ConfigError {
        long seed = options.seedOverride() != null ? options.seedOverride() : spec.seed();
        KernelConfig cfg = new KernelConfig(seed, options.inline() ? HostMode.INLINE : HostMode.ACTORS, Math.max(1, options.threads()));
        List<TraceRecord> trace = new ArrayList<>();
        Map<String, ProbeTally> tallies = new LinkedHashMap<>();
        PrintStream console = options.console();
        try (SimKernel kernel = new SimKernel(cfg)) {
            Network net = Network.build(spec.topology(), kernel, ScenarioTimeline.restartedNodes(spec));
            boolean singleProbe = spec.probes().size() == 1;
            kernel.addTraceListener(r -> {
                trace.add(r);
                // Only the scenario's own pings are tallied; pings that programs run (keepalived's checks) are not probes.
                if (r.event() instanceof TraceEvent.ProbeResult p && tallies.containsKey(p.probe())) tallies.get(p.probe()).add(p);
                if (console != null) ScenarioTimeline.echo(console, r, singleProbe);
            });
            Path pcapDir = options.pcapDir() != null ? options.pcapDir() : options.outDir() != null ? options.outDir().resolve("pcap") : null;
            if (pcapDir != null) armCapture(kernel, spec.capture(), pcapDir, net);
            ScenarioTimeline.arm(spec, net, kernel, tallies);
            kernel.runUntil(spec.durationNs());
            String fingerprint = kernel.fingerprint();
            List<String> failures = ScenarioTimeline.checkExpectations(spec, tallies, trace, kernel.now());
            RunResult result = new RunResult(fingerprint, kernel.now(), failures.isEmpty(), failures);
            CompletedRun run = new CompletedRun(spec, seed, result, trace, tallies, net.links(), kernel.stats());
            if (console != null) {
                console.println();
                console.println("fingerprint " + fingerprint);
                for (String f : failures) console.println("EXPECTATION FAILED: " + f);
            }
            return run;
        }
    }

    private static void armCapture(SimKernel kernel, CaptureSpec capture, Path dir, Network net) {
        if (capture == null) return;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create pcap directory " + dir, e);
        }
        if (capture.all()) {
            kernel.captureAll(dir);
        } else {
            for (String l : capture.links()) kernel.capture(l, dir.resolve(fileSafe(l) + ".pcap"));
        }
    }

    static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
