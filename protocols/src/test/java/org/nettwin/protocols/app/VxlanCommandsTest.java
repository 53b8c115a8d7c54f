package org.nettwin.protocols.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.VxlanHeader;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.VxlanDevice;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/** `ip link add … type vxlan` and `bridge fdb` as iproute2 and Linux behave (protocol-facts §3.1). */
class VxlanCommandsTest {
    private NodeStack gp1;
    private NodeCommands sh;

    @BeforeEach void setUp() {
        gp1 = new NodeStack("gp1", false);
        gp1.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        gp1.addAddress("eth0", IfAddr.parse("10.0.0.96/24"));
        gp1.boot(new ManualEnv("gp1", 1));
        sh = new NodeCommands(gp1);
    }

    @Test @DisplayName("§3.1: without dstport iproute2 warns and Linux uses 8472; MTU is the lower device's minus 50")
    void defaultPortAndMtu() {
        NodeCommands.Result r = sh.run("ip link add vxlan0 type vxlan id 10 dev eth0", "t");
        assertEquals(0, r.status());
        assertEquals("vxlan: destination port not specified", r.output().get(0));
        VxlanDevice d = (VxlanDevice) gp1.iface("vxlan0").device();
        assertEquals(VxlanHeader.LINUX_DEFAULT_PORT, d.config().dstPort());
        assertEquals(1450, gp1.iface("vxlan0").mtu());
        assertFalse(gp1.iface("vxlan0").adminUp(), "ip link add leaves the device down");
    }

    @Test @DisplayName("§3.1 seed 000: three all-zero entries replicate BUM traffic to the two VPG addresses and the other peer")
    void fdbAppend() {
        sh.run("ip link add vxlan0 type vxlan id 10 local 10.0.0.96 dev eth0 dstport 4789", "t");
        for (String dst : List.of("100.67.12.4", "100.67.12.20", "10.0.0.101"))
            assertEquals(0, sh.run("bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst " + dst, "t").status());
        assertEquals(List.of("00:00:00:00:00:00 dev vxlan0 dst 100.67.12.4 self permanent",
                "00:00:00:00:00:00 dev vxlan0 dst 100.67.12.20 self permanent",
                "00:00:00:00:00:00 dev vxlan0 dst 10.0.0.101 self permanent"), sh.run("bridge fdb show dev vxlan0", "t").output());
        assertEquals(2, sh.run("bridge fdb append 00:00:00:00:00:00 dev eth0 dst 1.2.3.4", "t").status(), "eth0 is no vxlan device");
        assertEquals(0, sh.run("ip link del vxlan0", "t").status());
        assertTrue(gp1.iface("vxlan0") == null);
    }
}
