package org.nettwin.protocols.stack;

import java.util.HashMap;
import java.util.Map;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;

/**
 * `iptables -t nat -A POSTROUTING -o IF -j MASQUERADE` for ICMP echo and UDP: forwarded packets leaving
 * by the interface take its address; replies are mapped back by conntrack. Like Linux, the original
 * ICMP id / UDP source port is kept when free. Entries expire after conntrack's timeouts (ICMP 30 s,
 * UDP 30 s unreplied / 120 s assured is simplified to 30 s since the last packet) and are flushed when the
 * interface goes down (nf_nat_masquerade's device notifier), which is what `poff` does to ppp0.
 */
final class Masquerade {
    private static final long TIMEOUT_NS = Time.s(30);

    private record Flow(int proto, Ip4 addr, int idOrPort, Ip4 remote, int remotePort) {}

    private static final class Entry {
        final Flow original;
        final Flow translated;
        long lastSeen;

        Entry(Flow original, Flow translated, long now) {
            this.original = original;
            this.translated = translated;
            this.lastSeen = now;
        }
    }

    private final Map<Flow, Entry> byOriginal = new HashMap<>();
    private final Map<Flow, Entry> byTranslated = new HashMap<>();

    /** Rewrites the source of an outgoing packet to {@code external}; null if the protocol is not handled. */
    Ipv4Packet outbound(Ipv4Packet ip, Ip4 external, long now) {
        Flow orig = flowOf(ip, true);
        if (orig == null) return null;
        Entry e = byOriginal.get(orig);
        if (e == null || now - e.lastSeen > TIMEOUT_NS) {
            if (e != null) forget(e);
            int port = orig.idOrPort;
            while (taken(new Flow(orig.proto, external, port, orig.remote, orig.remotePort), now)) port = port % 0xffff + 1;
            e = new Entry(orig, new Flow(orig.proto, external, port, orig.remote, orig.remotePort), now);
            byOriginal.put(orig, e);
            byTranslated.put(e.translated, e);
        }
        e.lastSeen = now;
        return rewrite(ip, external, e.translated.idOrPort, true);
    }

    private boolean taken(Flow f, long now) {
        Entry e = byTranslated.get(f);
        return e != null && now - e.lastSeen <= TIMEOUT_NS;
    }

    /** Maps a reply arriving at the external address back to the inside host; null if no conntrack entry. */
    Ipv4Packet inbound(Ipv4Packet ip, long now) {
        Flow reply = flowOf(ip, false);
        if (reply == null) return null;
        Entry e = byTranslated.get(reply);
        if (e == null || now - e.lastSeen > TIMEOUT_NS) return null;
        e.lastSeen = now;
        return rewrite(ip, e.original.addr, e.original.idOrPort, false);
    }

    /**
     * An ICMP error (unreachable, time exceeded) about a packet we translated: conntrack's RELATED handling
     * maps the outer destination and the quoted source back to the inside host, so its traceroute and
     * ping see the errors of routers beyond the NAT. Null if the error is about no translated flow.
     */
    Ipv4Packet inboundError(Ipv4Packet ip, long now) {
        if (ip.protocol() != IpProto.ICMP || ip.payload().length < 8 + Ipv4Packet.HEADER_LENGTH + 8) return null;
        IcmpMessage err;
        Ipv4Packet quoted;
        try {
            err = IcmpMessage.decode(ip.payload(), 0, ip.payload().length);
            if (err.type() != IcmpMessage.DEST_UNREACHABLE && err.type() != IcmpMessage.TIME_EXCEEDED) return null;
            quoted = Ipv4Packet.decodeQuoted(err.data());
        } catch (MalformedPacketException e) {
            return null;
        }
        Flow sent = flowOf(quoted, true);
        if (sent == null) return null;
        Entry e = byTranslated.get(sent);
        if (e == null || now - e.lastSeen > TIMEOUT_NS) return null;
        byte[] q = quotedTransport(quoted, e.original);
        Ipv4Packet inner = new Ipv4Packet(quoted.tos(), quoted.identification(), quoted.dontFragment(), quoted.moreFragments(),
                quoted.fragmentOffset(), quoted.ttl(), quoted.protocol(), e.original.addr, quoted.dst(), q);
        IcmpMessage fixed = new IcmpMessage(err.type(), err.code(), err.restOfHeader(), inner.encode());
        return new Ipv4Packet(ip.tos(), ip.identification(), ip.dontFragment(), ip.moreFragments(), ip.fragmentOffset(), ip.ttl(),
                ip.protocol(), ip.src(), e.original.addr, fixed.encode());
    }

    /**
     * The quoted transport header with the inside host's port or echo id and a checksum that fits it again
     * (nf_nat_icmp_reply_translation rewrites the inner packet completely); a quote cut short keeps its
     * checksum bytes, since nobody can verify them.
     */
    private static byte[] quotedTransport(Ipv4Packet quoted, Flow original) {
        byte[] q = quoted.payload();
        try {
            if (quoted.protocol() == IpProto.UDP) {
                UdpDatagram d = UdpDatagram.decode(q, 0, q.length, quoted.src(), quoted.dst());
                UdpDatagram back = new UdpDatagram(original.idOrPort, d.dstPort(), d.payload());
                boolean noChecksum = q[6] == 0 && q[7] == 0; // a sender may leave the UDP checksum out over IPv4
                return noChecksum ? back.encodeWithoutChecksum() : back.encode(original.addr, quoted.dst());
            }
            IcmpMessage m = IcmpMessage.decode(q, 0, q.length);
            return IcmpMessage.echoRequest(original.idOrPort, m.echoSeq(), m.data()).encode();
        } catch (MalformedPacketException | IllegalArgumentException cutShort) {
            byte[] c = q.clone();
            int at = quoted.protocol() == IpProto.UDP ? 0 : 4; // UDP source port, or the echo id
            c[at] = (byte) (original.idOrPort >>> 8);
            c[at + 1] = (byte) original.idOrPort;
            return c;
        }
    }

    void flush() {
        byOriginal.clear();
        byTranslated.clear();
    }

    int size() { return byOriginal.size(); }

    private void forget(Entry e) {
        byOriginal.remove(e.original);
        byTranslated.remove(e.translated);
    }

    /**
     * The flow key seen from inside: for outbound packets (src, id/sport, dst, dport); for replies the same
     * key is rebuilt from (dst, id/dport, src, sport).
     */
    private static Flow flowOf(Ipv4Packet ip, boolean outbound) {
        byte[] p = ip.payload();
        try {
            if (ip.protocol() == IpProto.ICMP && p.length >= 8) {
                int type = p[0] & 0xff;
                if (outbound && type != IcmpMessage.ECHO_REQUEST || !outbound && type != IcmpMessage.ECHO_REPLY) return null;
                int id = (p[4] & 0xff) << 8 | (p[5] & 0xff);
                return outbound ? new Flow(IpProto.ICMP, ip.src(), id, ip.dst(), 0) : new Flow(IpProto.ICMP, ip.dst(), id, ip.src(), 0);
            }
            if (ip.protocol() == IpProto.UDP && p.length >= 8) {
                int sport = (p[0] & 0xff) << 8 | (p[1] & 0xff);
                int dport = (p[2] & 0xff) << 8 | (p[3] & 0xff);
                return outbound ? new Flow(IpProto.UDP, ip.src(), sport, ip.dst(), dport) : new Flow(IpProto.UDP, ip.dst(), dport, ip.src(), sport);
            }
        } catch (MalformedPacketException e) {
            return null;
        }
        return null;
    }

    private static Ipv4Packet rewrite(Ipv4Packet ip, Ip4 addr, int idOrPort, boolean source) {
        Ip4 src = source ? addr : ip.src();
        Ip4 dst = source ? ip.dst() : addr;
        byte[] payload;
        if (ip.protocol() == IpProto.ICMP) {
            IcmpMessage m = IcmpMessage.decode(ip.payload(), 0, ip.payload().length);
            payload = (m.type() == IcmpMessage.ECHO_REQUEST ? IcmpMessage.echoRequest(idOrPort, m.echoSeq(), m.data())
                    : IcmpMessage.echoReply(idOrPort, m.echoSeq(), m.data())).encode();
        } else {
            UdpDatagram d = UdpDatagram.decode(ip.payload(), 0, ip.payload().length, ip.src(), ip.dst());
            UdpDatagram n = source ? new UdpDatagram(idOrPort, d.dstPort(), d.payload()) : new UdpDatagram(d.srcPort(), idOrPort, d.payload());
            payload = n.encode(src, dst);
        }
        return new Ipv4Packet(ip.tos(), ip.identification(), ip.dontFragment(), ip.moreFragments(), ip.fragmentOffset(), ip.ttl(),
                ip.protocol(), src, dst, payload);
    }
}
