package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.nettwin.protocols.env.Time;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * Draws fault schedules for one topology: link down, silent cuts (one way or both), loss and delay, and
 * keepalived stopped or killed on the nodes that run it. Faults start in [warmup, end of the fault window)
 * and are cleared by the window's end; faults on the same target never overlap. All times are whole
 * milliseconds, so written schedules read well.
 */
public final class FaultGenerator {
    /** Losses drawn for impairments: light, heavy, and total (a cut that carrier does not reveal). */
    private static final double[] LOSSES = {0.05, 0.2, 0.5, 1.0};
    private static final long MAX_EXTRA_DELAY_MS = 500;
    /** A target already busy at the drawn time is redrawn this often before the fault is given up. */
    private static final int ATTEMPTS = 10;

    private final List<LinkSpec> links;
    private final List<String> keepalivedNodes;
    private final ChaosOptions options;
    private final long windowEndNs;

    public FaultGenerator(TopologySpec topology, ChaosOptions options, long runDurationNs) {
        this.links = topology.links();
        this.keepalivedNodes = topology.nodes().values().stream().filter(n -> n.keepalivedConf() != null).map(NodeSpec::name).toList();
        this.options = options;
        this.windowEndNs = runDurationNs - options.quietTailNs();
        if (windowEndNs - options.warmupNs() < options.minFaultNs()) {
            throw new IllegalArgumentException("a run of " + Time.format(runDurationNs) + " leaves no time for faults: they start after "
                    + Time.format(options.warmupNs()) + " and must end " + Time.format(options.quietTailNs())
                    + " before the end (recovery bound + " + Time.format(ChaosOptions.TAIL_CHECK_NS) + "); use a longer --duration");
        }
        if (links.isEmpty() && keepalivedNodes.isEmpty()) throw new IllegalArgumentException("the topology has nothing to break");
    }

    /** End of the window faults live in: every fault is cleared by then. */
    public long windowEndNs() { return windowEndNs; }

    /** One schedule, sorted by start time. */
    public List<ScheduledFault> draw(SplittableRandom random) {
        int count = 1 + random.nextInt(options.maxFaults());
        List<ScheduledFault> schedule = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ScheduledFault candidate = timed(fault(random), random);
                if (schedule.stream().noneMatch(f -> conflicts(f, candidate))) {
                    schedule.add(candidate);
                    break;
                }
            }
        }
        schedule.sort(Comparator.comparingLong(ScheduledFault::atNs));
        return schedule;
    }

    /** Two faults on one target at overlapping times would clear each other. */
    static boolean conflicts(ScheduledFault a, ScheduledFault b) {
        return a.fault().target().equals(b.fault().target()) && a.overlaps(b);
    }

    private Fault fault(SplittableRandom random) {
        int kinds = keepalivedNodes.isEmpty() ? 3 : 4;
        int kind = links.isEmpty() ? 3 : random.nextInt(kinds);
        if (kind == 3) return new Fault.KeepalivedDown(keepalivedNodes.get(random.nextInt(keepalivedNodes.size())), random.nextBoolean());
        LinkSpec link = links.get(random.nextInt(links.size()));
        return switch (kind) {
            case 0 -> new Fault.LinkDown(link.name());
            case 1 -> new Fault.Cut(link.name(), direction(link, random));
            default -> impairment(link, random);
        };
    }

    private static Fault impairment(LinkSpec link, SplittableRandom random) {
        String from = direction(link, random);
        return switch (random.nextInt(3)) {
            case 0 -> new Fault.Impair(link.name(), from, LOSSES[random.nextInt(LOSSES.length)], null);
            case 1 -> new Fault.Impair(link.name(), from, null, extraDelay(link, random));
            default -> new Fault.Impair(link.name(), from, LOSSES[random.nextInt(LOSSES.length)], extraDelay(link, random));
        };
    }

    /** The link's own delay plus up to half a second: a congested or rerouted path. */
    private static long extraDelay(LinkSpec link, SplittableRandom random) {
        return link.aToB().delayNs() + (1 + random.nextLong(MAX_EXTRA_DELAY_MS)) * Time.MS;
    }

    /** Half of the one-way faults go each way; the rest (null) both ways. A self-link has no "from". */
    private static String direction(LinkSpec link, SplittableRandom random) {
        if (link.a().node().equals(link.b().node())) return null;
        return switch (random.nextInt(3)) {
            case 0 -> link.a().node();
            case 1 -> link.b().node();
            default -> null;
        };
    }

    private ScheduledFault timed(Fault fault, SplittableRandom random) {
        long minMs = options.minFaultNs() / Time.MS;
        long startMs = options.warmupNs() / Time.MS + random.nextLong((windowEndNs - options.warmupNs()) / Time.MS - minMs + 1);
        long longestMs = Math.min(options.maxFaultNs(), windowEndNs - startMs * Time.MS) / Time.MS;
        long durationMs = minMs + random.nextLong(longestMs - minMs + 1);
        return new ScheduledFault(fault, startMs * Time.MS, durationMs * Time.MS);
    }
}
