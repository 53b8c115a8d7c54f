package org.nettwin.scenarios.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.nettwin.protocols.env.Time;
import org.nettwin.topologies.LinkSpec;

/**
 * Draws fault schedules from what a network offers ({@link NetworkSurvey}): link down, silent cuts (one way or
 * both), loss and delay on every link; keepalived stopped or killed, Heartbeat stopped, PPPoE sessions hung up,
 * IPsec tunnels degraded or disabled, on the nodes that run them. Each family present is equally likely.
 * Faults start in [warmup, end of the fault window) and are cleared by the window's end; faults on the same
 * target never overlap. All times are whole milliseconds, so written schedules read well.
 */
public final class FaultGenerator {
    /** Losses drawn for impairments: light, heavy, and total (a cut that carrier does not reveal). */
    private static final double[] LOSSES = {0.05, 0.2, 0.5, 1.0};
    private static final long MAX_EXTRA_DELAY_MS = 500;
    /** A target already busy at the drawn time is redrawn this often before the fault is given up. */
    private static final int ATTEMPTS = 10;

    /** One kind of fault the network offers, drawn with the schedule's random numbers. */
    private interface Family {
        Fault draw(SplittableRandom random);
    }

    private final List<Family> families = new ArrayList<>();
    private final ChaosOptions options;
    private final long windowEndNs;

    /** @param options resolved ({@link ChaosOptions#resolve}) for this network */
    public FaultGenerator(NetworkSurvey survey, ChaosOptions options, long runDurationNs) {
        this.options = options;
        // The order fixes which random number picks which family: keep it, or every recorded seed draws anew.
        List<LinkSpec> links = survey.links();
        if (!links.isEmpty()) {
            families.add(r -> new Fault.LinkDown(pick(links, r).name()));
            families.add(r -> {
                LinkSpec l = pick(links, r);
                return new Fault.Cut(l.name(), direction(l, r));
            });
            families.add(r -> impairment(pick(links, r), r));
        }
        if (!survey.keepalivedNodes().isEmpty()) families.add(r -> new Fault.KeepalivedDown(pick(survey.keepalivedNodes(), r), r.nextBoolean()));
        if (!survey.heartbeatNodes().isEmpty()) families.add(r -> new Fault.HeartbeatDown(pick(survey.heartbeatNodes(), r)));
        if (!survey.pppSessions().isEmpty()) families.add(r -> {
            NetworkSurvey.PppSession s = pick(survey.pppSessions(), r);
            return new Fault.PppDown(s.node(), s.provider());
        });
        if (!survey.tunnels().isEmpty()) {
            families.add(r -> {
                NetworkSurvey.Tunnel t = pick(survey.tunnels(), r);
                return new Fault.IpsecDegrade(t.node(), t.name(), LOSSES[r.nextInt(LOSSES.length)]);
            });
            families.add(r -> {
                NetworkSurvey.Tunnel t = pick(survey.tunnels(), r);
                return new Fault.IpsecDisable(t.node(), t.name());
            });
        }
        this.windowEndNs = runDurationNs - options.quietTailNs();
        if (windowEndNs - options.warmupNs() < options.minFaultNs()) {
            throw new IllegalArgumentException("a run of " + Time.format(runDurationNs) + " leaves no time for faults: they start after "
                    + Time.format(options.warmupNs()) + " and must end " + Time.format(options.quietTailNs())
                    + " before the end (recovery bound + " + Time.format(ChaosOptions.TAIL_CHECK_NS) + "); use a longer --duration");
        }
        if (families.isEmpty()) throw new IllegalArgumentException("the network has nothing to break");
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
        return families.get(random.nextInt(families.size())).draw(random);
    }

    private static <T> T pick(List<T> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
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
