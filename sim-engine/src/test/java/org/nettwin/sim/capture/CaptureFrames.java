package org.nettwin.sim.capture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * A small LAN exchange built with the codecs: host 10.0.0.1 resolves and pings 10.0.0.2, then router
 * 10.0.0.254 answers it with the ICMP errors of protocol-facts §7 (net unreachable, redirect host).
 */
final class CaptureFrames {
    static final Mac HOST_MAC = Mac.parse("02:00:00:00:00:01");
    static final Mac PEER_MAC = Mac.parse("02:00:00:00:00:02");
    static final Mac ROUTER_MAC = Mac.parse("02:00:00:00:00:fe");
    static final Ip4 HOST = Ip4.parse("10.0.0.1");
    static final Ip4 PEER = Ip4.parse("10.0.0.2");
    static final Ip4 OTHER_GATEWAY = Ip4.parse("10.0.0.3");
    static final Ip4 ROUTER = Ip4.parse("10.0.0.254");
    static final Ip4 FAR = Ip4.parse("198.51.100.7");

    private CaptureFrames() {}

    /** A named frame and the protocol stack tshark 4.0 reports for it. */
    record Sample(String name, byte[] frame, String expectedStack) {}

    static List<Sample> samples() {
        byte[] pingData = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Ipv4Packet echoRequest = ip(HOST, PEER, 64, IpProto.ICMP, IcmpMessage.echoRequest(0x4242, 1, pingData).encode());
        Ipv4Packet echoReply = ip(PEER, HOST, 64, IpProto.ICMP, IcmpMessage.echoReply(0x4242, 1, pingData).encode());
        // Net unreachable is raised at input route lookup, so the quote keeps the original TTL (protocol-facts §7).
        Ipv4Packet toFar = ip(HOST, FAR, 64, IpProto.ICMP, IcmpMessage.echoRequest(0x4242, 2, pingData).encode());
        Ipv4Packet netUnreachable = ip(ROUTER, HOST, 64, IpProto.ICMP,
                IcmpMessage.destUnreachable(IcmpMessage.NET_UNREACHABLE, IcmpMessage.quote(toFar.encode())).encode());
        // A redirect is sent after ip_decrease_ttl, so the quote shows TTL - 1 (protocol-facts §7).
        Ipv4Packet forwarded = toFar.withTtl(63);
        Ipv4Packet redirect = ip(ROUTER, HOST, 64, IpProto.ICMP,
                IcmpMessage.redirect(IcmpMessage.REDIRECT_HOST, OTHER_GATEWAY, IcmpMessage.quote(forwarded.encode())).encode());
        Ipv4Packet udp = ip(HOST, PEER, 64, IpProto.UDP,
                new UdpDatagram(40000, 9, "discard me".getBytes(StandardCharsets.US_ASCII)).encode(HOST, PEER));
        return List.of(
                new Sample("arp request", eth(Mac.BROADCAST, HOST_MAC, EtherType.ARP,
                        new ArpPacket(ArpPacket.REQUEST, HOST_MAC, HOST, Mac.ZERO, PEER).encode()), "eth:ethertype:arp"),
                new Sample("arp reply", eth(HOST_MAC, PEER_MAC, EtherType.ARP,
                        new ArpPacket(ArpPacket.REPLY, PEER_MAC, PEER, HOST_MAC, HOST).encode()), "eth:ethertype:arp"),
                new Sample("echo request", eth(PEER_MAC, HOST_MAC, EtherType.IPV4, echoRequest.encode()), "eth:ethertype:ip:icmp:data"),
                new Sample("echo reply", eth(HOST_MAC, PEER_MAC, EtherType.IPV4, echoReply.encode()), "eth:ethertype:ip:icmp:data"),
                new Sample("net unreachable", eth(HOST_MAC, ROUTER_MAC, EtherType.IPV4, netUnreachable.encode()), "eth:ethertype:ip:icmp:ip:icmp"),
                new Sample("redirect host", eth(HOST_MAC, ROUTER_MAC, EtherType.IPV4, redirect.encode()), "eth:ethertype:ip:icmp:ip:icmp"),
                new Sample("udp", eth(PEER_MAC, HOST_MAC, EtherType.IPV4, udp.encode()), "eth:ethertype:ip:udp:data"));
    }

    static Ipv4Packet ip(Ip4 src, Ip4 dst, int ttl, int protocol, byte[] payload) {
        return new Ipv4Packet(0, 0x1000 + (dst.bits() & 0xff), true, false, 0, ttl, protocol, src, dst, payload);
    }

    static byte[] eth(Mac dst, Mac src, int etherType, byte[] payload) {
        return new EthernetFrame(dst, src, etherType, payload).encode();
    }
}
