package org.nettwin.realadapter;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;

/** A hosted node on the wall clock: its lane, its {@link NodeEnv}, and what each of its ports is wired to. */
final class NodeLane extends Lane {
    /** Where frames a node sends on one port go: a simulated link or a device on the host. */
    interface PortWire {
        /** Called on the sending node's lane with a frame nobody else holds. */
        void send(byte[] frame);
    }

    final HostedNode node;
    final Env env = new Env();
    private PortWire[] ports = new PortWire[4];
    private final Map<String, RandomGenerator> randoms = new HashMap<>();

    NodeLane(WallClockRuntime runtime, String name, HostedNode node) {
        super(runtime, name);
        this.node = node;
    }

    PortWire wire(int port) {
        return port >= 0 && port < ports.length ? ports[port] : null;
    }

    void bind(int port, PortWire wire) {
        if (wire(port) != null) throw new IllegalArgumentException("port " + name + ":" + port + " is already wired");
        if (port >= ports.length) ports = Arrays.copyOf(ports, Math.max(port + 1, ports.length * 2));
        ports[port] = wire;
    }

    // ---------------------------------------------------------------- work a node receives

    Work boot(long dueNs) {
        return new Work(dueNs) {
            @Override String label() { return "boot"; }
            @Override void run() { node.boot(env); }
        };
    }

    Work carrier(int port, boolean up, long dueNs) {
        return new Work(dueNs) {
            @Override String label() { return "carrier port " + port + (up ? " up" : " down"); }
            @Override void run() { node.carrier(port, up); }
        };
    }

    Work action(String actionLabel, Consumer<NodeEnv> action, long dueNs) {
        return new Work(dueNs) {
            @Override String label() { return "action '" + actionLabel + "'"; }
            @Override void run() { action.accept(env); }
        };
    }

    /**
     * A frame reaching {@code port} at {@code dueNs}; {@code admit} runs first on this lane and may refuse it
     * (a link that went down while the frame was in flight), having traced why.
     */
    Work frame(int port, byte[] frame, long dueNs, String source, java.util.function.BooleanSupplier admit) {
        return new Work(dueNs) {
            @Override String label() { return "frame on port " + port + " from " + source; }
            @Override void run() {
                if (admit.getAsBoolean()) node.receive(port, frame);
            }
        };
    }

    /** A node timer: the queue entry and the handle the node holds. */
    private final class Timer extends Work implements TimerHandle {
        private final String timerName;
        private final Runnable action;
        private boolean cancelled;
        private boolean fired;

        Timer(long deadlineNs, String timerName, Runnable action) {
            super(deadlineNs);
            this.timerName = timerName;
            this.action = action;
        }

        @Override String label() { return "timer '" + timerName + "'"; }

        @Override void run() {
            fired = true;
            env.trace(new TraceEvent.TimerFired(timerName));
            action.run();
        }

        @Override boolean cancelled() { return cancelled; }

        @Override public void cancel() {
            checkContext();
            cancelled = true;
        }

        @Override public boolean isActive() { return !cancelled && !fired; }

        @Override public long deadline() { return dueNs; }
    }

    // ---------------------------------------------------------------- the node's window

    /** Every call must come from the node's own processing, as on the simulator. */
    final class Env implements NodeEnv {
        @Override public long now() {
            checkContext();
            return currentNs;
        }

        @Override public TimerHandle schedule(long deadlineNs, String timerName, Runnable action) {
            checkContext();
            Objects.requireNonNull(timerName, "timer name");
            Objects.requireNonNull(action, "timer action");
            Timer timer = new Timer(Math.max(deadlineNs, currentNs), timerName, action);
            enqueueFromInside(timer);
            return timer;
        }

        @Override public void transmit(int port, byte[] frame) {
            checkContext();
            PortWire wire = wire(port);
            if (wire == null) {
                trace(new TraceEvent.Dropped(name + ":" + port, DropReason.NO_SUCH_PORT, frame.length, ""));
                return;
            }
            // Copied: the frame travels on after this call and the sender may reuse its buffer.
            wire.send(frame.clone());
        }

        @Override public RandomGenerator random(String path) {
            checkContext();
            Objects.requireNonNull(path, "path");
            // The simulator's path and derivation, so a node draws the same numbers on either runtime.
            return randoms.computeIfAbsent(path, p -> runtime.streams().stream("node/" + name + "/" + p));
        }

        @Override public void trace(TraceEvent event) {
            checkContext();
            runtime.emit(currentNs, name, Objects.requireNonNull(event, "event"));
        }

        @Override public String nodeName() { return name; }
    }
}
