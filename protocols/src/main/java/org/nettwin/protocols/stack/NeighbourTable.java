package org.nettwin.protocols.stack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * The ARP neighbour table, modelled on Linux's neighbour subsystem (net/core/neighbour.c, net/ipv4/arp.c)
 * because failover times depend on it: a stale MAC keeps being used through DELAY and PROBE, a missing one
 * costs 3 broadcast probes 1 s apart before ICMP Host Unreachable, and "the first reply wins" within the
 * lock time while a gratuitous ARP always overrides (protocol-facts §7).
 */
public final class NeighbourTable {
    /** Linux NUD states that matter here (PERMANENT/NOARP are not modelled). */
    public enum State { INCOMPLETE, REACHABLE, STALE, DELAY, PROBE, FAILED;
        boolean valid() { return this == REACHABLE || this == STALE || this == DELAY || this == PROBE; }
    }

    /** Linux arp_tbl defaults (net/ipv4/arp.c), see protocol-facts §7. */
    public record Params(long baseReachableNs, long delayFirstProbeNs, long retransNs, int ucastProbes,
                         int mcastProbes, long locktimeNs, int unresolvedQueueLen) {
        public static Params linux() {
            // unres_qlen: 101 packets was the packet-count default before it became byte-based; at ping
            // sizes the byte budget (212992) holds more than a failover ever queues, so the count is moot.
            return new Params(Time.s(30), Time.s(5), Time.s(1), 3, 3, Time.s(1), 101);
        }
    }

    /** What the table needs from its node. */
    public interface Io {
        void sendArp(NetInterface ifc, ArpPacket arp, Mac dst);
        void transmitIp(NetInterface ifc, Mac dst, byte[] ipPacket);
        /** Resolution failed for a queued packet: Linux answers it with ICMP Host Unreachable. */
        void resolutionFailed(NetInterface ifc, Ip4 nextHop, byte[] ipPacket);
    }

    public static final class Entry {
        final NetInterface ifc;
        final Ip4 ip;
        Mac mac;
        State state;
        long updated;
        long confirmed;
        long used;
        int probes;
        TimerHandle timer;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>(2);

        Entry(NetInterface ifc, Ip4 ip) {
            this.ifc = ifc;
            this.ip = ip;
        }

        public Ip4 ip() { return ip; }
        public Mac mac() { return mac; }
        public State state() { return state; }
        public String device() { return ifc.name(); }
    }

    private final NodeEnv env;
    private final Io io;
    private final Params params;
    private final Map<Long, Entry> entries = new HashMap<>();
    private long reachableNs;

    public NeighbourTable(NodeEnv env, Io io, Params params) {
        this.env = env;
        this.io = io;
        this.params = params;
        this.reachableNs = drawReachable();
    }

    /** Linux picks reachable_time uniformly in [base/2, 3·base/2) (neigh_rand_reach_time), per table. */
    private long drawReachable() {
        long base = params.baseReachableNs;
        return base / 2 + (long) (env.random("arp/reachable").nextDouble() * base);
    }

    public long reachableTimeNs() { return reachableNs; }

    private static long key(NetInterface ifc, Ip4 ip) { return (long) ifc.index() << 32 | (ip.bits() & 0xffffffffL); }

    public Entry lookup(NetInterface ifc, Ip4 ip) { return entries.get(key(ifc, ip)); }

    /** Entries for `ip neigh show`, in a stable order. */
    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        list.sort((a, b) -> a.ifc.index() != b.ifc.index() ? Integer.compare(a.ifc.index(), b.ifc.index()) : a.ip.compareTo(b.ip));
        return list;
    }

    /** Sends {@code ipPacket} to next hop {@code nh} on {@code ifc}, resolving it first if needed. */
    public void output(NetInterface ifc, Ip4 nh, byte[] ipPacket) {
        Entry e = entries.get(key(ifc, nh));
        long now = env.now();
        if (e == null) {
            e = new Entry(ifc, nh);
            entries.put(key(ifc, nh), e);
            e.state = State.FAILED;
        }
        e.used = now;
        switch (e.state) {
            case REACHABLE, DELAY, PROBE -> io.transmitIp(ifc, e.mac, ipPacket);
            case STALE -> {
                setState(e, State.DELAY);
                arm(e, now + params.delayFirstProbeNs);
                io.transmitIp(ifc, e.mac, ipPacket);
            }
            case INCOMPLETE -> enqueue(e, ipPacket);
            case FAILED -> {
                // __neigh_event_send: probes start at ucast_probes so the mcast budget counts on top of it.
                enqueue(e, ipPacket);
                setState(e, State.INCOMPLETE);
                e.probes = params.ucastProbes;
                arm(e, now + params.retransNs);
                probe(e);
            }
        }
    }

    private void enqueue(Entry e, byte[] packet) {
        if (e.queue.size() >= params.unresolvedQueueLen) {
            byte[] dropped = e.queue.pollFirst(); // Linux drops the oldest queued skb
            env.trace(new TraceEvent.Dropped(env.nodeName() + ":arp", org.nettwin.protocols.trace.DropReason.ARP_QUEUE_FULL,
                    dropped.length, "neigh " + e.ip));
        }
        e.queue.addLast(packet);
    }

    /** arp_solicit: broadcast while the unicast budget is spent (INCOMPLETE), unicast to the cached MAC in PROBE. */
    private void probe(Entry e) {
        Ip4 src = e.ifc.sourceFor(e.ip);
        if (src == null) return;
        boolean unicast = e.probes < params.ucastProbes && e.mac != null;
        e.probes++;
        ArpPacket req = new ArpPacket(ArpPacket.REQUEST, e.ifc.mac(), src, Mac.ZERO, e.ip);
        io.sendArp(e.ifc, req, unicast ? e.mac : Mac.BROADCAST);
    }

    private void arm(Entry e, long deadline) {
        if (e.timer != null) e.timer.cancel();
        e.timer = env.schedule(deadline, "arp/" + e.ifc.name() + "/" + e.ip, () -> onTimer(e));
    }

    private int maxProbes(Entry e) {
        return e.state == State.INCOMPLETE ? params.ucastProbes + params.mcastProbes : params.ucastProbes;
    }

    /** neigh_timer_handler. */
    private void onTimer(Entry e) {
        e.timer = null;
        long now = env.now();
        switch (e.state) {
            case REACHABLE -> {
                if (now < e.confirmed + reachableNs) {
                    arm(e, e.confirmed + reachableNs);
                } else if (now <= e.used + params.delayFirstProbeNs) {
                    setState(e, State.DELAY);
                    arm(e, now + params.delayFirstProbeNs);
                } else {
                    setState(e, State.STALE);
                }
            }
            case DELAY -> {
                if (now <= e.confirmed + params.delayFirstProbeNs) {
                    setState(e, State.REACHABLE);
                    arm(e, e.confirmed + reachableNs);
                } else {
                    setState(e, State.PROBE);
                    e.updated = now;
                    e.probes = 0;
                    probeOrFail(e, now);
                }
            }
            case INCOMPLETE, PROBE -> probeOrFail(e, now);
            default -> { }
        }
    }

    private void probeOrFail(Entry e, long now) {
        if (e.probes >= maxProbes(e)) {
            fail(e);
            return;
        }
        arm(e, now + params.retransNs);
        probe(e);
    }

    /** neigh_invalidate: every queued packet is answered with Host Unreachable. */
    private void fail(Entry e) {
        setState(e, State.FAILED);
        while (!e.queue.isEmpty()) io.resolutionFailed(e.ifc, e.ip, e.queue.pollFirst());
    }

    /**
     * arp_process for a received ARP packet on {@code ifc}. {@code requestForUs}: a request whose target is
     * one of our addresses (neigh_event_ns creates the sender's entry). {@code unicastReply}: a reply
     * addressed to our MAC, the only kind that proves reachability.
     */
    public void onArp(NetInterface ifc, ArpPacket arp, boolean requestForUs, boolean unicastReply) {
        if (arp.senderIp().isAny()) return; // ARP probe (RFC 5227): says nothing about the sender's MAC
        long k = key(ifc, arp.senderIp());
        Entry e = entries.get(k);
        long now = env.now();
        if (requestForUs) {
            if (e == null) {
                e = new Entry(ifc, arp.senderIp());
                e.state = State.FAILED;
                entries.put(k, e);
            }
            update(e, arp.senderMac(), State.STALE, true, now);
            return;
        }
        if (e == null) return; // arp_accept=0: unsolicited ARP does not create entries
        boolean garp = arp.isGratuitous() && (arp.op() == ArpPacket.REQUEST || arp.targetMac().equals(arp.senderMac()));
        boolean override = now > e.updated + params.locktimeNs || garp;
        State st = arp.op() == ArpPacket.REPLY && unicastReply ? State.REACHABLE : State.STALE;
        update(e, arp.senderMac(), st, override, now);
    }

    /** __neigh_update, reduced to the flags ARP uses. */
    private void update(Entry e, Mac lladdr, State newState, boolean override, long now) {
        State old = e.state;
        if (newState == State.REACHABLE) e.confirmed = now;
        if (old.valid()) {
            if (!lladdr.equals(e.mac) && !override) return;
            if (lladdr.equals(e.mac) && newState == State.STALE) newState = old;
        }
        boolean macChanged = !lladdr.equals(e.mac);
        if (newState != old || macChanged) e.updated = now;
        if (newState != old) {
            if (e.timer != null) e.timer.cancel();
            e.timer = null;
            if (newState == State.PROBE) e.probes = 0;
            setState(e, newState);
            if (newState == State.REACHABLE) arm(e, now + reachableNs);
        }
        if (macChanged) {
            if (e.mac != null) env.trace(new TraceEvent.Log("kernel", "neigh " + e.ip + " dev " + e.ifc.name() + " lladdr " + e.mac + " -> " + lladdr));
            e.mac = lladdr;
            if (newState != State.REACHABLE) e.confirmed = now - 2 * params.baseReachableNs;
        }
        if (!old.valid() && newState.valid()) {
            while (!e.queue.isEmpty()) io.transmitIp(e.ifc, e.mac, e.queue.pollFirst());
        }
    }

    private void setState(Entry e, State s) {
        e.state = s;
    }

    /** Carrier loss or admin down flushes the interface's entries (neigh_ifdown). */
    public void flush(NetInterface ifc) {
        entries.values().removeIf(e -> {
            if (e.ifc != ifc) return false;
            if (e.timer != null) e.timer.cancel();
            return true;
        });
    }
}
