package org.nettwin.scenarios.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every partition of a plan in this JVM, one after another per window, through the same
 * {@link WindowConductor} as the cluster coordinator: the reference that a cluster run must match, and the
 * quick way to check that an engine partitions correctly.
 */
public final class InProcessPartitions {
    private InProcessPartitions() {}

    public static PartitionedResult run(PartitionPlan plan, boolean keepLines) throws Exception {
        PartitionEngineFactory factory = PartitionEngineFactory.named(plan.engineFactory());
        List<PartitionEngine> engines = new ArrayList<>();
        try {
            for (int p = 0; p < plan.partitions(); p++) engines.add(factory.open(plan, p));
            long[] lookaheads = engines.stream().mapToLong(PartitionEngine::lookaheadNs).toArray();
            long[] firstEvents = engines.stream().mapToLong(PartitionEngine::nextEventNs).toArray();
            WindowConductor conductor = new WindowConductor(plan, lookaheads, firstEvents, keepLines);
            for (WindowConductor.Window w = conductor.nextWindow(); w != null; w = conductor.nextWindow()) {
                for (int p = 0; p < engines.size(); p++) {
                    PartitionEngine engine = engines.get(p);
                    engine.inject(w.inbound().get(p));
                    conductor.complete(p, engine.runWindow(w.endExclusiveNs()));
                }
            }
            return conductor.result();
        } finally {
            for (PartitionEngine e : engines) e.close();
        }
    }
}
