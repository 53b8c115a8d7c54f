package org.nettwin.scenarios.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.VrrpPacket;
import org.nettwin.sim.capture.PcapReader;

/** One link's pcap from a scenario run, decoded as far as the keepalived tests look: adverts, gratuitous ARPs, ICMP. */
final class LinkCapture {
    private LinkCapture() {}

    /** The frames of {@code link}, in the order they were put on it (the runner names each pcap after its link). */
    static List<Frame> read(Path pcapDir, String link) throws IOException {
        return PcapReader.read(pcapDir.resolve(link + ".pcap")).stream()
                .map(r -> new Frame(r.timeNs(), EthernetFrame.decode(r.frame()))).toList();
    }

    /**
     * A frame and the time it entered the link (pcap time is the send time; it arrives one link delay later).
     * Frames a cut or a down link swallowed never enter it, so they are not here.
     */
    record Frame(long timeNs, EthernetFrame eth) {
        Mac src() { return eth.src(); }

        Mac dst() { return eth.dst(); }

        Optional<Ipv4Packet> ip() {
            if (eth.etherType() != EtherType.IPV4) return Optional.empty();
            return Optional.of(Ipv4Packet.decode(eth.payload(), 0, eth.payload().length));
        }

        Optional<VrrpPacket> advert() {
            return ip().filter(p -> p.protocol() == IpProto.VRRP).map(p -> VrrpPacket.parse(p.payload(), 0, p.payload().length));
        }

        Optional<IcmpMessage> icmp() {
            return ip().filter(p -> p.protocol() == IpProto.ICMP).map(p -> IcmpMessage.decode(p.payload(), 0, p.payload().length));
        }

        /** A gratuitous ARP for {@code ip} as keepalived sends it: a request with sender and target address both {@code ip}. */
        boolean isGarpFor(Ip4 ip) {
            if (eth.etherType() != EtherType.ARP) return false;
            ArpPacket a = ArpPacket.decode(eth.payload(), 0, eth.payload().length);
            return a.op() == ArpPacket.REQUEST && a.senderIp().equals(ip) && a.targetIp().equals(ip);
        }

        /** The echo sequence number of an ICMP echo request or reply of {@code type}, or empty. */
        Optional<Integer> echoSeq(int type) {
            return icmp().filter(m -> m.type() == type).map(m -> m.restOfHeader() & 0xffff);
        }
    }
}
