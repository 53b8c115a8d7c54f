package org.nettwin.sim.link;

import java.util.EnumMap;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * A point-to-point Ethernet link between two node ports, with independent impairments per direction.
 *
 * <p>Frame path, per direction, when a node transmits at time t (everything below happens at t, on the
 * kernel thread, in the deterministic merge order):
 * <ol>
 *   <li>admin down: Dropped(LINK_DOWN); cut: Dropped(SILENT_CUT); payload over MTU: Dropped(MTU_EXCEEDED);</li>
 *   <li>otherwise FrameSent is traced and the frame is captured (pcap time t);</li>
 *   <li>loss (independent Bernoulli, then Gilbert-Elliott whose state advances once per frame): Dropped(LOSS).
 *       As in netem, loss is decided at enqueue, so a lost frame does not occupy the transmitter;</li>
 *   <li>rate: the direction is busy until {@code busyUntil}. A frame that would have to wait needs one of
 *       {@code queuePackets} queue slots (the frame being serialized does not hold one), else
 *       Dropped(QUEUE_FULL) (tail drop). departure = max(t, busyUntil) + serialization;</li>
 *   <li>arrival = departure + delay + jitter, jitter uniform in [0, jitterNs]. Unlike netem, jitter never
 *       reorders: an arrival is never earlier than the previous arrival in the same direction, because a
 *       real cable is FIFO and reordering would be an artefact protocols then react to.</li>
 * </ol>
 * On arrival, a frame that was in flight while the link went down (even if it came back up) is dropped
 * LINK_DOWN; one in flight while its direction was cut is dropped SILENT_CUT; else FrameDelivered.
 *
 * <p>Administrative down is what both ends notice (carrier loss) and it flushes the transmit queues. A cut is
 * silent: carrier stays up and frames simply vanish, the failure that only timeouts detect.
 *
 * <p>Random draws come from per-direction streams "link/&lt;name&gt;/&lt;A_TO_B|B_TO_A&gt;/{loss,burst,jitter}",
 * separate so that enabling one impairment does not shift the draws of another.
 *
 * <p>Mutators must be called from the kernel thread (kernel actions or between runs), never from a node.
 */
public final class Link {
    private final String name;
    private final PortRef a;
    private final PortRef b;
    private final LinkRuntime runtime;
    private final Channel aToB;
    private final Channel bToA;
    private boolean adminUp = true;
    /** Incremented each time the link goes down, so arrivals can tell they were in flight across a down. */
    private int downEpoch;

    private Link(String name, PortRef a, PortRef b, LinkParams aToBParams, LinkParams bToAParams, LinkRuntime runtime) {
        this.name = requireName(name);
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        if (a.equals(b)) throw new IllegalArgumentException("link " + name + " connects " + a + " to itself");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.aToB = new Channel(Direction.A_TO_B, a, b, Objects.requireNonNull(aToBParams, "aToB params"));
        this.bToA = new Channel(Direction.B_TO_A, b, a, Objects.requireNonNull(bToAParams, "bToA params"));
    }

    /** Creates a link hosted by {@code runtime}; the kernel keeps the driver, scenario code gets {@link LinkDriver#link()}. */
    public static LinkDriver create(String name, PortRef a, PortRef b, LinkParams aToB, LinkParams bToA, LinkRuntime runtime) {
        return new Link(name, a, b, aToB, bToA, runtime).new Driver();
    }

    public String name() { return name; }

    public PortRef a() { return a; }

    public PortRef b() { return b; }

    /** The port frames of {@code direction} leave from. */
    public PortRef sender(Direction direction) { return channel(direction).from; }

    /** The port frames of {@code direction} arrive at. */
    public PortRef receiver(Direction direction) { return channel(direction).to; }

    public boolean isAdminUp() { return adminUp; }

    public boolean isCut(Direction direction) {
        boolean any = false;
        for (Direction d : direction.singles()) any |= channel(d).cut;
        return any;
    }

    /**
     * Administrative up/down (a cable pulled, an interface shut on the switch): both ends see carrier change.
     * Going down flushes both transmit queues; frames in flight are dropped LINK_DOWN when they would arrive.
     */
    public void setAdminUp(boolean up) {
        runtime.checkKernelContext();
        if (up == adminUp) return;
        adminUp = up;
        if (!up) {
            downEpoch++;
            aToB.flush();
            bToA.flush();
        }
        runtime.trace(new TraceEvent.StateChanged("link/admin", up ? "down" : "up", up ? "up" : "down"));
        runtime.carrierChanged(up);
    }

    /** Silently cuts {@code direction}: carrier stays up, frames vanish (SILENT_CUT), including those in flight. */
    public void cut(Direction direction) { setCut(direction, true); }

    /** Ends a cut; frames that were in flight during the cut stay lost. */
    public void heal(Direction direction) { setCut(direction, false); }

    private void setCut(Direction direction, boolean cut) {
        runtime.checkKernelContext();
        for (Direction d : direction.singles()) {
            Channel ch = channel(d);
            if (ch.cut == cut) continue;
            ch.cut = cut;
            if (cut) ch.cutEpoch++;
            runtime.trace(new TraceEvent.StateChanged("link/" + d, cut ? "ok" : "cut", cut ? "cut" : "ok"));
        }
    }

    /** Replaces the impairments of {@code direction} from now on; queue and burst state carry over. */
    public void setParams(Direction direction, LinkParams params) {
        runtime.checkKernelContext();
        Objects.requireNonNull(params, "params");
        for (Direction d : direction.singles()) channel(d).params = params;
        runtime.paramsChanged();
    }

    /** Impairments of one single direction (A_TO_B or B_TO_A). */
    public LinkParams params(Direction direction) {
        if (direction == Direction.BOTH) throw new IllegalArgumentException("params(BOTH) is ambiguous; ask A_TO_B or B_TO_A");
        return channel(direction).params;
    }

    /** Counters of one direction, or of both summed for BOTH. */
    public LinkCounters counters(Direction direction) {
        LinkCounters sum = null;
        for (Direction d : direction.singles()) {
            LinkCounters c = channel(d).snapshot();
            sum = sum == null ? c : sum.plus(c);
        }
        return sum;
    }

    @Override
    public String toString() { return "Link[" + name + " " + a + " <-> " + b + (adminUp ? "" : " DOWN") + "]"; }

    private Channel channel(Direction direction) {
        return switch (direction) {
            case A_TO_B -> aToB;
            case B_TO_A -> bToA;
            case BOTH -> throw new IllegalArgumentException("a single direction is needed here, not BOTH");
        };
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "link name");
        if (name.isBlank()) throw new IllegalArgumentException("link name is blank");
        return name;
    }

    private long disruptionStamp(Channel ch) {
        return ((long) downEpoch << 32) | (ch.cutEpoch & 0xFFFF_FFFFL);
    }

    private final class Driver implements LinkDriver {
        @Override
        public Link link() { return Link.this; }

        @Override
        public void send(Direction direction, byte[] frame) { channel(direction).send(frame); }

        @Override
        public boolean arrive(Direction direction, int length, int crc, long disruptionStamp) {
            return channel(direction).arrive(length, crc, disruptionStamp);
        }
    }

    /**
     * One direction of the link: its parameters, transmitter state, random streams and counters. The send
     * path and the arrival checks may run on different threads (the two end nodes' processing), so each
     * side has its own runtime, CRC and drop counters; link state (admin, cut, epochs) changes only between.
     */
    private final class Channel {
        final Direction direction;
        final LinkRuntime sendSide;
        final LinkRuntime receiveSide;
        final CRC32 crc32 = new CRC32();
        final PortRef from;
        final PortRef to;
        final String fromText;
        final String toText;
        final String dropDetail;
        LinkParams params;
        boolean cut;
        int cutEpoch;
        /** Time the transmitter finishes serializing the last accepted frame. */
        long busyUntil;
        /** Serialization start times of accepted frames still waiting at the last send (ascending). */
        final LongFifo waitingStarts = new LongFifo();
        long lastArrival = Long.MIN_VALUE;
        boolean burstBad;
        final RandomGenerator lossRandom;
        final RandomGenerator burstRandom;
        final RandomGenerator jitterRandom;
        long txFrames;
        long txBytes;
        long delivered;
        final long[] sendDrops = new long[DropReason.values().length];
        final long[] arriveDrops = new long[DropReason.values().length];

        Channel(Direction direction, PortRef from, PortRef to, LinkParams params) {
            this.direction = direction;
            this.from = from;
            this.to = to;
            this.fromText = from.toString();
            this.toText = to.toString();
            this.dropDetail = "from=" + fromText;
            this.params = params;
            this.sendSide = runtime.sendSide(direction);
            this.receiveSide = runtime.receiveSide(direction);
            String streams = "link/" + name + "/" + direction + "/";
            this.lossRandom = runtime.random(streams + "loss");
            this.burstRandom = runtime.random(streams + "burst");
            this.jitterRandom = runtime.random(streams + "jitter");
        }

        void send(byte[] frame) {
            int length = frame.length;
            LinkParams p = params;
            if (!adminUp) { sendDrop(DropReason.LINK_DOWN, length, dropDetail); return; }
            if (cut) { sendDrop(DropReason.SILENT_CUT, length, dropDetail); return; }
            if (length - LinkParams.ETHERNET_HEADER_BYTES > p.mtu()) {
                sendDrop(DropReason.MTU_EXCEEDED, length, dropDetail + " mtu=" + p.mtu());
                return;
            }
            crc32.reset();
            crc32.update(frame);
            int crc = (int) crc32.getValue();
            txFrames++;
            txBytes += length;
            sendSide.trace(new TraceEvent.FrameSent(name, fromText, length, crc));
            sendSide.capture(frame);
            if (lost(p)) { sendDrop(DropReason.LOSS, length, dropDetail); return; }
            long now = sendSide.now();
            long departure = now;
            if (p.rateLimited()) {
                while (!waitingStarts.isEmpty() && waitingStarts.peekFirst() <= now) waitingStarts.removeFirst();
                boolean mustWait = busyUntil > now;
                if (mustWait && waitingStarts.size() >= p.queuePackets()) {
                    sendDrop(DropReason.QUEUE_FULL, length, dropDetail + " queue=" + p.queuePackets());
                    return;
                }
                long start = mustWait ? busyUntil : now;
                if (mustWait) waitingStarts.addLast(start);
                departure = start + p.serializationNs(length);
                busyUntil = departure;
            }
            long jitter = p.jitterNs() > 0 ? jitterRandom.nextLong(p.jitterNs() + 1) : 0;
            long arrival = Math.max(departure + p.delayNs() + jitter, lastArrival);
            lastArrival = arrival;
            sendSide.scheduleArrival(direction, arrival, frame, crc, disruptionStamp(this));
        }

        /** Bernoulli loss, then one Gilbert-Elliott step (drawn every frame so its state always advances). */
        private boolean lost(LinkParams p) {
            boolean lost = p.loss() > 0 && lossRandom.nextDouble() < p.loss();
            GilbertElliott ge = p.burstLoss();
            if (ge != null) {
                double lossNow = burstBad ? ge.lossInBad() : ge.lossInGood();
                lost |= burstRandom.nextDouble() < lossNow;
                double step = burstRandom.nextDouble();
                burstBad = burstBad ? step >= ge.pBadToGood() : step < ge.pGoodToBad();
            }
            return lost;
        }

        boolean arrive(int length, int crc, long stamp) {
            if (!adminUp || (int) (stamp >>> 32) != downEpoch) {
                arriveDrop(DropReason.LINK_DOWN, length, dropDetail + " in-flight");
                return false;
            }
            if (cut || (int) stamp != cutEpoch) {
                arriveDrop(DropReason.SILENT_CUT, length, dropDetail + " in-flight");
                return false;
            }
            delivered++;
            receiveSide.trace(new TraceEvent.FrameDelivered(name, toText, length, crc));
            return true;
        }

        /** Link went down: nothing waits in the transmitter any more, and old arrivals no longer bound new ones. */
        void flush() {
            waitingStarts.clear();
            busyUntil = runtime.now();
            lastArrival = Long.MIN_VALUE;
        }

        private void sendDrop(DropReason reason, int length, String detail) {
            sendDrops[reason.ordinal()]++;
            sendSide.trace(new TraceEvent.Dropped(name, reason, length, detail));
        }

        private void arriveDrop(DropReason reason, int length, String detail) {
            arriveDrops[reason.ordinal()]++;
            receiveSide.trace(new TraceEvent.Dropped(name, reason, length, detail));
        }

        LinkCounters snapshot() {
            EnumMap<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
            for (DropReason r : DropReason.values()) byReason.put(r, sendDrops[r.ordinal()] + arriveDrops[r.ordinal()]);
            return new LinkCounters(txFrames, txBytes, delivered, byReason);
        }
    }
}
