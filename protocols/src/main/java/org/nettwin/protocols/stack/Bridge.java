package org.nettwin.protocols.stack;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Mac;

/**
 * A learning L2 switch that behaves like a Linux bridge without STP or VLAN filtering
 * (net/bridge/br_input.c, br_fdb.c): it learns source MAC -> port, forwards known unicast to that port,
 * floods broadcast, multicast and unknown unicast to every other port with carrier, and ages entries out.
 * Ports are numbered 0..portCount-1 and start with carrier up. Frames are forwarded as the same array,
 * unmodified: frames are treated as immutable throughout the twin.
 */
public final class Bridge implements HostedNode {
    /** Linux's default ageing_time (BR_DEFAULT_AGEING_TIME, 300 s). */
    public static final long DEFAULT_AGEING_TIME_NS = Time.s(300);

    private static final String SWEEP_TIMER = "bridge/fdb-ageing";
    /** 01:80:c2:00:00:0X, the IEEE 802.1D reserved group addresses. */
    private static final long LINK_LOCAL_PREFIX = 0x0180c2000000L;

    private final int portCount;
    private final long ageingTimeNs;
    private final boolean[] carrierUp;
    private final Map<Mac, FdbEntry> fdb = new HashMap<>();
    private NodeEnv env;
    /** One timer for the whole table, due when the oldest entry expires (as br_fdb_cleanup reschedules itself). */
    private TimerHandle sweep;

    private static final class FdbEntry {
        int port;
        long lastSeenNs;

        FdbEntry(int port, long lastSeenNs) {
            this.port = port;
            this.lastSeenNs = lastSeenNs;
        }
    }

    /**
     * @param ageingTimeNs how long an entry lives after its MAC was last seen as a source; 0 disables
     *                     learning, as Linux's ageing_time 0 makes every entry expire at once (a hub)
     */
    public Bridge(int portCount, long ageingTimeNs) {
        if (portCount < 1) throw new IllegalArgumentException("a bridge needs at least one port: " + portCount);
        if (ageingTimeNs < 0) throw new IllegalArgumentException("negative ageing time: " + ageingTimeNs);
        this.portCount = portCount;
        this.ageingTimeNs = ageingTimeNs;
        this.carrierUp = new boolean[portCount];
        Arrays.fill(carrierUp, true);
    }

    @Override public void boot(NodeEnv env) {
        this.env = env;
    }

    @Override public void receive(int port, byte[] frame) {
        if (port < 0 || port >= portCount) {
            drop(DropReason.NO_SUCH_PORT, frame, "port " + port);
            return;
        }
        if (!carrierUp[port]) {
            drop(DropReason.INTERFACE_DOWN, frame, "port " + port);
            return;
        }
        if (frame.length < EthernetFrame.HEADER_LENGTH) {
            drop(DropReason.MALFORMED, frame, "runt frame on port " + port);
            return;
        }
        Mac src = EthernetFrame.peekSrc(frame);
        Mac dst = EthernetFrame.peekDst(frame);
        // br_handle_frame: a multicast or all-zero source is not a station; the frame is dropped unlearned.
        if (src.isMulticast() || src.equals(Mac.ZERO)) {
            drop(DropReason.MALFORMED, frame, "invalid source " + src);
            return;
        }
        learn(src, port);
        if (isReservedLinkLocal(dst)) {
            // 802.1D reserved group addresses (pause, LACP, LLDP, ...) end at the bridge; only 01:80:c2:00:00:00
            // (STP BPDUs) is forwarded, because with STP off Linux treats it as an ordinary multicast.
            drop(DropReason.FILTERED, frame, "link-local " + dst);
            return;
        }
        if (dst.isMulticast()) {
            flood(port, frame);
            return;
        }
        FdbEntry entry = liveEntry(dst);
        if (entry == null) {
            flood(port, frame);
        } else if (entry.port == port) {
            // br_forward refuses to send a frame back out of its ingress port: the station is on that segment.
            drop(DropReason.NOT_FOR_US, frame, "dst " + dst + " is on ingress port " + port);
        } else {
            env.transmit(entry.port, frame);
        }
    }

    /** Carrier loss flushes the port's entries (br_port_carrier_check -> br_fdb_delete_by_port). */
    @Override public void carrier(int port, boolean up) {
        if (port < 0 || port >= portCount) throw new IllegalArgumentException("no port " + port + " on a " + portCount + "-port bridge");
        carrierUp[port] = up;
        if (!up) fdb.values().removeIf(e -> e.port == port);
    }

    /** The port {@code mac} is learned on, if its entry is live now (as `bridge fdb show` would list it). */
    public OptionalInt learnedPort(Mac mac) {
        FdbEntry e = liveEntry(mac);
        return e == null ? OptionalInt.empty() : OptionalInt.of(e.port);
    }

    /** Entries currently in the table, including any that expired this instant but were not yet swept. */
    public int fdbSize() {
        return fdb.size();
    }

    public int portCount() {
        return portCount;
    }

    private void learn(Mac src, int port) {
        if (ageingTimeNs == 0) return;
        long now = env.now();
        FdbEntry e = fdb.get(src);
        if (e == null) {
            fdb.put(src, new FdbEntry(port, now));
        } else {
            e.port = port; // a station that moved is followed at once, as br_fdb_update does
            e.lastSeenNs = now;
        }
        // Refreshing an entry only moves its expiry later, so an armed sweep is never late.
        if (sweep == null || !sweep.isActive()) sweep = env.schedule(now + ageingTimeNs, SWEEP_TIMER, this::sweepExpired);
    }

    private void sweepExpired() {
        long now = env.now();
        long nextExpiry = Long.MAX_VALUE;
        for (Iterator<FdbEntry> it = fdb.values().iterator(); it.hasNext(); ) {
            FdbEntry e = it.next();
            long expiry = e.lastSeenNs + ageingTimeNs;
            if (expiry <= now) it.remove();
            else nextExpiry = Math.min(nextExpiry, expiry);
        }
        sweep = nextExpiry == Long.MAX_VALUE ? null : env.schedule(nextExpiry, SWEEP_TIMER, this::sweepExpired);
    }

    /**
     * The entry for {@code mac} unless it has expired (has_expired: updated + ageing <= now). Checking here
     * makes forwarding independent of whether the sweep timer or a frame runs first at the expiry instant.
     */
    private FdbEntry liveEntry(Mac mac) {
        FdbEntry e = fdb.get(mac);
        return e == null || e.lastSeenNs + ageingTimeNs <= env.now() ? null : e;
    }

    private void flood(int ingress, byte[] frame) {
        for (int p = 0; p < portCount; p++) {
            if (p != ingress && carrierUp[p]) env.transmit(p, frame);
        }
    }

    private static boolean isReservedLinkLocal(Mac dst) {
        return (dst.bits() & ~0xfL) == LINK_LOCAL_PREFIX && dst.bits() != LINK_LOCAL_PREFIX;
    }

    private void drop(DropReason reason, byte[] frame, String detail) {
        env.trace(new TraceEvent.Dropped(env.nodeName() + ":bridge", reason, frame.length, detail));
    }
}
