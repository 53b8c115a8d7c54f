package org.nettwin.protocols.stack;

import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;

/**
 * The flow key a multipath route hashes (Linux fib_multipath_hash with the L4 policy): source and
 * destination address, protocol, and the transport ports (TCP, UDP, SCTP) or the ICMP echo identifier,
 * which the kernel's flow dissector uses as the ICMP "port". Non-first fragments carry no ports and hash on
 * the addresses and protocol only, as in Linux. The per-node {@code seed} plays the part of the kernel's
 * random hash key: nodes spread the same flows differently, yet a run is replayable.
 */
public final class FlowHash {
    private static final int TCP = 6, SCTP = 132, ICMP_ECHO_REPLY = 0, ICMP_ECHO_REQUEST = 8;

    private FlowHash() {}

    public static int of(Ipv4Packet ip, int seed) {
        int ports = 0;
        byte[] p = ip.payload();
        if (ip.fragmentOffset() == 0 && p.length >= 8) {
            int proto = ip.protocol();
            if (proto == TCP || proto == IpProto.UDP || proto == SCTP) ports = readInt(p, 0);
            else if (proto == IpProto.ICMP && (p[0] == ICMP_ECHO_REQUEST || p[0] == ICMP_ECHO_REPLY)) ports = (p[4] & 0xff) << 8 | (p[5] & 0xff);
        }
        int h = seed;
        h = mix(h, ip.src().bits());
        h = mix(h, ip.dst().bits());
        h = mix(h, ip.protocol());
        h = mix(h, ports);
        return finish(h);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /** MurmurHash3 block mixing: every input bit reaches every output bit after {@link #finish}. */
    private static int mix(int h, int k) {
        k *= 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15) * 0x1b873593;
        h ^= k;
        return Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }

    private static int finish(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
