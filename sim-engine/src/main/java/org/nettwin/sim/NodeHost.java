package org.nettwin.sim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.capture.PcapWriter;
import org.nettwin.sim.link.Direction;

/**
 * The kernel's side of one node: its {@link NodeEnv}, its clock while it runs, and the counters that key what it
 * creates. A node acts in its own context: timers go into its group's queue, frames onto links, trace records
 * into its group's emissions, each keyed by this node's index and counters so the result never depends on
 * which thread ran it or when. The kernel reads the group after the window's barrier.
 */
final class NodeHost {
    /** Where a port's frames go: a link and the direction leaving this node. */
    record PortBinding(WiredLink link, Direction direction) {}

    final SimKernel kernel;
    final String name;
    /** Index in the whole network: the rank of its records and the origin of the events it creates. */
    final int index;
    final HostedNode node;
    /** False for a node another partition hosts: it never boots or runs here. */
    final boolean hosted;
    final Env env = new Env();
    NodeGroup group;
    private PortBinding[] ports = new PortBinding[4];
    private final Map<String, RandomGenerator> randoms = new HashMap<>();
    /** Virtual time of the event this node is processing. */
    long localNow;
    /** Events this node created (timers, frame arrivals): the second half of their key. */
    long createdSeq;
    /** Records and captures this node produced: the last part of their order key. */
    long emittedSeq;
    /** Set while the node's group runs; env calls from any other thread are a bug. */
    Thread activeThread;
    long timersFired;

    NodeHost(SimKernel kernel, String name, int index, HostedNode node, boolean hosted) {
        this.kernel = kernel;
        this.name = name;
        this.index = index;
        this.node = node;
        this.hosted = hosted;
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

    /** Node context: an event this node creates, keyed by its clock and counter. */
    void keyCreated(Event event, long time) {
        event.key(time, localNow, index, createdSeq++);
    }

    /** Node context: a trace record produced by this node's processing (its own, or a link's on its behalf). */
    void record(String where, TraceEvent event) {
        group.emissions.add(Emission.record(index, emittedSeq++, new TraceRecord(localNow, where, event)));
    }

    /** Node context: a frame this node put on a captured link. */
    void capture(PcapWriter writer, byte[] frame) {
        group.emissions.add(Emission.capture(localNow, index, emittedSeq++, writer, frame));
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
            return localNow;
        }

        @Override
        public TimerHandle schedule(long deadlineNs, String timerName, Runnable action) {
            checkContext();
            Objects.requireNonNull(timerName, "timer name");
            Objects.requireNonNull(action, "timer action");
            TimerEvent timer = new TimerEvent(NodeHost.this, timerName, action);
            keyCreated(timer, Math.max(deadlineNs, localNow));
            group.queue.push(timer);
            return timer;
        }

        @Override
        public void transmit(int port, byte[] frame) {
            checkContext();
            PortBinding binding = binding(port);
            if (binding == null) {
                group.noSuchPortDrops++;
                record(name, new TraceEvent.Dropped(name + ":" + port, DropReason.NO_SUCH_PORT, frame.length, ""));
                return;
            }
            // Copied: the frame lives on until it is captured and delivered, and the sender may reuse its buffer.
            binding.link().driver().send(binding.direction(), frame.clone());
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
            record(name, Objects.requireNonNull(event, "event"));
        }

        @Override
        public String nodeName() { return name; }
    }
}
