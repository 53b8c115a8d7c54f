package org.nettwin.scenarios.bench;

import java.util.HashMap;
import java.util.Map;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * The mobile network between SORACOM Air devices and the VPG, for {@link GateScale}: one bearer per device.
 * Port 0 faces the VPG's device port; port i (1..n) is the bearer of the device holding {@code addresses[i - 1]}.
 *
 * <p>Why not a switch: on a cellular network a device's packets go to its gateway and nowhere else, and the
 * carrier, which assigned every device its address, delivers to a device only what is addressed to it.
 * Devices never hear each other's broadcasts. Modelled as one L2 switch, every ARP request of every device
 * would reach every other device, and so would each Gate Peer's ARP request for a device after a failover:
 * n² frames, 10⁸ at 10,000 devices, that the real network never carries.
 *
 * <p>So: a frame from a bearer goes up to the VPG only. From the VPG, a unicast frame goes to the bearer its
 * destination MAC was seen on (a device's MAC is known from its first frame, and nobody sends to a device
 * before hearing from it; a frame for any other MAC, such as the VPG flooding a Gate Peer's unicast before
 * its bridge has learned it, reaches no device); an ARP request
 * goes only to the bearer holding its target address (the one device that would answer it); any other
 * broadcast or multicast (gratuitous ARPs for the VIP, VRRP) to every bearer. The devices themselves stay
 * full Linux hosts: they ARP for the VIP, follow the new master's gratuitous ARPs and answer ARP.
 */
final class CarrierNetwork implements HostedNode {
    static final int UPLINK = 0;
    /** Offsets in an Ethernet frame carrying ARP for IPv4 over Ethernet (RFC 826): the operation, the target IP. */
    private static final int ARP_OP = EthernetFrame.HEADER_LENGTH + 6;
    private static final int ARP_TARGET_IP = EthernetFrame.HEADER_LENGTH + 24;

    private final Map<Ip4, Integer> bearerOf = new HashMap<>();
    private final Map<Mac, Integer> learned = new HashMap<>();
    private final int bearers;
    private NodeEnv env;

    CarrierNetwork(Ip4[] deviceAddresses) {
        this.bearers = deviceAddresses.length;
        for (int i = 0; i < deviceAddresses.length; i++) {
            if (bearerOf.put(deviceAddresses[i], i + 1) != null) throw new IllegalArgumentException("two devices hold " + deviceAddresses[i]);
        }
    }

    @Override public void boot(NodeEnv env) {
        this.env = env;
    }

    @Override public void receive(int port, byte[] frame) {
        if (frame.length < EthernetFrame.HEADER_LENGTH) return;
        if (port != UPLINK) {
            learned.put(EthernetFrame.peekSrc(frame), port);
            env.transmit(UPLINK, frame);
            return;
        }
        Mac dst = EthernetFrame.peekDst(frame);
        if (!dst.isMulticast()) {
            Integer bearer = learned.get(dst);
            if (bearer != null) env.transmit(bearer, frame);
            return;
        }
        Integer owner = arpRequestTarget(frame);
        if (owner != null) env.transmit(owner, frame); else toEveryBearer(frame);
    }

    @Override public void carrier(int port, boolean up) {
        // Bearers do not go down in this workload; a lost device would simply stop sending.
    }

    /** The bearer of the device an ARP request asks for, or null when the frame is no such request. */
    private Integer arpRequestTarget(byte[] frame) {
        if (EthernetFrame.peekEtherType(frame) != EtherType.ARP || frame.length < ARP_TARGET_IP + 4) return null;
        int op = ((frame[ARP_OP] & 0xff) << 8) | (frame[ARP_OP + 1] & 0xff);
        return op == ArpPacket.REQUEST ? bearerOf.get(Ip4.fromBytes(frame, ARP_TARGET_IP)) : null;
    }

    private void toEveryBearer(byte[] frame) {
        for (int p = 1; p <= bearers; p++) env.transmit(p, frame);
    }
}
