package org.nettwin.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.capture.PcapWriter;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.sim.link.LinkCounters;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * The deterministic virtual-time kernel: one event queue ordered by (time, seq), nodes hosted as Pekko typed
 * actors (or inline), point-to-point links with impairments, trace with a running SHA-256 fingerprint, and
 * per-link pcap capture.
 *
 * <h2>How an instant runs</h2>
 * All events queued for the current time are taken off the queue as one <em>round</em>, in (time, seq)
 * order. Node events are grouped per node into that node's batch; each node with work runs its batch in
 * queue order inside its own actor, all such nodes in parallel, while the kernel thread waits. Nodes do not
 * act on the world directly: frames, armed timers and trace events are buffered per node and, after the
 * wait, merged in node insertion order and then emission order. Only then does the kernel assign sequence
 * numbers, so thread scheduling can never change a result. Whatever the round produced for the same time
 * (zero-delay links, timers armed for now, carrier changes) forms the next round of the same instant.
 * A kernel action ({@link #at}) is a barrier inside its round: node events queued before it run and merge
 * first, then the action runs, then the rest. INLINE mode runs the same batches one after another on the
 * kernel thread, which is why it gives identical fingerprints and pcaps; for the same reason ACTORS mode runs
 * a round's batch on the kernel thread when only one node is busy.
 *
 * <h2>Threads</h2>
 * Every method is for the kernel thread: the caller of
 * {@link #runUntil} and the kernel actions it runs. Node code must use its {@link NodeEnv}, which in turn
 * may only be used from inside that node's processing; both misuses throw IllegalStateException.
 */
public final class SimKernel implements AutoCloseable, RunControl {
    private final KernelConfig config;
    private final RandomStreams streams;
    private final EventQueue queue = new EventQueue();
    private final Map<String, NodeHost> nodes = new LinkedHashMap<>();
    private final Map<String, WiredLink> links = new LinkedHashMap<>();
    private final Map<String, RandomGenerator> kernelRandoms = new LinkedHashMap<>();
    private final ActorHosting actors;
    private final ArrayList<Event> round = new ArrayList<>();
    /** Nodes with a non-empty batch in the current segment of the round. */
    private final ArrayList<NodeHost> busyNodes = new ArrayList<>();
    private final List<Consumer<TraceRecord>> listeners = new ArrayList<>();
    private final List<Predicate<TraceRecord>> stopConditions = new ArrayList<>();
    private final TraceFingerprint fingerprint = new TraceFingerprint();
    private long now;
    /** True while node batches run: kernel API calls then come from node code, which is a bug. */
    private volatile boolean nodesRunning;
    private boolean inRun;
    private boolean stopMatched;
    private boolean stoppedEarly;
    private boolean failed;
    private boolean closed;
    private Path captureDir;
    private long eventsProcessed;
    private long instants;
    private long rounds;
    private long parallelBatches;
    private long noSuchPortDrops;
    private long wallNanos;

    public SimKernel(KernelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.streams = new RandomStreams(config.seed());
        this.actors = config.hostMode() == HostMode.ACTORS ? new ActorHosting(config.threads()) : null;
    }

    public KernelConfig config() { return config; }

    /** Current virtual time in ns. */
    public long now() { return now; }

    RandomStreams streams() { return streams; }

    // ---------------------------------------------------------------- building

    /** Adds a node; it boots (HostedNode.boot) at the current time, i.e. at 0 if added before running. */
    public void addNode(String name, HostedNode node) {
        checkKernelContext();
        checkOpen();
        Objects.requireNonNull(name, "node name");
        Objects.requireNonNull(node, "node");
        if (name.isBlank()) throw new IllegalArgumentException("node name is blank");
        if (nodes.containsKey(name)) throw new IllegalArgumentException("duplicate node name " + name);
        if (links.containsKey(name)) throw new IllegalArgumentException("node name " + name + " is already a link name; traces would be ambiguous");
        NodeHost host = new NodeHost(this, name, nodes.size(), node);
        if (actors != null) host.actor = actors.spawn(host);
        nodes.put(name, host);
        enqueue(new NodeEvent.Boot(host), now);
    }

    /** Names of the nodes in insertion order. */
    public List<String> nodeNames() { return List.copyOf(nodes.keySet()); }

    /** Connects two existing node ports with a link; {@code aToB} and {@code bToA} are the impairments per direction. */
    public Link connect(String linkName, PortRef a, PortRef b, LinkParams aToB, LinkParams bToA) {
        checkKernelContext();
        checkOpen();
        Objects.requireNonNull(linkName, "link name");
        if (links.containsKey(linkName)) throw new IllegalArgumentException("duplicate link name " + linkName);
        if (nodes.containsKey(linkName)) throw new IllegalArgumentException("link name " + linkName + " is already a node name; traces would be ambiguous");
        NodeHost hostA = requireNode(a.node());
        NodeHost hostB = requireNode(b.node());
        for (PortRef end : List.of(a, b)) {
            NodeHost.PortBinding existing = requireNode(end.node()).binding(end.port());
            if (existing != null) {
                throw new IllegalArgumentException("port " + end + " is already connected to link " + existing.link().name());
            }
        }
        WiredLink wired = new WiredLink(this, linkName, hostA, a.port(), hostB, b.port());
        wired.attach(Link.create(linkName, a, b, aToB, bToA, wired));
        hostA.bind(a.port(), new NodeHost.PortBinding(wired, Direction.A_TO_B));
        hostB.bind(b.port(), new NodeHost.PortBinding(wired, Direction.B_TO_A));
        links.put(linkName, wired);
        if (captureDir != null) startCapture(wired, captureDir.resolve(linkName + ".pcap"));
        return wired.driver().link();
    }

    /** The link named {@code name}; IllegalArgumentException if there is none. */
    public Link link(String name) {
        return requireLink(name).driver().link();
    }

    /** All links in connection order. */
    public Collection<Link> links() {
        return links.values().stream().map(wired -> wired.driver().link()).toList();
    }

    // ---------------------------------------------------------------- scheduling

    /** Runs {@code kernelAction} on the kernel thread at {@code timeNs} (faults, scenario steps). */
    public void at(long timeNs, String label, Runnable kernelAction) {
        checkKernelContext();
        checkOpen();
        requireNotPast(timeNs, label);
        enqueue(new KernelAction(Objects.requireNonNull(label, "label"), Objects.requireNonNull(kernelAction, "action")), timeNs);
    }

    /** Runs {@code action} in node {@code node}'s context (its actor) at {@code timeNs}, with the node's env. */
    public void onNode(String node, long timeNs, String label, Consumer<NodeEnv> action) {
        checkKernelContext();
        checkOpen();
        requireNotPast(timeNs, label);
        enqueue(new NodeEvent.Action(requireNode(node), Objects.requireNonNull(label, "label"),
                Objects.requireNonNull(action, "action")), timeNs);
    }

    /** Records {@code event} at the current time with {@code where} (a node or link name) as the trace node. */
    public void trace(String where, TraceEvent event) {
        checkKernelContext();
        emit(Objects.requireNonNull(where, "where"), Objects.requireNonNull(event, "event"));
    }

    /**
     * A kernel-level random stream for scenario code, split from the run seed by {@code path} ("scenario/chaos");
     * repeated calls with one path continue the same stream. Paths under "node/" and "link/" belong to nodes and links.
     */
    public RandomGenerator random(String path) {
        checkKernelContext();
        Objects.requireNonNull(path, "path");
        if (path.startsWith("node/") || path.startsWith("link/")) {
            throw new IllegalArgumentException("random path " + path + " is reserved for nodes and links");
        }
        return kernelRandoms.computeIfAbsent(path, streams::stream);
    }

    void enqueue(Event event, long timeNs) {
        queue.push(event, timeNs);
    }

    // ---------------------------------------------------------------- running

    /**
     * Processes every event with time &lt;= {@code timeNs}, then sets now() to {@code timeNs}; or returns
     * early, with now() at that instant, after the instant in which a {@link #stopWhen} condition matched.
     */
    public void runUntil(long timeNs) {
        checkKernelContext();
        checkOpen();
        if (inRun) throw new IllegalStateException("runUntil is not reentrant (called from a kernel action?)");
        if (failed) throw new IllegalStateException("an earlier failure left this kernel inconsistent; start a new one");
        if (timeNs < now) throw new IllegalArgumentException("cannot run back to " + Time.format(timeNs) + ", now is " + Time.format(now));
        inRun = true;
        stopMatched = false;
        stoppedEarly = false;
        long wallStart = System.nanoTime();
        try {
            while (!queue.isEmpty() && queue.peekTime() <= timeNs) {
                now = queue.peekTime();
                instants++;
                runInstant();
                if (stopMatched) {
                    stoppedEarly = true;
                    return;
                }
            }
            now = timeNs;
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        } finally {
            inRun = false;
            wallNanos += System.nanoTime() - wallStart;
        }
    }

    /** Makes runUntil return after the instant in which a trace record satisfies {@code condition} (conditions accumulate). */
    public void stopWhen(Predicate<TraceRecord> condition) {
        checkKernelContext();
        stopConditions.add(Objects.requireNonNull(condition, "condition"));
    }

    public void clearStopConditions() {
        checkKernelContext();
        stopConditions.clear();
    }

    /** Whether the last runUntil returned early because a stop condition matched. */
    public boolean stoppedEarly() { return stoppedEarly; }

    private void runInstant() {
        while (!queue.isEmpty() && queue.peekTime() == now) {
            rounds++;
            // Take the whole round first: what it produces for this same instant belongs to the next round.
            round.clear();
            while (!queue.isEmpty() && queue.peekTime() == now) {
                Event event = queue.pop();
                if (!event.isCancelled()) round.add(event);
            }
            for (int i = 0, n = round.size(); i < n; i++) {
                Event event = round.get(i);
                eventsProcessed++;
                if (event instanceof KernelAction action) {
                    runBusyNodes();
                    runKernelAction(action);
                } else {
                    NodeEvent nodeEvent = (NodeEvent) event;
                    if (nodeEvent.admit()) addToBatch(nodeEvent);
                }
            }
            runBusyNodes();
            round.clear();
        }
    }

    private void addToBatch(NodeEvent event) {
        NodeHost host = event.target;
        if (host.batch.isEmpty()) busyNodes.add(host);
        host.batch.add(event);
    }

    private void runKernelAction(KernelAction action) {
        try {
            action.action.run();
        } catch (RuntimeException e) {
            throw new SimulationException(action.describe() + " failed at " + Time.format(now) + ": " + e, e);
        }
    }

    /** Runs the batches of every busy node (in parallel with actors), then merges their outputs in node order. */
    private void runBusyNodes() {
        int n = busyNodes.size();
        if (n == 0) return;
        sortByInsertionOrder(busyNodes);
        if (n > 1) parallelBatches++;
        nodesRunning = true;
        try {
            // A lone busy node runs on the kernel thread: the batch and merge are the same, so the result is
            // too, and it saves the actor hand-off that dominates sparse instants (measured ~8x with KernelBench
            // "staggered", where every instant has one node).
            if (actors == null || n == 1) {
                for (int i = 0; i < n; i++) busyNodes.get(i).runBatch();
            } else {
                actors.runAll(busyNodes);
            }
        } finally {
            nodesRunning = false;
        }
        for (int i = 0; i < n; i++) {
            NodeHost host = busyNodes.get(i);
            if (host.failure != null) {
                throw new SimulationException("node " + host.name + " failed in " + host.failedEvent.describe()
                        + " at " + Time.format(now) + ": " + host.failure, host.failure);
            }
        }
        for (int i = 0; i < n; i++) merge(busyNodes.get(i));
        busyNodes.clear();
    }

    /** Busy nodes join in queue order; the merge needs insertion order. Insertion sort: the list is short and nearly sorted. */
    private static void sortByInsertionOrder(ArrayList<NodeHost> hosts) {
        for (int i = 1, n = hosts.size(); i < n; i++) {
            NodeHost key = hosts.get(i);
            int j = i - 1;
            while (j >= 0 && hosts.get(j).index > key.index) {
                hosts.set(j + 1, hosts.get(j));
                j--;
            }
            hosts.set(j + 1, key);
        }
    }

    private void merge(NodeHost host) {
        ArrayList<Object> outputs = host.outputs;
        for (int i = 0, n = outputs.size(); i < n; i++) {
            Object output = outputs.get(i);
            if (output instanceof TimerEvent timer) {
                if (!timer.isCancelled()) queue.push(timer, timer.time);
            } else if (output instanceof TraceEvent event) {
                emit(host.name, event);
            } else {
                NodeHost.Transmit transmit = (NodeHost.Transmit) output;
                send(host, transmit.port(), transmit.frame());
            }
        }
        outputs.clear();
    }

    private void send(NodeHost host, int port, byte[] frame) {
        NodeHost.PortBinding binding = host.binding(port);
        if (binding == null) {
            noSuchPortDrops++;
            emit(host.name, new TraceEvent.Dropped(host.name + ":" + port, DropReason.NO_SUCH_PORT, frame.length, ""));
            return;
        }
        binding.link().driver().send(binding.direction(), frame);
    }

    // ---------------------------------------------------------------- trace

    /** Registers a listener; it is called on the kernel thread for every record, in the deterministic order. */
    public void addTraceListener(Consumer<TraceRecord> listener) {
        checkKernelContext();
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void emit(String where, TraceEvent event) {
        TraceRecord record = new TraceRecord(now, where, event);
        fingerprint.add(record);
        for (int i = 0, n = listeners.size(); i < n; i++) listeners.get(i).accept(record);
        for (int i = 0, n = stopConditions.size(); i < n; i++) {
            if (stopConditions.get(i).test(record)) stopMatched = true;
        }
    }

    /** SHA-256 (lowercase hex) over every trace record's line() + "\n" so far. */
    public String fingerprint() {
        return fingerprint.hex();
    }

    // ---------------------------------------------------------------- capture

    /** Captures every frame put on link {@code linkName} (both directions) into {@code pcapFile}, from now on. */
    public void capture(String linkName, Path pcapFile) {
        checkKernelContext();
        checkOpen();
        startCapture(requireLink(linkName), Objects.requireNonNull(pcapFile, "pcapFile"));
    }

    /** Captures every link, present and future, into "&lt;dir&gt;/&lt;link&gt;.pcap". */
    public void captureAll(Path dir) {
        checkKernelContext();
        checkOpen();
        captureDir = Objects.requireNonNull(dir, "dir");
        for (WiredLink wired : links.values()) {
            if (wired.capture() == null) startCapture(wired, dir.resolve(wired.name() + ".pcap"));
        }
    }

    private void startCapture(WiredLink wired, Path file) {
        if (wired.capture() != null) throw new IllegalStateException("link " + wired.name() + " is already captured");
        wired.setCapture(new PcapWriter(file));
    }

    // ---------------------------------------------------------------- stats and lifecycle

    public KernelStats stats() {
        long timersFired = 0;
        for (NodeHost host : nodes.values()) timersFired += host.timersFired;
        long sent = 0;
        long delivered = 0;
        long dropped = noSuchPortDrops;
        for (WiredLink wired : links.values()) {
            LinkCounters c = wired.driver().link().counters(Direction.BOTH);
            sent += c.txFrames();
            delivered += c.deliveredFrames();
            dropped += c.droppedTotal();
        }
        return new KernelStats(eventsProcessed, instants, rounds, parallelBatches, timersFired, sent, delivered, dropped, wallNanos, now);
    }

    /** Flushes and closes every capture, then terminates the ActorSystem. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        RuntimeException firstFailure = null;
        for (WiredLink wired : links.values()) {
            if (wired.capture() == null) continue;
            try {
                wired.capture().close();
            } catch (RuntimeException e) {
                if (firstFailure == null) firstFailure = e; else firstFailure.addSuppressed(e);
            }
        }
        if (actors != null) actors.close();
        if (firstFailure != null) throw firstFailure;
    }

    // ---------------------------------------------------------------- checks

    /** Kernel API (and link faults) may not be used from node code while batches run. */
    void checkKernelContext() {
        if (nodesRunning) {
            throw new IllegalStateException("kernel API called from node code (thread " + Thread.currentThread().getName()
                    + "); nodes act only through their NodeEnv");
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("kernel is closed");
    }

    private void requireNotPast(long timeNs, String label) {
        if (timeNs < now) {
            throw new IllegalArgumentException("'" + label + "' at " + Time.format(timeNs) + " is in the past; now is " + Time.format(now));
        }
    }

    private WiredLink requireLink(String name) {
        WiredLink wired = links.get(name);
        if (wired == null) throw new IllegalArgumentException("no link named " + name + "; links: " + links.keySet());
        return wired;
    }

    private NodeHost requireNode(String name) {
        NodeHost host = nodes.get(name);
        if (host == null) throw new IllegalArgumentException("no node named " + name + "; nodes: " + nodes.keySet());
        return host;
    }
}
