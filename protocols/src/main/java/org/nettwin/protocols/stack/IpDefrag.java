package org.nettwin.protocols.stack;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.value.Ip4;

/**
 * IPv4 reassembly of datagrams addressed to this node (net/ipv4/ip_fragment.c, ip_defrag as ip_local_deliver
 * calls it): fragments are queued by (source, destination, identification, protocol) until the last one has
 * come and there is no hole, then the datagram is rebuilt with the first fragment's header. The queue's timer
 * starts with its first fragment and is not refreshed (inet_frag_find, ipfrag_time = 30 s); when it fires
 * (ip_expire) the fragments are dropped and, if the first fragment (offset 0) had arrived, the caller sends
 * ICMP 11/1 "fragment reassembly time exceeded" quoting it.
 *
 * <p>A fragment lying wholly inside what is already queued is a duplicate and is dropped alone; one that
 * overlaps only partly, or contradicts the datagram's known end, discards the whole queue
 * (inet_frag_queue_insert's IPFRAG_DUP / IPFRAG_OVERLAP, Linux ≥ 4.19). Routers forward fragments as they
 * are: only local delivery reassembles (the twin models no conntrack defragmentation).
 */
final class IpDefrag {
    /** net.ipv4.ipfrag_time. */
    static final long TIMEOUT_NS = Time.s(30);

    /** What to do when a queue times out or is thrown away. */
    interface Events {
        /** The queue timed out; {@code head} is its first fragment (offset 0), or null if that never came. */
        void expired(Ipv4Packet head, int bytesQueued);

        /** A fragment was dropped, or a whole queue with it; {@code detail} says why. */
        void discarded(int bytes, String detail);
    }

    private record Key(Ip4 src, Ip4 dst, int id, int protocol) {}

    private static final class Queue {
        /** Payload pieces by byte offset; never overlapping. */
        final TreeMap<Integer, Ipv4Packet> pieces = new TreeMap<>();
        /** Byte length of the whole payload, once the fragment without MF has come; else -1. */
        int length = -1;
        int bytes;
        TimerHandle timer;
    }

    private final NodeEnv env;
    private final Events events;
    private final Map<Key, Queue> queues = new HashMap<>();

    IpDefrag(NodeEnv env, Events events) {
        this.env = env;
        this.events = events;
    }

    static boolean isFragment(Ipv4Packet ip) {
        return ip.moreFragments() || ip.fragmentOffset() != 0;
    }

    /** Queues a fragment; returns the whole datagram when this fragment completes it, else null. */
    Ipv4Packet add(Ipv4Packet frag) {
        Key key = new Key(frag.src(), frag.dst(), frag.identification(), frag.protocol());
        Queue q = queues.get(key);
        if (q == null) {
            Queue fresh = new Queue();
            fresh.timer = env.after(TIMEOUT_NS, "ip/defrag", () -> expire(key, fresh));
            queues.put(key, fresh);
            q = fresh;
        }
        int start = frag.fragmentOffset() * 8;
        int end = start + frag.payload().length;
        if (!frag.moreFragments()) {
            // ip_frag_queue: a second, different end, or data already queued beyond it, is corrupt.
            if (q.length >= 0 && q.length != end || q.length < 0 && !q.pieces.isEmpty() && lastEnd(q) > end) {
                kill(key, q, frag.totalLength(), "fragments of id " + frag.identification() + " from " + frag.src() + " disagree on the datagram's end");
                return null;
            }
            q.length = end;
        } else if (q.length >= 0 && end > q.length) {
            kill(key, q, frag.totalLength(), "fragment of id " + frag.identification() + " from " + frag.src() + " beyond the datagram's end");
            return null;
        }
        Map.Entry<Integer, Ipv4Packet> before = q.pieces.floorEntry(start);
        Map.Entry<Integer, Ipv4Packet> after = q.pieces.higherEntry(start);
        boolean insideBefore = before != null && end <= before.getKey() + before.getValue().payload().length;
        if (insideBefore) {
            events.discarded(frag.totalLength(), "duplicate fragment of id " + frag.identification() + " from " + frag.src());
            return null;
        }
        boolean overlaps = before != null && before.getKey() + before.getValue().payload().length > start
                || after != null && after.getKey() < end;
        if (overlaps) {
            kill(key, q, frag.totalLength(), "overlapping fragments of id " + frag.identification() + " from " + frag.src());
            return null;
        }
        q.pieces.put(start, frag);
        q.bytes += frag.payload().length;
        if (q.length < 0 || q.bytes != q.length) return null;
        // No overlap and as many bytes as the datagram has: the pieces cover it without a hole.
        if (Ipv4Packet.HEADER_LENGTH + q.length > Ipv4Packet.MAX_TOTAL_LENGTH) {
            // ip_frag_reasm: a 13-bit offset can place data past what one datagram holds; the queue is killed
            // ("Oversized IP packet from SRC", REASMFAILS) instead of being rebuilt.
            kill(key, q, 0, "Oversized IP packet from " + frag.src() + ": " + (Ipv4Packet.HEADER_LENGTH + q.length) + " bytes reassembled (id "
                    + frag.identification() + ")");
            return null;
        }
        q.timer.cancel();
        queues.remove(key);
        byte[] payload = new byte[q.length];
        for (Map.Entry<Integer, Ipv4Packet> e : q.pieces.entrySet()) {
            byte[] p = e.getValue().payload();
            System.arraycopy(p, 0, payload, e.getKey(), p.length);
        }
        Ipv4Packet head = q.pieces.firstEntry().getValue();
        return new Ipv4Packet(head.tos(), head.identification(), head.dontFragment(), false, 0, head.ttl(),
                head.protocol(), head.src(), head.dst(), payload);
    }

    private static int lastEnd(Queue q) {
        Map.Entry<Integer, Ipv4Packet> last = q.pieces.lastEntry();
        return last.getKey() + last.getValue().payload().length;
    }

    private void kill(Key key, Queue q, int bytes, String detail) {
        q.timer.cancel();
        queues.remove(key);
        events.discarded(bytes + q.bytes, detail);
    }

    private void expire(Key key, Queue q) {
        if (queues.get(key) != q) return;
        queues.remove(key);
        Ipv4Packet first = q.pieces.isEmpty() ? null : q.pieces.firstEntry().getValue();
        events.expired(first != null && first.fragmentOffset() == 0 ? first : null, q.bytes);
    }

    /** Incomplete datagrams waiting (for tests). */
    int pending() { return queues.size(); }
}
