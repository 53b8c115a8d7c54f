package org.nettwin.scenarios.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.nettwin.protocols.env.Time;

/**
 * The conservative window barrier, free of any transport (the in-process driver and the cluster coordinator
 * both use it). With lookahead L (the smallest boundary-link delay of any partition) a window [s, s+L) can
 * run in every partition independently: whatever one partition sends during it arrives at or after s+L.
 * After every partition has finished a window, its cross-partition frames are routed to their destination
 * partitions (injected before the next window) and the partitions' trace records are merged by key into the
 * running fingerprint. The next window starts at the earliest pending event of any partition, so idle virtual
 * time costs nothing.
 */
public final class WindowConductor {
    /** One window to run: its bounds and, per partition, the arrivals to inject before running it. */
    public record Window(long index, long startNs, long endExclusiveNs, List<List<CrossFrame>> inbound) {}

    private final PartitionPlan plan;
    private final long lookaheadNs;
    private final long stopExclusiveNs;
    private final long[] nextEventNs;
    private final List<List<CrossFrame>> pendingInbound = new ArrayList<>();
    private final WindowOutput[] collected;
    private final MessageDigest digest;
    private final List<String> keptLines;
    private Window current;
    private int outstanding;
    private TraceLine lastMerged;
    private long records;
    private long windows;
    private long crossFrames;

    /**
     * @param lookaheadsNs per partition, {@link PartitionEngine#lookaheadNs()}
     * @param firstEventsNs per partition, {@link PartitionEngine#nextEventNs()} before the first window
     * @param keepLines whether {@link #result()} should carry the merged lines (for diagnostics and tests)
     */
    public WindowConductor(PartitionPlan plan, long[] lookaheadsNs, long[] firstEventsNs, boolean keepLines) {
        this.plan = plan;
        int n = plan.partitions();
        if (lookaheadsNs.length != n || firstEventsNs.length != n) {
            throw new IllegalArgumentException("expected figures for " + n + " partitions, got " + lookaheadsNs.length + " and " + firstEventsNs.length);
        }
        long lookahead = Long.MAX_VALUE;
        for (long l : lookaheadsNs) lookahead = Math.min(lookahead, l);
        if (lookahead <= 0) {
            // A zero-delay boundary link would make the window empty: such links must never be cut (docs/distributed.md).
            throw new IllegalArgumentException("lookahead is " + lookahead + " ns: a boundary link without delay cannot be cut between partitions");
        }
        this.lookaheadNs = lookahead;
        this.stopExclusiveNs = plan.endNs() == Long.MAX_VALUE ? Long.MAX_VALUE : plan.endNs() + 1;
        this.nextEventNs = firstEventsNs.clone();
        this.collected = new WindowOutput[n];
        for (int p = 0; p < n; p++) pendingInbound.add(new ArrayList<>());
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        this.keptLines = keepLines ? new ArrayList<>() : null;
    }

    public long lookaheadNs() { return lookaheadNs; }

    /** The next window, or null when no partition has anything left before the end of the run. */
    public Window nextWindow() {
        if (current != null) throw new IllegalStateException("window " + current.index() + " is still running");
        long start = Long.MAX_VALUE;
        for (int p = 0; p < nextEventNs.length; p++) {
            start = Math.min(start, nextEventNs[p]);
            for (CrossFrame f : pendingInbound.get(p)) start = Math.min(start, f.arrivalNs());
        }
        if (start >= stopExclusiveNs) return null;
        long end = start > stopExclusiveNs - lookaheadNs ? stopExclusiveNs : start + lookaheadNs;
        List<List<CrossFrame>> inbound = new ArrayList<>();
        for (int p = 0; p < pendingInbound.size(); p++) {
            inbound.add(List.copyOf(pendingInbound.get(p)));
            pendingInbound.get(p).clear();
        }
        current = new Window(windows, start, end, List.copyOf(inbound));
        outstanding = collected.length;
        Arrays.fill(collected, null);
        return current;
    }

    /**
     * Records partition {@code partition}'s output of the current window; returns true when it was the last
     * one, at which point the window's trace is merged and its frames are routed.
     */
    public boolean complete(int partition, WindowOutput output) {
        if (current == null) throw new IllegalStateException("no window is running");
        if (collected[partition] != null) throw new IllegalStateException("partition " + partition + " finished window " + current.index() + " twice");
        for (CrossFrame f : output.outbox()) {
            if (f.arrivalNs() < current.endExclusiveNs()) {
                throw new IllegalStateException("partition " + partition + " sent a frame to " + f.toNode() + " arriving at " + Time.format(f.arrivalNs())
                        + ", inside window [" + Time.format(current.startNs()) + ", " + Time.format(current.endExclusiveNs())
                        + "): the lookahead of " + Time.format(lookaheadNs) + " is larger than a boundary link's delay");
            }
            int to = plan.partitionOf(f.toNode());
            if (to == partition) throw new IllegalStateException("partition " + partition + " put a frame for its own node " + f.toNode() + " in its outbox");
        }
        collected[partition] = output;
        nextEventNs[partition] = output.nextEventNs();
        if (--outstanding > 0) return false;
        finishWindow();
        return true;
    }

    private void finishWindow() {
        List<TraceLine> merged = new ArrayList<>();
        for (WindowOutput out : collected) {
            merged.addAll(out.trace());
            for (CrossFrame f : out.outbox()) pendingInbound.get(plan.partitionOf(f.toNode())).add(f);
            crossFrames += out.outbox().size();
        }
        merged.sort(null);
        for (TraceLine line : merged) {
            if (line.timeNs() < current.startNs() || line.timeNs() >= current.endExclusiveNs()) {
                throw new IllegalStateException("trace record outside window [" + Time.format(current.startNs()) + ", "
                        + Time.format(current.endExclusiveNs()) + "): " + line);
            }
            if (lastMerged != null && lastMerged.compareTo(line) >= 0) {
                throw new IllegalStateException("two partitions' records share a merge key or arrive out of order: " + lastMerged + " then " + line);
            }
            lastMerged = line;
            digest.update((line.line() + "\n").getBytes(StandardCharsets.UTF_8));
            if (keptLines != null) keptLines.add(line.line());
        }
        records += merged.size();
        windows++;
        current = null;
    }

    /** The run so far: fingerprint over every merged record, counts, and the lines if kept. */
    public PartitionedResult result() {
        String hex;
        try {
            hex = HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
        return new PartitionedResult(hex, records, windows, crossFrames, keptLines);
    }
}
