package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Mac;

/** Linux bridge behaviour (net/bridge/br_input.c, br_fdb.c, br_forward.c) on a 4-port bridge. */
class BridgeTest {
    static final Mac A = Mac.parse("02:00:00:00:00:0a");
    static final Mac B = Mac.parse("02:00:00:00:00:0b");
    static final Mac C = Mac.parse("02:00:00:00:00:0c");
    static final long AGEING = Bridge.DEFAULT_AGEING_TIME_NS;

    ManualEnv env;
    Bridge bridge;

    @BeforeEach
    void boot() {
        env = new ManualEnv("sw", 7);
        bridge = new Bridge(4, AGEING);
        bridge.boot(env);
    }

    static byte[] frame(Mac dst, Mac src) {
        return new EthernetFrame(dst, src, EtherType.IPV4, new byte[46]).encode();
    }

    /** Ports the last receive() sent its frame out of, then forgets them. */
    List<Integer> sentPorts() {
        List<Integer> ports = env.sent().stream().map(ManualEnv.Sent::port).toList();
        env.clearSent();
        return ports;
    }

    List<DropReason> drops() {
        List<DropReason> reasons = new ArrayList<>();
        for (TraceEvent e : env.traces()) if (e instanceof TraceEvent.Dropped d) reasons.add(d.reason());
        return reasons;
    }

    @Test
    @DisplayName("unknown unicast floods to every other port, byte for byte")
    void floodsUnknownUnicast() {
        byte[] f = frame(B, A);
        bridge.receive(0, f);
        assertEquals(List.of(1, 2, 3), env.sent().stream().map(ManualEnv.Sent::port).toList());
        for (ManualEnv.Sent s : env.sent()) assertArrayEquals(f, s.frame());
    }

    @Test
    @DisplayName("learned source MACs turn floods into unicast forwarding both ways")
    void learnsAndForwards() {
        bridge.receive(0, frame(B, A));
        sentPorts();
        bridge.receive(2, frame(A, B));
        assertEquals(List.of(0), sentPorts());
        byte[] toB = frame(B, A);
        bridge.receive(0, toB);
        assertArrayEquals(toB, env.sent().get(0).frame());
        assertEquals(List.of(2), sentPorts());
        assertEquals(OptionalInt.of(0), bridge.learnedPort(A));
        assertEquals(OptionalInt.of(2), bridge.learnedPort(B));
    }

    @Test
    @DisplayName("broadcast and multicast flood even to a learned station")
    void floodsBroadcastAndMulticast() {
        bridge.receive(2, frame(A, B));
        sentPorts();
        bridge.receive(0, frame(Mac.BROADCAST, A));
        assertEquals(List.of(1, 2, 3), sentPorts());
        bridge.receive(0, frame(Mac.parse("01:00:5e:00:00:12"), A)); // VRRP group 224.0.0.18
        assertEquals(List.of(1, 2, 3), sentPorts());
    }

    @Test
    @DisplayName("a frame for a station on its own ingress port is dropped, never sent back (NOT_FOR_US)")
    void neverBackOutOfIngress() {
        bridge.receive(0, frame(Mac.BROADCAST, C));
        sentPorts();
        bridge.receive(0, frame(C, A));
        assertEquals(List.of(), sentPorts());
        assertEquals(List.of(DropReason.NOT_FOR_US), drops());
    }

    @Test
    @DisplayName("a station that moves is followed at once")
    void followsAMove() {
        bridge.receive(2, frame(Mac.BROADCAST, B));
        bridge.receive(3, frame(Mac.BROADCAST, B));
        sentPorts();
        bridge.receive(0, frame(B, A));
        assertEquals(List.of(3), sentPorts());
    }

    @Test
    @DisplayName("carrier down: flood skips the port and its entries are flushed; carrier up restores flooding")
    void carrierDownFlushes() {
        bridge.receive(2, frame(Mac.BROADCAST, B));
        sentPorts();
        bridge.carrier(2, false);
        assertEquals(OptionalInt.empty(), bridge.learnedPort(B));
        bridge.receive(0, frame(B, A));
        assertEquals(List.of(1, 3), sentPorts());
        bridge.receive(2, frame(A, B));
        assertEquals(List.of(), sentPorts());
        assertEquals(List.of(DropReason.INTERFACE_DOWN), drops());
        bridge.carrier(2, true);
        bridge.receive(0, frame(Mac.BROADCAST, A));
        assertEquals(List.of(1, 2, 3), sentPorts());
    }

    @Test
    @DisplayName("entries expire ageing time after last seen (has_expired: updated + ageing <= now)")
    void agesOut() {
        bridge.receive(2, frame(Mac.BROADCAST, B));
        sentPorts();
        env.advanceTo(AGEING - 1);
        bridge.receive(0, frame(B, A));
        assertEquals(List.of(2), sentPorts());
        env.advanceTo(AGEING);
        assertEquals(OptionalInt.empty(), bridge.learnedPort(B));
        bridge.receive(0, frame(B, A));
        assertEquals(List.of(1, 2, 3), sentPorts());
    }

    @Test
    @DisplayName("ageing uses one sweep timer that follows the oldest entry; a refresh extends an entry's life")
    void oneSweepTimer() {
        bridge.receive(2, frame(Mac.BROADCAST, B));
        env.advanceTo(Time.s(100));
        for (int i = 0; i < 50; i++) bridge.receive(0, frame(Mac.BROADCAST, A));
        bridge.receive(2, frame(Mac.BROADCAST, B)); // B refreshed at 100 s: lives until 400 s
        env.advanceTo(Time.s(150));
        bridge.receive(3, frame(Mac.BROADCAST, C)); // C lives until 450 s
        assertEquals(1, env.pendingTimers().size());
        assertEquals(AGEING, env.pendingTimers().get(0).deadline());

        env.advanceTo(AGEING);
        assertEquals(3, bridge.fdbSize(), "nothing had expired at 300 s");
        assertEquals(List.of(Time.s(400)), env.pendingTimers().stream().map(t -> t.deadline()).toList());
        env.advanceTo(Time.s(400));
        assertEquals(1, bridge.fdbSize(), "A and B expired at 400 s");
        assertEquals(OptionalInt.of(3), bridge.learnedPort(C));
        env.advanceTo(Time.s(450));
        assertEquals(0, bridge.fdbSize());
        assertTrue(env.pendingTimers().isEmpty(), "an empty table arms no timer");
    }

    @Test
    @DisplayName("ageing time 0 learns nothing: the bridge floods like a hub")
    void zeroAgeingIsAHub() {
        Bridge hub = new Bridge(3, 0);
        hub.boot(env);
        hub.receive(1, frame(Mac.BROADCAST, B));
        sentPorts();
        hub.receive(0, frame(B, A));
        assertEquals(List.of(1, 2), sentPorts());
        assertTrue(env.pendingTimers().isEmpty());
    }

    @Test
    @DisplayName("multicast or zero source, runt frames and unknown ports are dropped unlearned")
    void dropsInvalidFrames() {
        bridge.receive(0, frame(B, Mac.parse("01:00:5e:00:00:01")));
        bridge.receive(0, frame(B, Mac.ZERO));
        bridge.receive(0, new byte[13]);
        bridge.receive(4, frame(B, A));
        assertEquals(List.of(), sentPorts());
        assertEquals(List.of(DropReason.MALFORMED, DropReason.MALFORMED, DropReason.MALFORMED, DropReason.NO_SUCH_PORT), drops());
        assertEquals(0, bridge.fdbSize());
    }

    @Test
    @DisplayName("802.1D reserved 01:80:c2:00:00:0X stays local (LLDP learned, not forwarded); STP BPDUs flood with STP off")
    void reservedGroupAddresses() {
        bridge.receive(1, frame(Mac.parse("01:80:c2:00:00:0e"), A));
        assertEquals(List.of(), sentPorts());
        assertEquals(List.of(DropReason.FILTERED), drops());
        assertEquals(OptionalInt.of(1), bridge.learnedPort(A));
        bridge.receive(1, frame(Mac.parse("01:80:c2:00:00:00"), A));
        assertEquals(List.of(0, 2, 3), sentPorts());
    }

    @Test
    @DisplayName("property: never out of the ingress or a carrier-down port; live known unicast goes to exactly its port")
    void invariantsUnderRandomTraffic() {
        long seed = 0xB41D6EL;
        SplittableRandom r = new SplittableRandom(seed);
        Mac[] stations = new Mac[8];
        for (int i = 0; i < stations.length; i++) stations[i] = new Mac(0x020000000100L + i);
        boolean[] up = {true, true, true, true};
        for (int step = 0; step < 2000; step++) {
            String where = "seed=" + seed + " step=" + step;
            int action = r.nextInt(10);
            if (action == 0) {
                int p = r.nextInt(4);
                up[p] = !up[p];
                bridge.carrier(p, up[p]);
                continue;
            }
            if (action == 1) {
                env.advanceBy(r.nextLong(Time.s(200)));
                continue;
            }
            int in = r.nextInt(4);
            Mac src = stations[r.nextInt(stations.length)];
            Mac dst = r.nextInt(5) == 0 ? Mac.BROADCAST : stations[r.nextInt(stations.length)];
            // Learning happens before the lookup, so a frame to its own sender finds it on the ingress port.
            OptionalInt known = dst.isBroadcast() ? OptionalInt.empty() : dst.equals(src) ? OptionalInt.of(in) : bridge.learnedPort(dst);
            env.clearSent();
            bridge.receive(in, frame(dst, src));
            List<Integer> out = env.sent().stream().map(ManualEnv.Sent::port).toList();
            for (int p : out) {
                assertTrue(p != in, where + " sent back out of ingress " + in);
                assertTrue(up[p], where + " sent on carrier-down port " + p);
            }
            if (!up[in]) assertEquals(List.of(), out, where);
            else if (known.isPresent()) assertEquals(known.getAsInt() == in ? List.of() : List.of(known.getAsInt()), out, where);
            else {
                List<Integer> flood = new ArrayList<>();
                for (int p = 0; p < 4; p++) if (p != in && up[p]) flood.add(p);
                assertEquals(flood, out, where);
            }
        }
    }
}
