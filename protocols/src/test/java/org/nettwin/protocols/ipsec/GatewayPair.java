package org.nettwin.protocols.ipsec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.IcmpListener;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;

/**
 * Two gateways on one wire (5 ms each way) with a tunnel "vpn" between them, stepped in virtual time:
 * A (10.0.0.1, LAN 172.16.1.1/24) and B (10.0.0.2, LAN 172.16.2.1/24), each routing the other's LAN into
 * the tunnel with `hide`. The wire can be cut silently, as a dead peer looks.
 */
final class GatewayPair {
    static final Ip4 A_WAN = Ip4.parse("10.0.0.1"), B_WAN = Ip4.parse("10.0.0.2");
    static final Ip4 A_LAN = Ip4.parse("172.16.1.1"), B_LAN = Ip4.parse("172.16.2.1");
    static final long WIRE_DELAY = Time.ms(5);

    final Side a, b;
    boolean cut;
    private final PriorityQueue<Delivery> wire = new PriorityQueue<>(Comparator.comparingLong(Delivery::time).thenComparingLong(Delivery::seq));
    private long seq;

    private record Delivery(long time, long seq, Side to, byte[] frame) {}

    static final class Side {
        final NodeStack stack;
        final ManualEnv env;
        IpsecTunnel tunnel;
        int collected;
        int replies;

        Side(String name, Ip4 wan, Ip4 lan, long seed) {
            stack = new NodeStack(name, true);
            env = new ManualEnv(name, seed);
            stack.addInterface("eth0", 0, new Mac(0x020000000000L | (wan.bits() & 0xff)), 1500);
            stack.addAddress("eth0", new IfAddr(wan, 24));
            stack.addInterface("lan", 1, new Mac(0x020000000100L | (wan.bits() & 0xff)), 1500);
            stack.addAddress("lan", new IfAddr(lan, 24));
            stack.boot(env);
        }

        List<TraceEvent> traces(Class<? extends TraceEvent> type) {
            return env.traces().stream().filter(type::isInstance).toList();
        }
    }

    GatewayPair(TunnelConfig aCfg, TunnelConfig bCfg) {
        a = new Side("a", A_WAN, A_LAN, 1);
        b = new Side("b", B_WAN, B_LAN, 2);
        a.tunnel = IpsecTunnel.create(a.stack, aCfg);
        b.tunnel = IpsecTunnel.create(b.stack, bCfg);
        a.stack.addRoute(Route.throughDevice(Prefix4.parse("172.16.2.0/24"), aCfg.name(), 0, true, false));
        b.stack.addRoute(Route.throughDevice(Prefix4.parse("172.16.1.0/24"), bCfg.name(), 0, true, false));
        for (Side s : List.of(a, b)) {
            s.stack.registerIcmp(7, new IcmpListener() {
                @Override public void onEchoReply(Ipv4Packet ip, IcmpMessage reply) { s.replies++; }
                @Override public void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, IcmpMessage quotedEcho) { }
            });
        }
    }

    /** A's and B's tunnel settings: both with the same key; A initiates, B responds. */
    static TunnelConfig aConfig() { return TunnelConfig.of("vpn", A_WAN, B_WAN, "secret"); }
    static TunnelConfig bConfig() { return TunnelConfig.of("vpn", B_WAN, A_WAN, "secret").withInitiate(false); }

    long now() { return a.env.now(); }

    /** A pings B's LAN address through the tunnel (echo id 7). */
    NodeStack.SendResult pingFromA(int sequence) {
        return a.stack.sendIp(new Ipv4Packet(0, sequence, false, false, 0, 64, IpProto.ICMP, A_LAN, B_LAN,
                IcmpMessage.echoRequest(7, sequence, new byte[56]).encode()), null);
    }

    void runFor(long ns) { runUntil(now() + ns); }

    void runUntil(long end) {
        while (true) {
            collect();
            long next = Math.min(Math.min(nextTimer(a), nextTimer(b)), wire.isEmpty() ? Long.MAX_VALUE : wire.peek().time());
            if (next > end) break;
            a.env.advanceTo(next);
            b.env.advanceTo(next);
            collect();
            while (!wire.isEmpty() && wire.peek().time() <= next) {
                Delivery d = wire.poll();
                d.to().stack.receive(0, d.frame());
                collect();
            }
        }
        a.env.advanceTo(end);
        b.env.advanceTo(end);
    }

    private static long nextTimer(Side s) {
        return s.env.pendingTimers().isEmpty() ? Long.MAX_VALUE : s.env.pendingTimers().get(0).deadline();
    }

    private void collect() {
        for (Side s : List.of(a, b)) {
            List<ManualEnv.Sent> sent = s.env.sent();
            for (; s.collected < sent.size(); s.collected++) {
                ManualEnv.Sent x = sent.get(s.collected);
                if (x.port() != 0 || cut) continue;
                wire.add(new Delivery(x.time() + WIRE_DELAY, seq++, s == a ? b : a, x.frame()));
            }
        }
    }

    /** Frames A put on the wire since it started, for replaying or decoding. */
    List<byte[]> framesSentBy(Side s) {
        List<byte[]> out = new ArrayList<>();
        for (ManualEnv.Sent x : s.env.sent()) if (x.port() == 0) out.add(x.frame());
        return out;
    }
}
