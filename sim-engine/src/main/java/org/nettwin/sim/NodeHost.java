package org.nettwin.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.link.Direction;

/**
 * The kernel's side of one node: its batch of events for the current round, the outputs it buffered while
 * processing them, and its {@link NodeEnv}. The kernel fills the batch, the node (actor or kernel thread)
 * runs it, and the kernel merges the outputs after the round's barrier; the barrier is what makes the
 * plain fields safe to hand between threads.
 */
final class NodeHost {
    /** A frame the node transmitted during its batch; the kernel sends it at merge time. */
    record Transmit(int port, byte[] frame) {}

    /** Where a port's frames go: a link and the direction leaving this node. */
    record PortBinding(WiredLink link, Direction direction) {}

    final SimKernel kernel;
    final String name;
    /** Insertion order: the first key of the deterministic merge. */
    final int index;
    final HostedNode node;
    final Env env = new Env();
    final ArrayList<NodeEvent> batch = new ArrayList<>();
    /** TraceEvent, TimerEvent (armed) or Transmit, in emission order. */
    final ArrayList<Object> outputs = new ArrayList<>();
    private PortBinding[] ports = new PortBinding[4];
    private final Map<String, RandomGenerator> randoms = new HashMap<>();
    ActorRef<ActorHosting.Command> actor;
    /** Set while the node's batch runs; env calls from any other thread are a bug. */
    private Thread activeThread;
    Throwable failure;
    NodeEvent failedEvent;
    long timersFired;

    NodeHost(SimKernel kernel, String name, int index, HostedNode node) {
        this.kernel = kernel;
        this.name = name;
        this.index = index;
        this.node = node;
    }

    /** Node context: runs every event of this round's batch in queue order. Never throws; failures are kept. */
    void runBatch() {
        activeThread = Thread.currentThread();
        NodeEvent current = null;
        try {
            for (int i = 0, n = batch.size(); i < n; i++) {
                current = batch.get(i);
                current.run(this);
            }
        } catch (Throwable t) {
            failure = t;
            failedEvent = current;
        } finally {
            activeThread = null;
            batch.clear();
        }
    }

    void timerFired() { timersFired++; }

    PortBinding binding(int port) {
        return port >= 0 && port < ports.length ? ports[port] : null;
    }

    /** The kernel has checked the port is free. */
    void bind(int port, PortBinding binding) {
        if (port >= ports.length) ports = Arrays.copyOf(ports, Math.max(port + 1, ports.length * 2));
        ports[port] = binding;
    }

    /** The port window of this node; every call must come from the node's own processing. */
    final class Env implements NodeEnv {
        void checkContext() {
            if (Thread.currentThread() != activeThread) {
                throw new IllegalStateException("NodeEnv of node " + name + " used outside that node's processing (thread "
                        + Thread.currentThread().getName() + "); use SimKernel.onNode to act on a node");
            }
        }

        @Override
        public long now() {
            checkContext();
            return kernel.now();
        }

        @Override
        public TimerHandle schedule(long deadlineNs, String timerName, Runnable action) {
            checkContext();
            Objects.requireNonNull(timerName, "timer name");
            Objects.requireNonNull(action, "timer action");
            TimerEvent timer = new TimerEvent(NodeHost.this, Math.max(deadlineNs, kernel.now()), timerName, action);
            outputs.add(timer);
            return timer;
        }

        @Override
        public void transmit(int port, byte[] frame) {
            checkContext();
            // Copied: the frame lives on until it is captured and delivered, and the sender may reuse its buffer.
            outputs.add(new Transmit(port, frame.clone()));
        }

        @Override
        public RandomGenerator random(String path) {
            checkContext();
            Objects.requireNonNull(path, "path");
            // One generator per path, so successive calls continue the stream instead of replaying it.
            return randoms.computeIfAbsent(path, p -> kernel.streams().stream("node/" + name + "/" + p));
        }

        @Override
        public void trace(TraceEvent event) {
            checkContext();
            outputs.add(Objects.requireNonNull(event, "event"));
        }

        @Override
        public String nodeName() { return name; }
    }
}
