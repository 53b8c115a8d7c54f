package org.nettwin.scenarios.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.scenarios.run.Network;
import org.nettwin.scenarios.run.ScenarioTimeline;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.sim.BoundaryArrival;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Direction;
import org.nettwin.topologies.LinkSpec;

/**
 * One partition of a scenario run: a partition kernel ({@link SimKernel#partition}) built with exactly the
 * calls {@code ScenarioRunner} makes for the whole network (every node, link and timeline step, so event keys
 * are the same), hosting only this partition's nodes. Partition 0 keeps the kernel thread's records
 * (faults on links), so each record of the single run appears in exactly one partition.
 */
public final class ScenarioPartitionEngine implements PartitionEngine {
    /** Loads the scenario file named by the plan's source on this member. */
    public static final class Factory implements PartitionEngineFactory {
        @Override
        public PartitionEngine open(PartitionPlan plan, int partition) throws ConfigError {
            return new ScenarioPartitionEngine(ScenarioLoader.load(Path.of(plan.source())), plan, partition);
        }
    }

    /**
     * The plan of {@code scenarioFile} split into {@code partitions} by {@link TopologyPartitioner}, with the
     * scenario's seed unless {@code seedOverride} is given (as {@code nettwin run --seed}).
     */
    public static PartitionPlan plan(Path scenarioFile, int partitions, Long seedOverride) throws ConfigError {
        ScenarioSpec spec = ScenarioLoader.load(scenarioFile);
        return new PartitionPlan(Factory.class.getName(), scenarioFile.toAbsolutePath().toString(),
                seedOverride != null ? seedOverride : spec.seed(), spec.durationNs(), partitions,
                TopologyPartitioner.split(spec.topology(), partitions));
    }

    private final SimKernel kernel;
    /** Per link, the node each direction delivers to: where a boundary arrival must be routed. */
    private final Map<String, LinkSpec> links = new HashMap<>();
    private final List<TraceLine> trace = new ArrayList<>();

    ScenarioPartitionEngine(ScenarioSpec spec, PartitionPlan plan, int partition) throws ConfigError {
        Set<String> hosted = new HashSet<>(plan.nodesOf(partition));
        for (String node : spec.topology().nodes().keySet()) plan.partitionOf(node); // every node must be placed
        kernel = SimKernel.partition(new KernelConfig(plan.seed(), HostMode.INLINE, 1), hosted, partition == 0);
        try {
            Network net = Network.build(spec.topology(), kernel, ScenarioTimeline.restartedNodes(spec));
            kernel.addOrderedTraceListener(r -> trace.add(new TraceLine(new long[] {r.time(), r.rank(), r.seq()}, r.record().line())));
            // Probes are tallied by the coordinator from the merged trace if at all; each partition arms the whole
            // timeline so that the kernel's creation counters (event keys) match the single run's.
            ScenarioTimeline.arm(spec, net, kernel, new LinkedHashMap<>());
        } catch (ConfigError | RuntimeException e) {
            kernel.close();
            throw e;
        }
        for (LinkSpec l : spec.topology().links()) links.put(l.name(), l);
    }

    @Override
    public long lookaheadNs() { return kernel.lookahead(); }

    @Override
    public long nextEventNs() { return kernel.nextEventTime(); }

    @Override
    public void inject(List<CrossFrame> arrivals) {
        if (arrivals.isEmpty()) return;
        List<BoundaryArrival> decoded = new ArrayList<>(arrivals.size());
        for (CrossFrame f : arrivals) decoded.add(BoundaryArrivalCodec.decode(f.payload()));
        kernel.inject(decoded);
    }

    @Override
    public WindowOutput runWindow(long endExclusiveNs) {
        List<BoundaryArrival> sent = kernel.runWindow(endExclusiveNs);
        List<CrossFrame> outbox = new ArrayList<>(sent.size());
        for (BoundaryArrival a : sent) outbox.add(new CrossFrame(receiver(a), a.time(), BoundaryArrivalCodec.encode(a)));
        WindowOutput out = new WindowOutput(outbox, trace, kernel.nextEventTime());
        trace.clear();
        return out;
    }

    private String receiver(BoundaryArrival a) {
        LinkSpec l = links.get(a.link());
        if (l == null) throw new IllegalStateException("boundary arrival on unknown link " + a.link());
        return a.direction() == Direction.A_TO_B ? l.b().node() : l.a().node();
    }

    @Override
    public void close() {
        kernel.close();
    }
}
