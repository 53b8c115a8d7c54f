package org.nettwin.realadapter;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.RandomStreams;
import org.nettwin.sim.link.Link;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * Runs {@link HostedNode}s on the wall clock: the counterpart of the simulator's {@code SimKernel} for
 * hardware in the loop. Each node is a Pekko typed actor (a {@link Lane}), so its calls never overlap;
 * {@code now()} is monotonic wall time since {@link #start}; timers wake the lane through Pekko's
 * scheduler; {@code random(path)} draws the same streams as the simulator for the same seed; trace records
 * go to listeners. A node port is wired to a simulated {@link Link} (the simulator's link model, its
 * arrivals scheduled on the receiving lane) or to a device on the host ({@link TapPort}).
 *
 * <p>Unlike the simulator this runtime is not deterministic: nodes run in parallel, trace records arrive
 * from several threads (listeners are called one at a time, stamped with the emitting lane's time, so
 * records of different nodes may be slightly out of time order), and anything that reaches a lane late runs
 * late. How late is measured for every item and handled by the {@link OverrunPolicy}; {@link #lag()}
 * reports it.
 *
 * <p>Build (nodes, links, taps, listeners), then {@link #start}, then {@link #runUntil}, then {@link #close}.
 */
public final class WallClockRuntime implements AutoCloseable, org.nettwin.sim.RunControl {
    private static final String TAP_TRACE_PREFIX = "tap/";

    private final RandomStreams streams;
    private final OverrunPolicy policy;
    private final LagMeter lagMeter;
    private final Map<String, NodeLane> nodes = new LinkedHashMap<>();
    private final Map<String, LinkHost> links = new LinkedHashMap<>();
    private final List<TapPort> taps = new ArrayList<>();
    /** Starts each tap's reader, at start(): frames that reach a device before time 0 have nowhere to go. */
    private final List<Runnable> tapReceivers = new ArrayList<>();
    private final Lane control;
    private final List<Consumer<TraceRecord>> listeners = new CopyOnWriteArrayList<>();
    /** Held for every call into a link model: its two ends and the scenario's faults run on different lanes. */
    final Object linkLock = new Object();
    private final Object traceLock = new Object();
    private ActorSystem<Void> system;
    private volatile long startNanos;
    private volatile boolean started;
    private volatile Throwable failure;
    private boolean closed;

    public WallClockRuntime(long seed, OverrunPolicy policy) {
        this.streams = new RandomStreams(seed);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.lagMeter = new LagMeter(policy);
        this.control = new Lane(this, "scenario");
    }

    public OverrunPolicy policy() { return policy; }

    RandomStreams streams() { return streams; }

    // ---------------------------------------------------------------- building (before start)

    /** Adds a node; it boots at time 0, when the runtime starts. */
    public void addNode(String name, HostedNode node) {
        requireBuilding();
        Objects.requireNonNull(name, "node name");
        Objects.requireNonNull(node, "node");
        if (name.isBlank()) throw new IllegalArgumentException("node name is blank");
        if (nodes.containsKey(name) || links.containsKey(name)) throw new IllegalArgumentException("duplicate name " + name);
        NodeLane lane = new NodeLane(this, name, node);
        nodes.put(name, lane);
        lane.submit(lane.boot(0));
    }

    public List<String> nodeNames() { return List.copyOf(nodes.keySet()); }

    /** Connects two node ports with the simulator's link model; {@code aToB}, {@code bToA} are the impairments per direction. */
    public Link connect(String linkName, PortRef a, PortRef b, LinkParams aToB, LinkParams bToA) {
        requireBuilding();
        Objects.requireNonNull(linkName, "link name");
        if (links.containsKey(linkName) || nodes.containsKey(linkName)) throw new IllegalArgumentException("duplicate name " + linkName);
        NodeLane laneA = requireNode(a.node());
        NodeLane laneB = requireNode(b.node());
        requireFree(laneA, a);
        requireFree(laneB, b);
        LinkHost host = new LinkHost(this, linkName, laneA, a.port(), laneB, b.port());
        host.attach(Link.create(linkName, a, b, aToB, bToA, host));
        links.put(linkName, host);
        return host.driver().link();
    }

    /**
     * Wires node port {@code port} to {@code tap}: what the node sends there is injected on the device, what
     * the device receives arrives on the port. The runtime closes the tap when it closes.
     */
    public void attach(PortRef port, TapPort tap) {
        requireBuilding();
        Objects.requireNonNull(tap, "tap");
        NodeLane lane = requireNode(port.node());
        requireFree(lane, port);
        String where = TAP_TRACE_PREFIX + tap.device();
        String portText = port.toString();
        lane.bind(port.port(), frame -> {
            emit(lane.currentNs, where, new TraceEvent.FrameSent(where, portText, frame.length, crc(frame)));
            tap.send(frame);
        });
        taps.add(tap);
        tapReceivers.add(() -> tap.start(frame -> {
            long received = now();
            lane.submit(lane.frame(port.port(), frame, received, where, () -> {
                emit(lane.currentNs, where, new TraceEvent.FrameDelivered(where, portText, frame.length, crc(frame)));
                return true;
            }));
        }));
    }

    /** The attached tap on {@code device}; IllegalArgumentException if none. */
    public TapPort tap(String device) {
        return taps.stream().filter(t -> t.device().equals(device)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no tap on " + device));
    }

    /** The link named {@code name}; change it only from {@link #at} actions once the runtime runs. */
    public Link link(String name) {
        LinkHost host = links.get(name);
        if (host == null) throw new IllegalArgumentException("no link named " + name + "; links: " + links.keySet());
        return host.driver().link();
    }

    /** Listeners are called one at a time, from whichever lane emitted the record. */
    public void addTraceListener(Consumer<TraceRecord> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ---------------------------------------------------------------- scheduling

    /**
     * Runs {@code action} on the scenario's lane at run time {@code timeNs}, holding the link lock: link
     * faults and parameter changes go here. A time already past runs at once and counts as lag.
     */
    public void at(long timeNs, String label, Runnable action) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(action, "action");
        control.submit(new Lane.Work(timeNs) {
            @Override String label() { return "action '" + label + "'"; }
            @Override void run() {
                synchronized (linkLock) {
                    action.run();
                }
            }
        });
    }

    /** Runs {@code action} in node {@code node}'s own processing at run time {@code timeNs}, with its env. */
    public void onNode(String node, long timeNs, String label, Consumer<NodeEnv> action) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(action, "action");
        NodeLane lane = requireNode(node);
        lane.submit(lane.action(label, action, timeNs));
    }

    /** Records {@code event} with {@code where} as the trace node, at the calling lane's time (or now). */
    public void trace(String where, TraceEvent event) {
        emit(laneNow(), Objects.requireNonNull(where, "where"), Objects.requireNonNull(event, "event"));
    }

    // ---------------------------------------------------------------- running

    /** Time 0 is now: nodes boot, taps start reading, work falls due. Once. */
    public synchronized void start() {
        requireBuilding();
        system = ActorSystem.create(Behaviors.empty(), "nettwin-wallclock", pekkoConfig());
        startNanos = System.nanoTime();
        started = true;
        int i = 0;
        for (NodeLane lane : nodes.values()) lane.spawn(system, "node-" + i++);
        control.spawn(system, "scenario");
        for (Runnable tap : tapReceivers) tap.run();
    }

    public boolean started() { return started; }

    /** Wall time since start, ns; 0 before. */
    public long now() {
        return started ? System.nanoTime() - startNanos : 0;
    }

    /** The time of the lane running on this thread (what its code sees as now), else the wall clock's. */
    long laneNow() {
        Lane lane = Lane.current();
        return lane != null ? lane.currentNs : now();
    }

    /**
     * Blocks until run time {@code timeNs} has passed and every lane has done the work due until then
     * (including what was due exactly at {@code timeNs} and submitted before this call).
     *
     * @throws OverrunException when the hard limit was exceeded
     * @throws IllegalStateException when a node's code failed
     */
    public void runUntil(long timeNs) throws InterruptedException {
        if (!started) throw new IllegalStateException("start() first");
        List<Lane> lanes = new ArrayList<>(nodes.values());
        lanes.add(control);
        CountDownLatch done = new CountDownLatch(lanes.size());
        for (Lane lane : lanes) {
            lane.submit(new Lane.Work(timeNs) {
                @Override String label() { return "end of run"; }
                @Override void run() { done.countDown(); }
            });
        }
        while (!done.await(20, TimeUnit.MILLISECONDS)) {
            rethrowFailure();
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f instanceof RuntimeException e) throw e;
        if (f instanceof Error e) throw e;
    }

    public boolean failed() { return failure != null; }

    /** The first failure (an overrun or a node's exception), or null. */
    public Throwable failure() { return failure; }

    void fail(Throwable t) {
        synchronized (traceLock) {
            if (failure == null) failure = t;
        }
    }

    /** Measures the lateness of {@code work} starting at {@code startNs}; false if the policy forbids running it. */
    boolean admit(Lane lane, Lane.Work work, long startNs) {
        long lag = startNs - work.dueNs;
        String label = lane.name + ": " + work.label();
        lagMeter.record(label, lag);
        if (policy.exceeded(lag)) {
            fail(new OverrunException(label, work.dueNs, lag, policy));
            return false;
        }
        return true;
    }

    /** Worst and mean lateness of everything run so far. */
    public LagReport lag() { return lagMeter.report(); }

    void emit(long timeNs, String where, TraceEvent event) {
        TraceRecord record = new TraceRecord(timeNs, where, event);
        synchronized (traceLock) {
            for (Consumer<TraceRecord> l : listeners) l.accept(record);
        }
    }

    /** Stops the taps and the actors; afterwards no listener is called any more. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (TapPort tap : taps) tap.close();
        if (system == null) return;
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the wall-clock ActorSystem did not terminate", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int crc(byte[] frame) {
        CRC32 crc = new CRC32();
        crc.update(frame);
        return (int) crc.getValue();
    }

    /**
     * A 1 ms scheduler tick (Pekko's default is 10 ms) bounds how late a wake-up can be; no JVM hooks, the
     * owner closes the runtime.
     */
    private static Config pekkoConfig() {
        return ConfigFactory.parseString("""
                pekko {
                  loglevel = "WARNING"
                  stdout-loglevel = "WARNING"
                  log-dead-letters = off
                  log-dead-letters-during-shutdown = off
                  jvm-shutdown-hooks = off
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  scheduler.tick-duration = 1ms
                }
                """);
    }

    private void requireBuilding() {
        if (started) throw new IllegalStateException("the runtime has started; build before start()");
        if (closed) throw new IllegalStateException("the runtime is closed");
    }

    private NodeLane requireNode(String name) {
        NodeLane lane = nodes.get(name);
        if (lane == null) throw new IllegalArgumentException("no node named " + name + "; nodes: " + nodes.keySet());
        return lane;
    }

    private static void requireFree(NodeLane lane, PortRef port) {
        if (lane.wire(port.port()) != null) throw new IllegalArgumentException("port " + port + " is already wired");
    }

    /** Lateness statistics, updated from every lane. */
    private static final class LagMeter {
        private final OverrunPolicy policy;
        private long events;
        private long worstLagNs;
        private String worstLabel = "";
        private long totalLagNs;

        LagMeter(OverrunPolicy policy) {
            this.policy = policy;
        }

        synchronized void record(String label, long lagNs) {
            long lag = Math.max(0, lagNs);
            events++;
            totalLagNs += lag;
            if (events == 1 || lag > worstLagNs) {
                worstLagNs = lag;
                worstLabel = label;
            }
        }

        synchronized LagReport report() {
            return new LagReport(policy, events, worstLagNs, worstLabel, totalLagNs);
        }
    }

    @Override
    public String toString() {
        return "WallClockRuntime[" + nodes.size() + " nodes, " + links.size() + " links, " + taps.size() + " taps, now " + Time.format(now()) + "]";
    }
}
