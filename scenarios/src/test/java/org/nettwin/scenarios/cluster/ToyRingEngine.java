package org.nettwin.scenarios.cluster;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A small discrete-event model that partitions the way the kernel does, so the window protocol and its
 * transport can be tested on their own: nodes n0..n{N-1} on a ring with chords, each with a periodic timer
 * that sends a token to a neighbour drawn from the node's own seeded stream; a received token is traced and
 * forwarded a few hops. Source: {@code ring:N}; {@code ring:N:overclaim} claims a lookahead larger than the
 * real link delays, which the conductor must catch; {@code ring:N:fail} makes the last partition throw in its
 * third window, as a crashing engine would. Trace key: (time, node index, node's emission index).
 */
public final class ToyRingEngine implements PartitionEngine {
    /** The factory the plan names; public with a no-argument constructor so every JVM can build it. */
    public static final class Factory implements PartitionEngineFactory {
        @Override
        public PartitionEngine open(PartitionPlan plan, int partition) {
            return new ToyRingEngine(plan, partition);
        }
    }

    private static final int MAX_HOPS = 4;

    private record Event(long time, int node, int origin, long originSeq, long value, int hops) {}

    private static final Comparator<Event> ORDER = Comparator.comparingLong(Event::time).thenComparingInt(Event::node)
            .thenComparingInt(Event::origin).thenComparingLong(Event::originSeq);

    private final PartitionPlan plan;
    private final int partition;
    private final int nodeCount;
    private final boolean overclaim;
    private final boolean failInThirdWindow;
    private int windowsRun;
    /** neighbours[i] = node index → link delay ns. */
    private final List<TreeMap<Integer, Long>> neighbours = new ArrayList<>();
    private final Map<Integer, SplittableRandom> streams = new HashMap<>();
    private final Map<Integer, long[]> counters = new HashMap<>(); // [0] emissions, [1] sends
    private final PriorityQueue<Event> queue = new PriorityQueue<>(ORDER);
    private final List<CrossFrame> outbox = new ArrayList<>();
    private final List<TraceLine> trace = new ArrayList<>();

    ToyRingEngine(PartitionPlan plan, int partition) {
        this.plan = plan;
        this.partition = partition;
        String[] parts = plan.source().split(":");
        if (!parts[0].equals("ring")) throw new IllegalArgumentException("not a toy ring source: " + plan.source());
        this.nodeCount = Integer.parseInt(parts[1]);
        this.overclaim = parts.length > 2 && parts[2].equals("overclaim");
        this.failInThirdWindow = parts.length > 2 && parts[2].equals("fail") && partition == plan.partitions() - 1;
        for (int i = 0; i < nodeCount; i++) neighbours.add(new TreeMap<>());
        for (int i = 0; i < nodeCount; i++) {
            connect(i, (i + 1) % nodeCount, 1_000_000L + (i % 3) * 250_000L);
            connect(i, (i + 3) % nodeCount, 2_000_000L + (i % 2) * 500_000L);
        }
        for (int i = 0; i < nodeCount; i++) {
            if (!hosts(i)) continue;
            streams.put(i, new SplittableRandom(plan.seed() * 1_000_003L + i));
            counters.put(i, new long[2]);
            queue.add(new Event(tickPeriod(i), i, -1, 0, 0, 0));
        }
    }

    private void connect(int a, int b, long delayNs) {
        if (a == b) return;
        neighbours.get(a).putIfAbsent(b, delayNs);
        neighbours.get(b).putIfAbsent(a, delayNs);
    }

    private static long tickPeriod(int node) {
        return 3_000_000L + node * 700_000L;
    }

    private static String name(int node) {
        return "n" + node;
    }

    private boolean hosts(int node) {
        return plan.partitionOf(name(node)) == partition;
    }

    @Override
    public long lookaheadNs() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < nodeCount; i++) {
            if (!hosts(i)) continue;
            for (Map.Entry<Integer, Long> n : neighbours.get(i).entrySet()) {
                if (!hosts(n.getKey())) min = Math.min(min, n.getValue());
            }
        }
        return overclaim && min != Long.MAX_VALUE ? min * 2 : min;
    }

    @Override
    public long nextEventNs() {
        Event head = queue.peek();
        return head == null ? Long.MAX_VALUE : head.time();
    }

    @Override
    public void inject(List<CrossFrame> arrivals) {
        for (CrossFrame f : arrivals) {
            ByteBuffer b = ByteBuffer.wrap(f.payload());
            queue.add(new Event(f.arrivalNs(), b.getInt(), b.getInt(), b.getLong(), b.getLong(), b.getInt()));
        }
    }

    @Override
    public WindowOutput runWindow(long endExclusiveNs) {
        if (failInThirdWindow && ++windowsRun == 3) throw new IllegalStateException("toy engine failure in partition " + partition);
        while (!queue.isEmpty() && queue.peek().time() < endExclusiveNs) {
            Event e = queue.poll();
            if (e.origin() < 0) {
                long tick = e.originSeq();
                emit(e.time(), e.node(), "tick " + tick);
                send(e.time(), e.node(), streams.get(e.node()).nextLong(1000), 0);
                queue.add(new Event(e.time() + tickPeriod(e.node()), e.node(), -1, tick + 1, 0, 0));
            } else {
                emit(e.time(), e.node(), "token " + e.value() + " from " + name(e.origin()) + " hop " + e.hops());
                if (e.hops() < MAX_HOPS) send(e.time(), e.node(), e.value() + e.node(), e.hops() + 1);
            }
        }
        WindowOutput out = new WindowOutput(outbox, trace, nextEventNs());
        outbox.clear();
        trace.clear();
        return out;
    }

    private void emit(long time, int node, String text) {
        long index = counters.get(node)[0]++;
        trace.add(new TraceLine(new long[] {time, node, index}, time + " " + name(node) + " " + text));
    }

    private void send(long now, int from, long value, int hops) {
        List<Integer> peers = new ArrayList<>(neighbours.get(from).keySet());
        int to = peers.get(streams.get(from).nextInt(peers.size()));
        long seq = counters.get(from)[1]++;
        Event arrival = new Event(now + neighbours.get(from).get(to), to, from, seq, value, hops);
        if (hosts(to)) {
            queue.add(arrival);
        } else {
            byte[] payload = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4).putInt(to).putInt(from).putLong(seq).putLong(value).putInt(hops).array();
            outbox.add(new CrossFrame(name(to), arrival.time(), payload));
        }
    }

    @Override
    public void close() {
        queue.clear();
    }

    /** A plan of this model: {@code nodes} nodes, node i in partition {@code assignment[i]}. */
    static PartitionPlan plan(String source, long seed, long endNs, int partitions, int[] assignment) {
        Map<String, Integer> of = new HashMap<>();
        for (int i = 0; i < assignment.length; i++) of.put(name(i), assignment[i]);
        return new PartitionPlan(Factory.class.getName(), source, seed, endNs, partitions, of);
    }
}
