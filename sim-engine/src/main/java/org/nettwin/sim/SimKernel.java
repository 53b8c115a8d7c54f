package org.nettwin.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.capture.PcapWriter;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.sim.link.LinkCounters;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * The deterministic virtual-time kernel: per node group event queues, nodes run in lookahead windows (on Pekko
 * worker actors, or inline), point-to-point links with impairments, trace with a running SHA-256 fingerprint,
 * and per-link pcap capture. It can also host only some nodes of a network: a partition (see {@link #partition}).
 *
 * <h2>How time advances: lookahead windows</h2>
 * Nodes joined by zero-delay links form a group ({@link NodeGroup}); every other link has a delay of at least
 * the lookahead L, the smallest delay of a link between groups. A frame sent at t >= T reaches another group at
 * t + L or later, so in the window [T, T + L) every group depends on nobody and runs its events in key order,
 * all groups in parallel with actors. What crosses groups waits for the window's barrier. Kernel actions
 * ({@link #at}) are barriers: a window ends before the next one, and at their instant they run first, in key
 * order, then the nodes. With stop conditions every window is one instant, so {@link #stopWhen} stops exactly
 * after the instant that matched.
 *
 * <h2>Why the result never depends on threads or windows</h2>
 * Every event carries a key fixed when it is created: (time, creation time, creator index, creator's counter),
 * see {@link Event}; a node therefore sees its events in one order however the windows are cut. Every trace
 * record and captured frame carries (time, rank, seq), rank being the index of the node whose processing
 * produced it (-1 for the kernel thread); after each window the kernel sorts them by that key before the
 * fingerprint, listeners and pcaps see them ({@link OrderedRecord}). INLINE, ACTORS(1) and ACTORS(n) are the
 * same computation, and a network split into partitions merges back into the same record sequence.
 *
 * <h2>Threads</h2>
 * Every method is for the kernel thread: the caller of {@link #runUntil} and the kernel actions and trace
 * listeners it runs. Node code must use its {@link NodeEnv}, which in turn may only be used from inside that
 * node's processing; both misuses throw IllegalStateException.
 */
public final class SimKernel implements AutoCloseable, RunControl {
    private final KernelConfig config;
    private final RandomStreams streams;
    private final EventQueue kernelQueue = new EventQueue();
    private final Map<String, NodeHost> nodes = new LinkedHashMap<>();
    private final Map<String, WiredLink> links = new LinkedHashMap<>();
    private final Map<String, RandomGenerator> kernelRandoms = new LinkedHashMap<>();
    private final ActorHosting actors;
    /** Nodes this kernel runs (a partition), or null for all. */
    private final Set<String> hostedNodes;
    /** Whether kernel-thread records are kept: in a partitioned run exactly one partition keeps them. */
    private final boolean recordsKernel;
    private final ArrayList<NodeGroup> groups = new ArrayList<>();
    /** The groups with events, by earliest event time: windows find their busy groups here. */
    private final GroupCalendar calendar = new GroupCalendar();
    private final ArrayList<NodeGroup> busyGroups = new ArrayList<>();
    private final ArrayList<Emission> emissions = new ArrayList<>();
    private final ArrayList<BoundaryArrival> outbox = new ArrayList<>();
    private final List<Consumer<TraceRecord>> listeners = new ArrayList<>();
    private final List<Consumer<OrderedRecord>> orderedListeners = new ArrayList<>();
    private final List<Predicate<TraceRecord>> stopConditions = new ArrayList<>();
    private final TraceFingerprint fingerprint = new TraceFingerprint();
    private boolean topologyDirty;
    /** Smallest delay of a link between two groups of this kernel; Long.MAX_VALUE when there is none. */
    private long lookaheadNs = Long.MAX_VALUE;
    /** Smallest delay of a link to another partition; Long.MAX_VALUE when there is none. */
    private long boundaryLookaheadNs = Long.MAX_VALUE;
    private long lookaheadBoundNs = Long.MAX_VALUE;
    private long kernelCreatedSeq;
    private long kernelEmittedSeq;
    private long now;
    /** Every event before this time has been processed. */
    private long processedBefore;
    /** True while node groups run: kernel API calls then come from node code, which is a bug. */
    private volatile boolean nodesRunning;
    /** True while a window's records go to listeners: what they schedule must lie beyond the window. */
    private boolean dispatching;
    private boolean inRun;
    private boolean stopMatched;
    private long stopAt;
    private boolean stoppedEarly;
    private boolean failed;
    private boolean closed;
    private Path captureDir;
    private long eventsProcessed;
    private long windows;
    private long groupRuns;
    private long parallelWindows;
    private long wallNanos;

    public SimKernel(KernelConfig config) {
        this(config, null, true);
    }

    private SimKernel(KernelConfig config, Set<String> hostedNodes, boolean recordsKernel) {
        this.config = Objects.requireNonNull(config, "config");
        this.streams = new RandomStreams(config.seed());
        this.actors = config.hostMode() == HostMode.ACTORS ? new ActorHosting(config.threads()) : null;
        this.hostedNodes = hostedNodes == null ? null : Set.copyOf(hostedNodes);
        this.recordsKernel = recordsKernel;
    }

    /**
     * A kernel that runs only {@code hostedNodes} of a network split across partitions (other JVMs, or other
     * kernels in this one). Build it with the same calls, in the same order, as the whole network (every node,
     * every link, every kernel action): nodes not hosted are placeholders that never boot or run, links between
     * them carry nothing, and kernel actions run on every partition's copy of the links. Links with one hosted end
     * are boundary links: this side runs the link model for the direction it sends and puts arrivals in the outbox
     * ({@link #runWindow}); the other side {@link #inject injects} them. Boundary links need a delay > 0.
     * {@code recordsKernel}: whether this partition keeps the kernel thread's records (true for exactly one).
     */
    public static SimKernel partition(KernelConfig config, Set<String> hostedNodes, boolean recordsKernel) {
        return new SimKernel(config, Objects.requireNonNull(hostedNodes, "hostedNodes"), recordsKernel);
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
        NodeHost host = new NodeHost(this, name, nodes.size(), node, hostedNodes == null || hostedNodes.contains(name));
        nodes.put(name, host);
        if (host.hosted) groups.add(new NodeGroup(List.of(host), groups.size()));
        topologyDirty = true;
        pushFromKernel(new NodeEvent.Boot(host), now);
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
        topologyDirty = true;
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
        KernelAction action = new KernelAction(Objects.requireNonNull(label, "label"), Objects.requireNonNull(kernelAction, "action"));
        action.key(timeNs, now, Event.KERNEL_ORIGIN, kernelCreatedSeq++);
        kernelQueue.push(action);
    }

    /** Runs {@code action} in node {@code node}'s context (its actor) at {@code timeNs}, with the node's env. */
    public void onNode(String node, long timeNs, String label, Consumer<NodeEnv> action) {
        checkKernelContext();
        checkOpen();
        requireNotPast(timeNs, label);
        pushFromKernel(new NodeEvent.Action(requireNode(node), Objects.requireNonNull(label, "label"),
                Objects.requireNonNull(action, "action")), timeNs);
    }

    /** Records {@code event} at the current time with {@code where} (a node or link name) as the trace node. */
    public void trace(String where, TraceEvent event) {
        checkKernelContext();
        emitKernel(Objects.requireNonNull(where, "where"), Objects.requireNonNull(event, "event"));
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

    /**
     * Queues a node event created on the kernel thread (boots, node actions, carrier changes). For a node
     * another partition hosts it only takes its place in the kernel's creation counter, so keys stay equal.
     */
    void pushFromKernel(NodeEvent event, long timeNs) {
        event.key(timeNs, now, Event.KERNEL_ORIGIN, kernelCreatedSeq++);
        if (event.target.hosted) push(event);
    }

    /** Kernel thread: queues a node event in its group and files the group's (perhaps new) earliest time. */
    private void push(NodeEvent event) {
        NodeGroup g = event.target.group;
        g.queue.push(event);
        calendar.update(g);
    }

    /** A link was added or changed parameters: groups and lookahead are recomputed before the next window. */
    void topologyChanged() { topologyDirty = true; }

    /**
     * Caps the window length: code that reacts to trace records by scheduling kernel actions or node actions
     * (trace listeners) must schedule them at least this long after the record, because a window's records reach
     * listeners only after the whole window ran. Without a cap windows are as long as the smallest link delay.
     */
    public void boundLookahead(long ns) {
        checkKernelContext();
        if (ns < 1) throw new IllegalArgumentException("lookahead bound must be >= 1 ns, got " + ns);
        lookaheadBoundNs = Math.min(lookaheadBoundNs, ns);
    }

    /**
     * The partition's lookahead: the smallest delay of a boundary link (Long.MAX_VALUE without one). A
     * coordinator may let partitions run {@link #runWindow} up to this long past the time they all reached,
     * since nothing sent in that window can arrive on the other side before its end.
     */
    public long lookahead() {
        checkKernelContext();
        if (topologyDirty) regroup();
        return boundaryLookaheadNs;
    }

    /** Time of the earliest pending event (kernel action or node event), or Long.MAX_VALUE when there is none. */
    public long nextEventTime() {
        checkKernelContext();
        if (topologyDirty) regroup();
        long next = kernelQueue.isEmpty() ? Long.MAX_VALUE : kernelQueue.peekTime();
        return Math.min(next, calendar.peekTime());
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
            while (true) {
                if (topologyDirty) regroup();
                long next = nextEventTime();
                if (stopMatched && next > stopAt) {
                    now = stopAt;
                    stoppedEarly = true;
                    return;
                }
                if (next > timeNs) break;
                now = next;
                if (!kernelQueue.isEmpty() && kernelQueue.peekTime() == next) {
                    runKernelActions();
                } else {
                    runWindow(next, windowEnd(next, timeNs));
                }
            }
            if (stopMatched) {
                now = stopAt;
                stoppedEarly = true;
                return;
            }
            now = timeNs;
            processedBefore = Math.max(processedBefore, timeNs == Long.MAX_VALUE ? timeNs : timeNs + 1);
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        } finally {
            inRun = false;
            wallNanos += System.nanoTime() - wallStart;
        }
    }

    /**
     * Partition step: processes every event before {@code endExclusive} and returns the arrivals this partition
     * sent across boundary links (in creation order), for the other partitions to {@link #inject}. The caller keeps
     * {@code endExclusive} at most {@link #lookahead()} past the time every partition had reached before.
     */
    public List<BoundaryArrival> runWindow(long endExclusive) {
        if (endExclusive <= processedBefore) {
            throw new IllegalArgumentException("window end " + Time.format(endExclusive) + " is not after " + Time.format(processedBefore));
        }
        runUntil(endExclusive - 1);
        List<BoundaryArrival> sent = List.copyOf(outbox);
        outbox.clear();
        return sent;
    }

    /** Partition step: queues arrivals another partition sent over boundary links toward nodes hosted here. */
    public void inject(Collection<BoundaryArrival> arrivals) {
        checkKernelContext();
        checkOpen();
        for (BoundaryArrival a : arrivals) {
            WiredLink wired = requireLink(a.link());
            NodeHost to = wired.receiver(a.direction());
            if (!to.hosted) throw new IllegalArgumentException("arrival on " + a.link() + " " + a.direction() + " is for " + to.name + ", not hosted here");
            if (a.time() < processedBefore) {
                throw new IllegalStateException("arrival on " + a.link() + " at " + Time.format(a.time()) + " comes too late: this partition has run to "
                        + Time.format(processedBefore) + " (windows may not exceed the lookahead)");
            }
            NodeEvent.Arrival arrival = new NodeEvent.Arrival(to, wired.receiverPort(a.direction()), wired, a.direction(), a.frame(), a.crc(), a.disruptionStamp());
            arrival.key(a.time(), a.pushTime(), a.senderRank(), a.senderSeq());
            if (topologyDirty) regroup();
            push(arrival);
        }
    }

    /**
     * Makes runUntil return after the instant in which a trace record satisfies {@code condition} (conditions
     * accumulate). While any is set, windows are one instant long, so nothing runs past that instant.
     */
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

    private long windowEnd(long start, long limit) {
        if (!stopConditions.isEmpty()) return start + 1;
        long length = Math.min(lookaheadNs, lookaheadBoundNs);
        long end = length >= Long.MAX_VALUE - start ? Long.MAX_VALUE : start + length;
        if (!kernelQueue.isEmpty()) end = Math.min(end, kernelQueue.peekTime());
        if (limit < Long.MAX_VALUE) end = Math.min(end, limit + 1);
        return Math.max(end, start + 1);
    }

    /** Runs the kernel actions due now, in key order (including those they schedule for now). */
    private void runKernelActions() {
        while (!kernelQueue.isEmpty() && kernelQueue.peekTime() == now) {
            KernelAction action = (KernelAction) kernelQueue.pop();
            eventsProcessed++;
            try {
                action.action.run();
            } catch (RuntimeException e) {
                throw new SimulationException(action.describe() + " failed at " + Time.format(now) + ": " + e, e);
            }
            if (topologyDirty) regroup();
        }
    }

    /** Runs every group with work in [start, end) (in parallel with actors), then hands over arrivals and records. */
    private void runWindow(long start, long end) {
        busyGroups.clear();
        // Cancelled timers count as work here: cheap, and harmless (the group skips them).
        calendar.pollBefore(end, busyGroups);
        int n = busyGroups.size();
        windows++;
        groupRuns += n;
        if (n > 1) parallelWindows++;
        nodesRunning = true;
        try {
            // A lone busy group runs on the kernel thread: same computation, no hand-off.
            if (actors == null || n == 1) {
                for (int i = 0; i < n; i++) busyGroups.get(i).run(end);
            } else {
                actors.runAll(busyGroups, end);
            }
        } finally {
            nodesRunning = false;
        }
        processedBefore = end;
        for (int i = 0; i < n; i++) {
            NodeGroup g = busyGroups.get(i);
            if (g.failure != null) {
                NodeEvent e = g.failedEvent;
                throw new SimulationException("node " + (e == null ? "?" : e.target.name) + " failed in " + (e == null ? "?" : e.describe())
                        + " at " + Time.format(e == null ? start : e.time) + ": " + g.failure, g.failure);
            }
        }
        for (int i = 0; i < n; i++) calendar.update(busyGroups.get(i));
        for (int i = 0; i < n; i++) {
            NodeGroup g = busyGroups.get(i);
            eventsProcessed += g.eventsProcessed;
            g.eventsProcessed = 0;
            handOver(g.outbound);
            emissions.addAll(g.emissions);
            g.emissions.clear();
        }
        dispatch();
    }

    private void handOver(ArrayList<NodeEvent.Arrival> arrivals) {
        for (int i = 0, n = arrivals.size(); i < n; i++) {
            NodeEvent.Arrival a = arrivals.get(i);
            if (a.target.hosted) {
                push(a);
            } else {
                outbox.add(new BoundaryArrival(a.time, a.link.name(), a.direction, a.frame, a.crc, a.disruptionStamp, a.pushTime, a.origin, a.originSeq));
            }
        }
        arrivals.clear();
    }

    /** The window's records and captures, in canonical order, to the fingerprint, listeners and pcaps. */
    private void dispatch() {
        if (emissions.isEmpty()) return;
        emissions.sort(Emission::compare);
        dispatching = true;
        try {
            for (int i = 0, n = emissions.size(); i < n; i++) {
                Emission e = emissions.get(i);
                now = e.time;
                if (e.record != null) deliver(e.rank, e.seq, e.record);
                else e.capture.write(e.time, e.frame);
            }
        } finally {
            dispatching = false;
            emissions.clear();
        }
    }

    /**
     * Recomputes the groups (nodes joined by zero-delay links) and the lookaheads; moves the queued events into
     * their new groups (keys do not change, so neither does any order).
     */
    private void regroup() {
        topologyDirty = false;
        List<NodeHost> hosts = new ArrayList<>(nodes.values());
        int[] parent = new int[hosts.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        long internal = Long.MAX_VALUE;
        long boundary = Long.MAX_VALUE;
        for (WiredLink wired : links.values()) {
            NodeHost a = wired.sender(Direction.A_TO_B);
            NodeHost b = wired.receiver(Direction.A_TO_B);
            long delay = minDelay(wired);
            if (wired.isBoundary()) {
                if (delay == 0) throw new IllegalStateException("boundary link " + wired.name() + " has zero delay; partitions can only be split at links with a delay");
                boundary = Math.min(boundary, delay);
            } else if (a.hosted && delay == 0) {
                union(parent, a.index, b.index);
            }
        }
        List<Event> queued = new ArrayList<>();
        for (NodeGroup g : groups) g.queue.drainTo(queued);
        groups.clear();
        calendar.clear();
        Map<Integer, List<NodeHost>> byRoot = new LinkedHashMap<>();
        for (NodeHost h : hosts) {
            if (h.hosted) byRoot.computeIfAbsent(find(parent, h.index), k -> new ArrayList<>()).add(h);
        }
        for (List<NodeHost> members : byRoot.values()) groups.add(new NodeGroup(members, groups.size()));
        for (WiredLink wired : links.values()) {
            NodeHost a = wired.sender(Direction.A_TO_B);
            NodeHost b = wired.receiver(Direction.A_TO_B);
            if (a.hosted && b.hosted && a.group != b.group) internal = Math.min(internal, minDelay(wired));
        }
        for (Event e : queued) ((NodeEvent) e).target.group.queue.push(e);
        for (NodeGroup g : groups) calendar.update(g);
        lookaheadNs = internal;
        boundaryLookaheadNs = boundary;
    }

    private static long minDelay(WiredLink wired) {
        Link link = wired.driver().link();
        return Math.min(link.params(Direction.A_TO_B).delayNs(), link.params(Direction.B_TO_A).delayNs());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    // ---------------------------------------------------------------- trace

    /** Registers a listener; it is called on the kernel thread for every record, in the deterministic order. */
    public void addTraceListener(Consumer<TraceRecord> listener) {
        checkKernelContext();
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers a listener that also receives each record's order key (for merging partitions' traces with
     * {@link TraceMerge}); called on the kernel thread, in the deterministic order.
     */
    public void addOrderedTraceListener(Consumer<OrderedRecord> listener) {
        checkKernelContext();
        orderedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** A record of the kernel thread (kernel actions, link admin changes) at the current time; rank -1. */
    void emitKernel(String where, TraceEvent event) {
        long seq = kernelEmittedSeq++;
        if (!recordsKernel) return;
        deliver(Event.KERNEL_ORIGIN, seq, new TraceRecord(now, where, event));
    }

    private void deliver(int rank, long seq, TraceRecord record) {
        fingerprint.add(record);
        for (int i = 0, n = listeners.size(); i < n; i++) listeners.get(i).accept(record);
        if (!orderedListeners.isEmpty()) {
            OrderedRecord ordered = new OrderedRecord(record.time(), rank, seq, record);
            for (int i = 0, n = orderedListeners.size(); i < n; i++) orderedListeners.get(i).accept(ordered);
        }
        for (int i = 0, n = stopConditions.size(); i < n; i++) {
            if (stopConditions.get(i).test(record) && !stopMatched) {
                stopMatched = true;
                stopAt = record.time();
            }
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
        long dropped = 0;
        for (NodeGroup g : groups) dropped += g.noSuchPortDrops;
        for (WiredLink wired : links.values()) {
            LinkCounters c = wired.driver().link().counters(Direction.BOTH);
            sent += c.txFrames();
            delivered += c.deliveredFrames();
            dropped += c.droppedTotal();
        }
        return new KernelStats(eventsProcessed, windows, groupRuns, parallelWindows, timersFired, sent, delivered, dropped, wallNanos, now);
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
        if (dispatching && timeNs < processedBefore) {
            throw new IllegalStateException("'" + label + "' at " + Time.format(timeNs) + " was scheduled by a trace listener, but the nodes have already run to "
                    + Time.format(processedBefore) + "; call boundLookahead(ns) with the listener's smallest reaction time");
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
