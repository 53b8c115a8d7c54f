package org.nettwin.protocols.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.nettwin.protocols.codec.Checksum;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.ipsec.Esp;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.VrrpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost per frame of the codecs on the stack's own paths, through their public APIs (JMH; a main, not a test:
 * docs/performance.md "Hot paths (JMH)"). Encode builds the records from fields, as a sender does, and writes
 * the whole frame; decode goes the way {@code NodeStack} receives: Ethernet, then IPv4, then the payload, each
 * layer copying its payload out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
// A fixed, pre-touched heap: on a virtual machine the first touch of a fresh heap page costs microseconds, and
// G1 growing its young generation into untouched memory made allocating benchmarks 10-40x slower for whole
// iterations (docs/performance.md "Hot paths (JMH)").
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class CodecBench {
    private static final Mac MAC_A = Mac.parse("02:00:00:00:00:01");
    private static final Mac MAC_B = Mac.parse("02:00:00:00:00:02");
    private static final Ip4 IP_A = Ip4.parse("192.168.0.1");
    private static final Ip4 IP_B = Ip4.parse("192.168.0.2");
    private static final Ip4 VTEP_A = Ip4.parse("10.0.0.1");
    private static final Ip4 VTEP_B = Ip4.parse("10.0.0.2");
    private static final Mac VRRP_GROUP_MAC = Mac.parse("01:00:5e:00:00:12");
    private static final Mac VRRP_MAC = Mac.vrrp(51);
    private static final List<Ip4> VIPS = List.of(Ip4.parse("192.168.0.254"));
    private static final byte[] NO_AUTH = new byte[VrrpPacket.AUTH_DATA_LENGTH];
    /** A 1400-byte inner IPv4 packet, as a tunnel carries it. */
    private static final int ESP_PAYLOAD = 1400;

    private byte[] pingData;
    private byte[] icmpFrame;
    private byte[] vrrpFrame;
    private byte[] vxlanFrame;
    private byte[] espPlain;
    private byte[] espPacket;
    private byte[] espIv;
    private Esp.Keys espKeys;
    private byte[] mtuBuffer;
    private int seq;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(8);
        pingData = bytes(random, 56);           // ping's default: a 98-byte frame
        icmpFrame = icmpEchoEncode();
        vrrpFrame = vrrpEncode();
        vxlanFrame = vxlanEncode();
        espKeys = new Esp.Keys(bytes(random, 16), bytes(random, 4));   // AES-128, as IpsecTunnel keys its SAs
        espIv = bytes(random, Esp.IV_LENGTH);
        espPlain = new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.UDP, IP_A, IP_B,
                bytes(random, ESP_PAYLOAD - Ipv4Packet.HEADER_LENGTH)).encode();
        espPacket = Esp.seal(espKeys, 0x1001, 1, espIv, Esp.NEXT_IPV4, espPlain);
        mtuBuffer = bytes(random, 1500);
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Ethernet + IPv4 + ICMP echo request with 56 data bytes (98 bytes), both checksums computed. */
    @Benchmark
    public byte[] icmpEchoEncode() {
        int s = seq++ & 0xffff;
        byte[] icmp = IcmpMessage.echoRequest(0x1234, s, pingData).encode();
        byte[] ip = new Ipv4Packet(0, s, true, false, 0, 64, IpProto.ICMP, IP_A, IP_B, icmp).encode();
        return new EthernetFrame(MAC_B, MAC_A, EtherType.IPV4, ip).encode();
    }

    @Benchmark
    public IcmpMessage icmpEchoDecode() {
        EthernetFrame eth = EthernetFrame.decode(icmpFrame);
        byte[] b = eth.payload();
        Ipv4Packet ip = Ipv4Packet.decode(b, 0, b.length);
        return IcmpMessage.decode(ip.payload(), 0, ip.payload().length);
    }

    /** A keepalived VRRPv2 advert (one VIP, no authentication) in IPv4 (TTL 255, TOS 0xc0) to 224.0.0.18. */
    @Benchmark
    public byte[] vrrpEncode() {
        byte[] vrrp = VrrpPacket.v2(51, 150, 1, VrrpPacket.AUTH_NONE, NO_AUTH, VIPS).encode(IP_A, VrrpPacket.MULTICAST_GROUP, false);
        byte[] ip = new Ipv4Packet(VrrpPacket.TOS, seq++ & 0xffff, false, false, 0, VrrpPacket.TTL, IpProto.VRRP, IP_A,
                VrrpPacket.MULTICAST_GROUP, vrrp).encode();
        return new EthernetFrame(VRRP_GROUP_MAC, VRRP_MAC, EtherType.IPV4, ip).encode();
    }

    /** Strict decode with the checksum verified, as a v2 instance receives. */
    @Benchmark
    public VrrpPacket vrrpDecode() {
        EthernetFrame eth = EthernetFrame.decode(vrrpFrame);
        byte[] b = eth.payload();
        Ipv4Packet ip = Ipv4Packet.decode(b, 0, b.length);
        return VrrpPacket.decode(ip.payload(), 0, ip.payload().length, 2, ip.src(), ip.dst(), false);
    }

    /**
     * The 98-byte echo frame in VXLAN (VNI 10) in UDP without checksum in IPv4 in Ethernet (148 bytes), the
     * layers VxlanDevice writes; its flow hash for the UDP source port is left out (a fixed port here).
     */
    @Benchmark
    public byte[] vxlanEncode() {
        byte[] vxlan = new VxlanHeader(10, icmpFrame).encode();
        byte[] udp = new UdpDatagram(40000, VxlanHeader.IANA_PORT, vxlan).encodeWithoutChecksum();
        byte[] ip = new Ipv4Packet(0, seq++ & 0xffff, false, false, 0, 64, IpProto.UDP, VTEP_A, VTEP_B, udp).encode();
        return new EthernetFrame(MAC_B, MAC_A, EtherType.IPV4, ip).encode();
    }

    /** Outer Ethernet, IPv4, UDP and VXLAN down to the inner frame and its header. */
    @Benchmark
    public EthernetFrame vxlanDecode() {
        EthernetFrame eth = EthernetFrame.decode(vxlanFrame);
        byte[] b = eth.payload();
        Ipv4Packet ip = Ipv4Packet.decode(b, 0, b.length);
        UdpDatagram udp = UdpDatagram.decode(ip.payload(), 0, ip.payload().length, ip.src(), ip.dst());
        VxlanHeader v = VxlanHeader.decode(udp.payload(), 0, udp.payload().length);
        return EthernetFrame.decode(v.innerFrame());
    }

    /** ESP (RFC 4303, AES-128-GCM, RFC 4106) around a 1400-byte inner IPv4 packet. */
    @Benchmark
    public byte[] espSeal() {
        return Esp.seal(espKeys, 0x1001, ++seq, espIv, Esp.NEXT_IPV4, espPlain);
    }

    /** Verifies the ICV and decrypts the packet espSeal wrote. */
    @Benchmark
    public Esp.Opened espOpen() {
        return Esp.open(espKeys, espPacket);
    }

    /** RFC 1071 checksum over 1500 bytes: the loop every IPv4 header, ICMP and UDP datagram goes through. */
    @Benchmark
    public int checksum1500() {
        return Checksum.internet(mtuBuffer, 0, mtuBuffer.length);
    }
}
