package org.nettwin.scenarios.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** The bearer model of gate-scale's carrier: who receives which frame. */
class CarrierNetworkTest {
    private static final Ip4 DEV1 = Ip4.parse("172.16.1.1");
    private static final Ip4 DEV2 = Ip4.parse("172.16.1.2");
    private static final Ip4 DEV3 = Ip4.parse("172.16.1.3");
    private static final Ip4 VIP = Ip4.parse("172.16.0.150");
    private static final Ip4 GP2 = Ip4.parse("172.16.0.101");
    private static final Mac DEV1_MAC = Mac.parse("02:00:00:00:00:01");
    private static final Mac DEV2_MAC = Mac.parse("02:00:00:00:00:02");
    private static final Mac GP2_MAC = Mac.parse("02:00:00:00:01:01");

    /** Ports the carrier transmitted on, in order. */
    private final List<Integer> sentOn = new ArrayList<>();
    private CarrierNetwork carrier;

    @BeforeEach void boot() {
        carrier = new CarrierNetwork(new Ip4[] {DEV1, DEV2, DEV3});
        carrier.boot(new NodeEnv() {
            @Override public long now() { return 0; }
            @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) { throw new AssertionError("the carrier arms no timer"); }
            @Override public void transmit(int port, byte[] frame) { sentOn.add(port); }
            @Override public RandomGenerator random(String path) { throw new AssertionError("the carrier draws nothing"); }
            @Override public void trace(TraceEvent event) {}
            @Override public String nodeName() { return "carrier"; }
        });
    }

    private static byte[] arpRequest(Mac from, Ip4 sender, Ip4 target) {
        byte[] arp = new ArpPacket(ArpPacket.REQUEST, from, sender, Mac.ZERO, target).encode();
        return new EthernetFrame(Mac.BROADCAST, from, EtherType.ARP, arp).encode();
    }

    private static byte[] unicast(Mac dst, Mac src) {
        return new EthernetFrame(dst, src, EtherType.IPV4, new byte[20]).encode();
    }

    @Test @DisplayName("a device's broadcast goes up to the VPG and to no other device")
    void deviceBroadcastGoesUpOnly() {
        carrier.receive(1, arpRequest(DEV1_MAC, DEV1, VIP));
        assertEquals(List.of(CarrierNetwork.UPLINK), sentOn);
    }

    @Test @DisplayName("a Gate Peer's ARP request for a device reaches that device's bearer only")
    void arpForADeviceReachesItsBearer() {
        carrier.receive(CarrierNetwork.UPLINK, arpRequest(GP2_MAC, GP2, DEV2));
        assertEquals(List.of(2), sentOn);
    }

    @Test @DisplayName("a gratuitous ARP for the VIP (protocol-facts §8.0 item 2: the new master's 5 GARPs) reaches every device")
    void gratuitousArpForTheVipReachesEveryDevice() {
        carrier.receive(CarrierNetwork.UPLINK, arpRequest(GP2_MAC, VIP, VIP));
        assertEquals(List.of(1, 2, 3), sentOn);
    }

    @Test @DisplayName("unicast from the VPG goes to the bearer the MAC was seen on; an unknown MAC reaches no device")
    void unicastFollowsTheLearnedBearer() {
        carrier.receive(2, unicast(GP2_MAC, DEV2_MAC));
        sentOn.clear();
        carrier.receive(CarrierNetwork.UPLINK, unicast(DEV2_MAC, GP2_MAC));
        carrier.receive(CarrierNetwork.UPLINK, unicast(DEV1_MAC, GP2_MAC));
        assertEquals(List.of(2), sentOn);
    }
}
