package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

class LocalOutputDfTest {
    @Test
    @DisplayName("ip_fragment: a local datagram with DF set and over the MTU is not split into DF fragments; EMSGSIZE, nothing sent")
    void dontFragmentOverMtuIsRefused() {
        ManualEnv env = new ManualEnv("h", 1);
        NodeStack h = new NodeStack("h", false);
        h.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        h.addAddress("eth0", IfAddr.parse("10.0.0.1/24"));
        h.boot(env);
        Ipv4Packet big = new Ipv4Packet(0, 1, true, false, 0, 64, IpProto.UDP, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), new byte[1600]);
        assertEquals(NodeStack.SendResult.MESSAGE_TOO_LONG, h.sendIp(big, null));
        assertEquals(0, env.sent().size(), "no frame, not even an ARP request");
        assertTrue(env.traces().stream().anyMatch(t -> t instanceof TraceEvent.Dropped d && d.reason() == DropReason.MTU_EXCEEDED), env.traces().toString());

        Ipv4Packet noDf = new Ipv4Packet(0, 2, false, false, 0, 64, IpProto.UDP, Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), new byte[1600]);
        assertEquals(NodeStack.SendResult.SENT, h.sendIp(noDf, null), "without DF it is fragmented and sent");
    }
}
