package org.nettwin.protocols.app;

import java.util.Locale;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * `traceroute -n` as BSD/macOS runs it (the seed 002 trace): UDP probes to port 33434+n, three per hop,
 * one at a time, each waiting up to 5 s; TTL grows until the destination answers Port Unreachable or the
 * hop limit (64) is reached. Output lines match BSD's: " 1  192.168.0.1  2.234 ms  1.151 ms  1.173 ms".
 */
public final class Traceroute implements NodeStack.UdpErrorListener {
    public static final int BASE_PORT = 33434;
    private static final int PROBES_PER_HOP = 3;
    private static final int DATA_BYTES = 24; // 52-byte packets: 20 IP + 8 UDP + 24

    private final String name;
    private final NodeStack stack;
    private final Ip4 dst;
    private final int maxHops;
    private final long waitNs;
    private final String program;
    private NodeEnv env;
    private int srcPort;
    private int ttl = 1;
    private int probe;
    private int seq;
    private long sentAt;
    private Ip4 lastAddr;
    private boolean reached;
    private final StringBuilder line = new StringBuilder();
    private TimerHandle timeout;
    private boolean done;

    public Traceroute(String name, NodeStack stack, Ip4 dst, int maxHops, long waitNs) {
        this.name = name;
        this.stack = stack;
        this.dst = dst;
        this.maxHops = maxHops;
        this.waitNs = waitNs;
        this.program = "traceroute/" + name;
    }

    public Traceroute(String name, NodeStack stack, Ip4 dst) {
        this(name, stack, dst, 64, Time.s(5));
    }

    public boolean done() { return done; }

    public void start(NodeEnv env) {
        this.env = env;
        srcPort = 0x8000 | env.random("traceroute/" + name + "/port").nextInt(0x8000);
        while (!stack.registerUdpErrors(srcPort, this)) srcPort = 0x8000 | ((srcPort + 1) & 0x7fff);
        print("traceroute to " + dst + " (" + dst + "), " + maxHops + " hops max, " + (20 + 8 + DATA_BYTES) + " byte packets");
        sendProbe();
    }

    private void sendProbe() {
        if (probe == 0) {
            line.setLength(0);
            line.append(String.format(Locale.ROOT, "%2d ", ttl));
            lastAddr = null;
        }
        seq++;
        Ip4 src = stack.sourceAddressFor(dst, null);
        if (src == null) src = Ip4.ANY;
        byte[] udp = new UdpDatagram(srcPort, BASE_PORT + seq, new byte[DATA_BYTES]).encode(src, dst);
        Ipv4Packet ip = new Ipv4Packet(0, stack.nextId(), false, false, 0, ttl, IpProto.UDP, src, dst, udp);
        sentAt = env.now();
        NodeStack.SendResult r = stack.sendIp(ip, null);
        if (r != NodeStack.SendResult.SENT) {
            print("traceroute: sendto: Network is unreachable");
            finish();
            return;
        }
        timeout = env.schedule(sentAt + waitNs, program + "/wait", this::onTimeout);
    }

    private void onTimeout() {
        line.append(" *");
        env.trace(new TraceEvent.ProbeResult(name, seq, ProbeOutcome.TIMEOUT, -1, null, "ttl=" + ttl));
        next();
    }

    @Override public void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, int sport, int dport) {
        if (done || dport != BASE_PORT + seq) return;
        boolean exceeded = error.type() == IcmpMessage.TIME_EXCEEDED;
        boolean portUnreach = error.type() == IcmpMessage.DEST_UNREACHABLE && error.code() == IcmpMessage.PORT_UNREACHABLE;
        if (!exceeded && error.type() != IcmpMessage.DEST_UNREACHABLE) return;
        timeout.cancel();
        long rtt = env.now() - sentAt;
        if (!ip.src().equals(lastAddr)) {
            line.append(' ').append(ip.src());
            lastAddr = ip.src();
        }
        line.append(String.format(Locale.ROOT, "  %.3f ms", rtt / 1e6));
        if (!exceeded && !portUnreach) line.append(error.code() == IcmpMessage.HOST_UNREACHABLE ? " !H" : error.code() == IcmpMessage.NET_UNREACHABLE ? " !N" : " !");
        if (!exceeded) reached = true;
        env.trace(new TraceEvent.ProbeResult(name, seq, exceeded ? ProbeOutcome.TIME_EXCEEDED : portUnreach ? ProbeOutcome.PORT_UNREACHABLE
                : ProbeOutcome.OTHER_UNREACHABLE, rtt, ip.src(), "ttl=" + ttl));
        next();
    }

    private void next() {
        probe++;
        if (probe < PROBES_PER_HOP) {
            sendProbe();
            return;
        }
        print(line.toString());
        probe = 0;
        if (reached || ttl >= maxHops) {
            finish();
            return;
        }
        ttl++;
        sendProbe();
    }

    private void finish() {
        done = true;
        stack.unregisterUdpErrors(srcPort);
    }

    private void print(String text) {
        env.trace(new TraceEvent.Log(program, text));
    }
}
