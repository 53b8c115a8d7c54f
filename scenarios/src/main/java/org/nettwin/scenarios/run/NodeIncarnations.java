package org.nettwin.scenarios.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * What the kernel hosts for a node a scenario crashes or reboots: the node's current stack (an incarnation)
 * behind a door that can be shut. A crash cancels every timer the incarnation armed (processes, protocol
 * timers, retransmissions: all of them die), drops its frames in both directions and silences it; a reboot
 * boots a fresh stack made from the topology in the same kernel slot, so links, captures and the node's
 * place in the deterministic merge order stay as they were. The kernel knows nothing of this, which is why
 * the simulator needs no hook for it.
 *
 * <p>Carrier changes that happen while the node is down are remembered, so a stack booted later starts with
 * the ports as the links are. Every call comes from the node's own context, as for any {@link HostedNode}.
 */
final class NodeIncarnations implements HostedNode {
    /** State machine name in the trace: "node UP->CRASHED" and back. Expectations on VRRP read it. */
    static final String MACHINE = "node";
    static final String UP = "UP";
    static final String CRASHED = "CRASHED";

    private final Map<Integer, Boolean> carrier = new HashMap<>();
    private NodeEnv kernelEnv;
    private HostedNode current;
    private Incarnation incarnation;

    NodeIncarnations(HostedNode first) {
        this.current = first;
    }

    boolean crashed() {
        return incarnation != null && incarnation.dead;
    }

    @Override public void boot(NodeEnv env) {
        kernelEnv = env;
        start(current);
    }

    private void start(HostedNode node) {
        current = node;
        incarnation = new Incarnation(kernelEnv);
        node.boot(incarnation);
        carrier.forEach((port, up) -> { if (!up) node.carrier(port, false); });
    }

    @Override public void receive(int port, byte[] frame) {
        if (!crashed()) current.receive(port, frame);
    }

    @Override public void carrier(int port, boolean up) {
        carrier.put(port, up);
        if (!crashed()) current.carrier(port, up);
    }

    /** Power off: every timer of the incarnation is cancelled and nothing it does reaches the world again. */
    void crash() {
        if (incarnation == null || crashed()) return;
        incarnation.kill();
        kernelEnv.trace(new TraceEvent.StateChanged(MACHINE, UP, CRASHED));
    }

    /** Boots {@code fresh} in place of the crashed incarnation (crashing the running one first). */
    void reboot(HostedNode fresh) {
        crash();
        kernelEnv.trace(new TraceEvent.StateChanged(MACHINE, CRASHED, UP));
        start(fresh);
    }

    /** The node's env for one life: its timers are tracked so a crash can cancel them; once dead it is mute. */
    private static final class Incarnation implements NodeEnv {
        /** Cancelled handles are pruned when the set has grown past this (a timer re-armed each second, for hours). */
        private static final int PRUNE_AT = 4096;
        private final NodeEnv kernelEnv;
        private final List<TimerHandle> timers = new ArrayList<>();
        private int pruneAt = PRUNE_AT;
        private boolean dead;

        Incarnation(NodeEnv kernelEnv) {
            this.kernelEnv = kernelEnv;
        }

        void kill() {
            dead = true;
            for (TimerHandle t : timers) t.cancel();
            timers.clear();
        }

        @Override public long now() { return kernelEnv.now(); }

        @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) {
            if (dead) return DeadTimer.INSTANCE;
            TimerHandle t = kernelEnv.schedule(deadlineNs, name, action);
            if (timers.size() >= pruneAt) {
                timers.removeIf(h -> !h.isActive());
                pruneAt = Math.max(PRUNE_AT, 2 * timers.size());
            }
            timers.add(t);
            return t;
        }

        @Override public void transmit(int port, byte[] frame) {
            if (!dead) kernelEnv.transmit(port, frame);
        }

        @Override public RandomGenerator random(String path) { return kernelEnv.random(path); }

        @Override public void trace(TraceEvent event) {
            if (!dead) kernelEnv.trace(event);
        }

        @Override public String nodeName() { return kernelEnv.nodeName(); }
    }

    /** What a dead node's code gets when it arms a timer: one that never fires. */
    private enum DeadTimer implements TimerHandle {
        INSTANCE;

        @Override public void cancel() {}
        @Override public boolean isActive() { return false; }
        @Override public long deadline() { return Long.MAX_VALUE; }
    }
}
