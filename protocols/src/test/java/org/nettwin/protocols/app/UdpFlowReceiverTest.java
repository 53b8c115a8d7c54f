package org.nettwin.protocols.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.Hex;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/** The receiving end of a UDP flow: loss by the sender's schedule, reordering, duplicates, late arrivals, one-way delay. */
class UdpFlowReceiverTest {
    private static final Ip4 SRC = Ip4.parse("10.0.0.1");
    private static final Ip4 DST = Ip4.parse("10.0.0.2");
    private static final long START = Time.s(1);
    private static final long INTERVAL = Time.ms(20);
    private static final long TIMEOUT = Time.ms(100);

    private final ManualEnv env = new ManualEnv("rx", 1);
    private final UdpFlowReceiver rx = new UdpFlowReceiver("f", 5001, START, INTERVAL, 5, TIMEOUT);

    private void arrive(int seq, long at) {
        env.advanceTo(at);
        byte[] payload = new UdpFlowPayload(seq, START + seq * INTERVAL).encode(64);
        UdpDatagram d = new UdpDatagram(50000, 5001, payload);
        rx.receive(null, new Ipv4Packet(0, 0, false, false, 0, 60, IpProto.UDP, SRC, DST, d.encode(SRC, DST)), d);
    }

    private List<String> results() {
        return env.traces().stream().filter(e -> e instanceof TraceEvent.ProbeResult).map(TraceEvent::describe).toList();
    }

    @Test @DisplayName("payload: sequence number then send time, big-endian, zero-padded to the flow's size")
    void payloadBytes() {
        byte[] b = new UdpFlowPayload(0x01020304, 0x1122334455667788L).encode(16);
        assertArrayEquals(Hex.bytes("01020304 1122334455667788 00000000"), b);
        assertEquals(new UdpFlowPayload(0x01020304, 0x1122334455667788L), UdpFlowPayload.decode(b));
        assertNull(UdpFlowPayload.decode(new byte[11]), "shorter than a header: not a flow datagram");
    }

    @Test @DisplayName("each datagram is one result: REPLY with its one-way delay, TIMEOUT at send time + timeout if it never came")
    void lossReorderDuplicateLate() {
        rx.start(env);
        arrive(0, START + Time.ms(5));
        arrive(2, START + 2 * INTERVAL + Time.ms(5));
        arrive(1, START + 2 * INTERVAL + Time.ms(6));            // overtaken by 2
        arrive(1, START + 2 * INTERVAL + Time.ms(7));            // a second copy
        env.advanceTo(START + 4 * INTERVAL + TIMEOUT);            // 3 and 4 are overdue
        arrive(4, START + 4 * INTERVAL + TIMEOUT + Time.ms(1));   // 4 comes late: reported, not lost
        assertEquals(List.of(
                "probe f seq=0 REPLY rtt=5000000ns from=10.0.0.1 one-way",
                "probe f seq=2 REPLY rtt=5000000ns from=10.0.0.1 one-way",
                "probe f seq=1 REPLY rtt=26000000ns from=10.0.0.1 one-way reordered",
                "probe f seq=1 REPLY rtt=27000000ns from=10.0.0.1 one-way duplicate",
                "probe f seq=3 TIMEOUT one-way",
                "probe f seq=4 TIMEOUT one-way",
                "probe f seq=4 REPLY rtt=101000000ns from=10.0.0.1 one-way"), results());
        assertEquals(4, rx.received());
        assertEquals(1, rx.lost(), "3 only: 4 arrived late");
        assertEquals(1, rx.reordered());
        rx.finish();
        TraceEvent last = env.traces().get(env.traces().size() - 1);
        assertEquals("log udp/f: udp flow f: 5 due, 4 received, 1 lost (20.0%), 1 reordered, one-way delay min/avg/max = 5.000/34.250/101.000 ms",
                last.describe());
    }

    @Test @DisplayName("a datagram of another flow or an unknown sequence number is ignored")
    void foreignDatagrams() {
        rx.start(env);
        arrive(7, START);
        UdpDatagram shortOne = new UdpDatagram(1, 5001, new byte[4]);
        rx.receive(null, new Ipv4Packet(0, 0, false, false, 0, 60, IpProto.UDP, SRC, DST, shortOne.encode(SRC, DST)), shortOne);
        assertEquals(List.of(), results());
    }
}
