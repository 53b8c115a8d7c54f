package org.nettwin.protocols.ipsec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.stack.IpProtocolHandler;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.UdpHandler;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Mac;

/**
 * A node's IPsec endpoint: the IKE socket on UDP 500 and the ESP (protocol 50) input, shared by all its
 * tunnels. IKE messages go to the tunnel configured for the (local, remote) address pair; ESP packets to
 * the tunnel owning the SPI, which is unique on the node.
 */
final class IkeEndpoint implements UdpHandler, IpProtocolHandler {
    /** Outer TTL of IKE and ESP packets (Linux's default for locally generated packets). */
    private static final int OUTER_TTL = NodeStack.DEFAULT_TTL;
    /** SPIs 1..255 are reserved by IANA (RFC 4303 §2.1). */
    private static final int FIRST_SPI = 0x100;

    private final NodeStack stack;
    private final List<IpsecTunnel> tunnels = new ArrayList<>();
    private final Map<Integer, IpsecTunnel> bySpi = new HashMap<>();

    private IkeEndpoint(NodeStack stack) {
        this.stack = stack;
    }

    /** The node's endpoint: the one its existing tunnels use, or a new one bound to UDP 500 and ESP. */
    static IkeEndpoint of(NodeStack stack) {
        for (NetInterface i : stack.interfaces()) {
            if (i.packetDevice() instanceof IpsecTunnel t) return t.endpoint();
        }
        IkeEndpoint e = new IkeEndpoint(stack);
        stack.bindUdp(IkeMessage.PORT, e);
        stack.registerProtocol(IpProto.ESP, e);
        return e;
    }

    void add(IpsecTunnel t) { tunnels.add(t); }

    int allocateSpi(IpsecTunnel owner, RandomGenerator random) {
        int spi;
        do spi = random.nextInt(FIRST_SPI, Integer.MAX_VALUE); while (bySpi.containsKey(spi));
        bySpi.put(spi, owner);
        return spi;
    }

    void releaseSpi(int spi) { bySpi.remove(spi); }

    void send(TunnelConfig cfg, IkeMessage m) {
        byte[] udp = new UdpDatagram(IkeMessage.PORT, IkeMessage.PORT, m.encode()).encode(cfg.local(), cfg.remote());
        sendOuter(cfg, IpProto.UDP, udp);
    }

    NodeStack.SendResult sendOuter(TunnelConfig cfg, int protocol, byte[] payload) {
        Ipv4Packet outer = new Ipv4Packet(0, stack.nextId(), false, false, 0, OUTER_TTL, protocol, cfg.local(), cfg.remote(), payload);
        return stack.sendIp(outer, cfg.lowerDevice());
    }

    @Override public void receive(NetInterface in, Ipv4Packet ip, UdpDatagram d) {
        IkeMessage m;
        try {
            m = IkeMessage.decode(d.payload());
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, d.payload().length, "ike from " + ip.src() + ": " + e.getMessage());
            return;
        }
        for (IpsecTunnel t : tunnels) {
            if (t.config().remote().equals(ip.src()) && t.config().local().equals(ip.dst())) {
                t.onIke(m);
                return;
            }
        }
        drop(DropReason.NOT_FOR_US, d.payload().length, "ike from " + ip.src() + ": no tunnel to that peer");
    }

    @Override public void receive(NetInterface ifc, Ipv4Packet packet, Mac srcMac) {
        int spi;
        try {
            spi = Esp.peekSpi(packet.payload());
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, packet.totalLength(), e.getMessage());
            return;
        }
        IpsecTunnel t = bySpi.get(spi);
        if (t == null) drop(DropReason.NOT_FOR_US, packet.totalLength(), "esp unknown spi " + SecurityAssociation.hex(spi) + " from " + packet.src());
        else t.onEsp(packet, spi);
    }

    private void drop(DropReason reason, int length, String detail) {
        stack.env().trace(new TraceEvent.Dropped(stack.name() + ":ipsec", reason, length, detail));
    }
}
