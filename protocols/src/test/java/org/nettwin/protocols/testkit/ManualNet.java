package org.nettwin.protocols.testkit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.nettwin.protocols.stack.NodeStack;

/**
 * Several {@link NodeStack}s, each on its own {@link ManualEnv}, joined by point-to-point wires with a fixed
 * one-way delay, stepped together in virtual time: every timer and every frame in flight happens in time
 * order, the frames of one instant in the order they were sent. For end-to-end tests of what crosses
 * several nodes (the simulator's kernel does the same with links of any kind). Frames are taken from each
 * env's {@link ManualEnv#sent()} list as they appear, so a test must not clear those lists.
 */
public final class ManualNet {
    private record End(NodeStack stack, int port) {}

    private record Delivery(long time, long seq, End to, byte[] frame) {}

    private final List<NodeStack> stacks = new ArrayList<>();
    private final Map<NodeStack, ManualEnv> envs = new HashMap<>();
    private final Map<NodeStack, Integer> collected = new HashMap<>();
    private final Map<End, End> peer = new HashMap<>();
    private final Map<End, Long> delay = new HashMap<>();
    private final PriorityQueue<Delivery> wire = new PriorityQueue<>(Comparator.comparingLong(Delivery::time).thenComparingLong(Delivery::seq));
    private long seq;
    private long now;

    /** Boots {@code stack} on a fresh env seeded {@code seed}; its interfaces should exist already. */
    public ManualEnv boot(NodeStack stack, long seed) {
        ManualEnv env = new ManualEnv(stack.name(), seed);
        env.advanceTo(now);
        stack.boot(env);
        stacks.add(stack);
        envs.put(stack, env);
        collected.put(stack, 0);
        return env;
    }

    /** A wire between port {@code pa} of {@code a} and port {@code pb} of {@code b}, {@code delayNs} each way. */
    public void link(NodeStack a, int pa, NodeStack b, int pb, long delayNs) {
        End ea = new End(a, pa), eb = new End(b, pb);
        peer.put(ea, eb);
        peer.put(eb, ea);
        delay.put(ea, delayNs);
        delay.put(eb, delayNs);
    }

    public ManualEnv env(NodeStack stack) { return envs.get(stack); }

    public long now() { return now; }

    public void runFor(long ns) { runUntil(now + ns); }

    /** Runs every timer and delivery due up to {@code end}, then leaves every env at {@code end}. */
    public void runUntil(long end) {
        collect();
        while (true) {
            long next = wire.isEmpty() ? Long.MAX_VALUE : wire.peek().time();
            for (ManualEnv e : envs.values()) {
                if (!e.pendingTimers().isEmpty()) next = Math.min(next, e.pendingTimers().get(0).deadline());
            }
            if (next > end) break;
            now = next;
            for (NodeStack s : stacks) {
                envs.get(s).advanceTo(next);
                collect();
            }
            while (!wire.isEmpty() && wire.peek().time() <= next) {
                Delivery d = wire.poll();
                d.to().stack().receive(d.to().port(), d.frame());
                collect();
            }
        }
        now = end;
        for (ManualEnv e : envs.values()) e.advanceTo(end);
        collect();
    }

    private void collect() {
        for (NodeStack s : stacks) {
            List<ManualEnv.Sent> sent = envs.get(s).sent();
            int from = collected.get(s);
            for (int i = from; i < sent.size(); i++) {
                ManualEnv.Sent x = sent.get(i);
                End src = new End(s, x.port());
                End to = peer.get(src);
                if (to != null) wire.add(new Delivery(x.time() + delay.get(src), seq++, to, x.frame()));
            }
            collected.put(s, sent.size());
        }
    }
}
