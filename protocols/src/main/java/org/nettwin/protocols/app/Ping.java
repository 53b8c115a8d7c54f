package org.nettwin.protocols.app;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.IcmpListener;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * The `ping` program running on a node. It prints what the real tool prints (as trace Log lines of
 * program "ping/&lt;name&gt;") and reports each probe's fate as a ProbeResult for metrics.
 *
 * <p>iputils numbers probes from 1 and prints nothing for a lost one; BSD/macOS numbers from 0 and prints
 * "Request timeout for icmp_seq N" whenever, at a send tick, the count of unanswered probes exceeds its
 * previous maximum (ping.c's nmissedmax), which is why the seed trace shows exactly one per lost probe.
 */
public final class Ping implements IcmpListener {
    private final String name;
    private final NodeStack stack;
    private final PingOptions opt;
    private final String program;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private final Map<Integer, Boolean> answered = new HashMap<>();
    private final Map<Integer, TimerHandle> deadlines = new HashMap<>();
    private NodeEnv env;
    private int id;
    private int transmitted;
    private int received;
    private int errors;
    private int missedMax;
    private long rttMin = Long.MAX_VALUE, rttMax, rttSum;
    private double rttSumSq;
    private long startNs;
    private long lastActivityNs;
    private TimerHandle tick;
    private boolean finished;

    public Ping(String name, NodeStack stack, PingOptions options) {
        this.name = name;
        this.stack = stack;
        this.opt = options;
        this.program = "ping/" + name;
    }

    public String name() { return name; }
    public int transmitted() { return transmitted; }
    public int received() { return received; }

    /** Starts pinging now, from the node's context. */
    public void start(NodeEnv env) {
        this.env = env;
        IntSupplier draw = () -> env.random("ping/" + name + "/id").nextInt(1, 0x10000);
        id = draw.getAsInt();
        while (!stack.registerIcmp(id, this)) id = (id % 0xffff) + 1;
        startNs = env.now();
        Ip4 dst = opt.destination();
        int total = opt.size() + 28;
        if (opt.style() == PingStyle.BSD) {
            print("PING " + dst + " (" + dst + "): " + opt.size() + " data bytes");
        } else {
            String from = opt.sourceInterface() != null ? " from " + stack.sourceAddressFor(dst, opt.sourceInterface()) + " " + opt.sourceInterface() : "";
            print("PING " + dst + " (" + dst + ")" + from + " " + opt.size() + "(" + total + ") bytes of data.");
        }
        sendNext();
    }

    private int firstSeq() { return opt.style() == PingStyle.BSD ? 0 : 1; }

    private void sendNext() {
        tick = null;
        if (finished) return;
        if (opt.count() > 0 && transmitted >= opt.count()) return;
        int seq = (firstSeq() + transmitted) & 0xffff;
        long now = env.now();
        transmitted++;
        lastActivityNs = now;
        sentAt.put(seq, now);
        byte[] data = payload(now);
        Ipv4Packet ip = new Ipv4Packet(0, stack.nextId(), false, false, 0, NodeStack.DEFAULT_TTL,
                IpProto.ICMP, Ip4.ANY, opt.destination(), IcmpMessage.echoRequest(id, seq, data).encode());
        NodeStack.SendResult r = stack.sendIp(ip, opt.sourceInterface(), pmtuDisc(opt.style()));
        if (r != NodeStack.SendResult.SENT) {
            String why = switch (r) {
                case INTERFACE_DOWN -> "No such device";
                case MESSAGE_TOO_LONG -> "Message too long";
                default -> "Network is unreachable";
            };
            print(opt.style() == PingStyle.BSD ? "ping: sendto: " + why : "ping: sendmsg: " + why);
            errors++;
            answered.put(seq, true);
            result(seq, ProbeOutcome.SEND_ERROR, -1, null, why);
        } else {
            final int s = seq;
            deadlines.put(seq, env.schedule(now + opt.timeoutNs(), program + "/timeout", () -> onTimeout(s)));
        }
        if (opt.style() == PingStyle.BSD) reportMissedBsd();
        if (opt.count() == 0 || transmitted < opt.count()) {
            tick = env.schedule(now + opt.intervalNs(), program + "/tick", this::sendNext);
        } else {
            // Like ping -c: after the last probe, wait for its answer (or timeout) and print statistics.
            env.schedule(now + opt.timeoutNs(), program + "/finish", this::finish);
        }
    }

    /**
     * DF on the echo requests. iputils sets IP_MTU_DISCOVER only for -M (ping.c: pmtudisc stays -1 without
     * it), so its socket keeps the kernel default IP_PMTUDISC_WANT: DF while the request fits the path MTU,
     * local fragmentation with DF clear beyond it, and a path MTU learned from "Frag needed" (ping_err /
     * raw_err → ipv4_sk_update_pmtu). BSD/macOS ping sets DF only with -D (IP_DONTFRAG), which the twin does
     * not model.
     */
    static NodeStack.PmtuDisc pmtuDisc(PingStyle style) {
        return style == PingStyle.IPUTILS ? NodeStack.PmtuDisc.WANT : NodeStack.PmtuDisc.DONT;
    }

    /** ping.c (macOS): "if (ntransmitted - nreceived - 1 > nmissedmax) … Request timeout for icmp_seq". */
    private void reportMissedBsd() {
        int missed = transmitted - received - 1;
        if (missed > missedMax) {
            missedMax = missed;
            print("Request timeout for icmp_seq " + (transmitted - 2 + firstSeq()));
        }
    }

    /** Timestamp (virtual send time, struct timeval) then the byte pattern iputils fills. */
    private byte[] payload(long now) {
        byte[] d = new byte[opt.size()];
        for (int i = 0; i < d.length; i++) d[i] = (byte) i;
        if (d.length >= 16) {
            long sec = now / 1_000_000_000L, usec = (now % 1_000_000_000L) / 1000;
            for (int i = 0; i < 8; i++) {
                d[i] = (byte) (sec >>> (8 * i));
                d[8 + i] = (byte) (usec >>> (8 * i));
            }
        }
        return d;
    }

    private void onTimeout(int seq) {
        deadlines.remove(seq);
        if (answered.containsKey(seq)) return;
        answered.put(seq, false);
        result(seq, ProbeOutcome.TIMEOUT, -1, null, "");
    }

    @Override public void onEchoReply(Ipv4Packet ip, IcmpMessage reply) {
        if (finished || !ip.src().equals(opt.destination()) && !opt.destination().isBroadcast()) return;
        int seq = reply.echoSeq();
        Long sent = sentAt.get(seq);
        if (sent == null) return;
        long rtt = env.now() - sent;
        boolean dup = Boolean.TRUE.equals(answered.get(seq)) && !deadlinesContains(seq);
        lastActivityNs = env.now();
        if (!dup) {
            received++;
            rttMin = Math.min(rttMin, rtt);
            rttMax = Math.max(rttMax, rtt);
            rttSum += rtt;
            rttSumSq += (double) rtt * rtt;
        }
        boolean late = Boolean.FALSE.equals(answered.get(seq));
        answered.put(seq, true);
        TimerHandle t = deadlines.remove(seq);
        if (t != null) t.cancel();
        int bytes = reply.data().length + 8;
        String line = opt.style() == PingStyle.BSD
                ? bytes + " bytes from " + ip.src() + ": icmp_seq=" + seq + " ttl=" + ip.ttl() + " time=" + bsdMs(rtt) + " ms"
                : bytes + " bytes from " + ip.src() + ": icmp_seq=" + seq + " ttl=" + ip.ttl() + " time=" + iputilsMs(rtt) + " ms";
        print(dup ? line + " (DUP!)" : line);
        if (!dup) result(seq, ProbeOutcome.REPLY, rtt, ip.src(), late ? "late" : "");
    }

    private boolean deadlinesContains(int seq) { return deadlines.containsKey(seq); }

    @Override public void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, IcmpMessage quotedEcho) {
        if (finished) return;
        int seq = quotedEcho.echoSeq();
        if (!sentAt.containsKey(seq)) return;
        ProbeOutcome outcome = outcomeOf(error);
        String text = describe(error, opt.style());
        lastActivityNs = env.now();
        if (outcome != ProbeOutcome.REDIRECT) {
            errors++;
            if (!answered.containsKey(seq)) {
                answered.put(seq, false);
                TimerHandle t = deadlines.remove(seq);
                if (t != null) t.cancel();
            }
        }
        if (opt.style() == PingStyle.BSD) {
            print((error.data().length + 8) + " bytes from " + ip.src() + ": " + text);
            printQuotedHeaderBsd(error, quoted);
        } else {
            print("From " + ip.src() + " icmp_seq=" + seq + " " + text);
        }
        result(seq, outcome, -1, ip.src(), text);
    }

    private static ProbeOutcome outcomeOf(IcmpMessage m) {
        return switch (m.type()) {
            case IcmpMessage.REDIRECT -> ProbeOutcome.REDIRECT;
            case IcmpMessage.TIME_EXCEEDED -> ProbeOutcome.TIME_EXCEEDED;
            default -> switch (m.code()) {
                case IcmpMessage.NET_UNREACHABLE -> ProbeOutcome.NET_UNREACHABLE;
                case IcmpMessage.HOST_UNREACHABLE -> ProbeOutcome.HOST_UNREACHABLE;
                case IcmpMessage.PORT_UNREACHABLE -> ProbeOutcome.PORT_UNREACHABLE;
                default -> ProbeOutcome.OTHER_UNREACHABLE;
            };
        };
    }

    /** The texts iputils' (ping4.c) and BSD's (ping.c) pr_icmph print. */
    static String describe(IcmpMessage m, PingStyle style) {
        boolean bsd = style == PingStyle.BSD;
        return switch (m.type()) {
            case IcmpMessage.REDIRECT -> (m.code() == IcmpMessage.REDIRECT_HOST ? "Redirect Host" : "Redirect Network")
                    + (bsd ? "(New addr: " + m.gateway() + ")" : "(New nexthop: " + m.gateway() + ")");
            case IcmpMessage.TIME_EXCEEDED -> m.code() == IcmpMessage.FRAG_REASSEMBLY_TIME_EXCEEDED ? "Frag reassembly time exceeded" : "Time to live exceeded";
            default -> switch (m.code()) {
                case IcmpMessage.NET_UNREACHABLE -> "Destination Net Unreachable";
                case IcmpMessage.HOST_UNREACHABLE -> "Destination Host Unreachable";
                case IcmpMessage.PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
                case IcmpMessage.PORT_UNREACHABLE -> "Destination Port Unreachable";
                case IcmpMessage.FRAG_NEEDED -> bsd ? "frag needed and DF set (MTU " + (m.restOfHeader() & 0xffff) + ")"
                        : "Frag needed and DF set (mtu = " + (m.restOfHeader() & 0xffff) + ")";
                default -> "Dest Unreachable, Bad Code: " + m.code();
            };
        };
    }

    /**
     * BSD ping's pr_iph dump of the quoted header. The Len column shows ip_len as the macOS kernel hands it
     * over: byte-swapped for Unreachable (the raw quote is passed through) but already converted for
     * Redirect (icmp_input processes redirects and fixes the quoted header's byte order) — the seed trace
     * shows "5400" for the former and "0054" for the latter.
     */
    private void printQuotedHeaderBsd(IcmpMessage error, Ipv4Packet q) {
        for (String line : bsdQuotedHeader(error, q)) print(line);
    }

    static List<String> bsdQuotedHeader(IcmpMessage error, Ipv4Packet q) {
        int len = q.totalLength();
        int shownLen = error.type() == IcmpMessage.REDIRECT ? len : ((len & 0xff) << 8 | (len >>> 8));
        byte[] raw = error.data();
        int cks = raw.length >= 12 ? (raw[10] & 0xff) << 8 | (raw[11] & 0xff) : 0;
        int flags = (q.dontFragment() ? 2 : 0) | (q.moreFragments() ? 1 : 0);
        return List.of("Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst",
                String.format(Locale.ROOT, " %1x  %1x  %02x %04x %04x   %1x %04x  %02x  %02x %04x %s  %s ",
                        4, 5, q.tos(), shownLen, q.identification(), flags, q.fragmentOffset(), q.ttl(), q.protocol(), cks, q.src(), q.dst()),
                "");
    }

    /** iputils: 3 significant digits ("131 ms", "40.1 ms", "5.14 ms", "0.512 ms"). */
    static String iputilsMs(long rttNs) {
        long us = rttNs / 1000;
        if (us >= 100000 - 50) return Long.toString((us + 500) / 1000);
        if (us >= 10000 - 5) return ((us + 50) / 1000) + "." + ((us + 50) % 1000) / 100;
        if (us >= 1000) return ((us + 5) / 1000) + "." + String.format(Locale.ROOT, "%02d", ((us + 5) % 1000) / 10);
        return (us / 1000) + "." + String.format(Locale.ROOT, "%03d", us % 1000);
    }

    /** BSD: "%.3f" milliseconds. */
    static String bsdMs(long rttNs) {
        return String.format(Locale.ROOT, "%.3f", rttNs / 1e6);
    }

    private void result(int seq, ProbeOutcome outcome, long rtt, Ip4 from, String detail) {
        env.trace(new TraceEvent.ProbeResult(name, seq, outcome, rtt, from, detail));
    }

    private void print(String line) {
        env.trace(new TraceEvent.Log(program, line));
    }

    /** Stops sending and prints the statistics block (as on -c exhaustion or Ctrl-C). */
    public void finish() {
        if (finished) return;
        finished = true;
        if (tick != null) tick.cancel();
        for (TimerHandle t : deadlines.values()) t.cancel();
        deadlines.clear();
        stack.unregisterIcmp(id);
        Ip4 dst = opt.destination();
        print("");
        print("--- " + dst + " ping statistics ---");
        double loss = transmitted == 0 ? 0 : (transmitted - received) * 100.0 / transmitted;
        if (opt.style() == PingStyle.BSD) {
            print(transmitted + " packets transmitted, " + received + " packets received, "
                    + String.format(Locale.ROOT, "%.1f", loss) + "% packet loss");
            if (received > 0) print("round-trip min/avg/max/stddev = " + stats("%.3f") + " ms");
        } else {
            long elapsedMs = (lastActivityNs - startNs) / 1_000_000;
            print(transmitted + " packets transmitted, " + received + " received"
                    + (errors > 0 ? ", +" + errors + " errors" : "") + ", " + percentG(loss) + "% packet loss, time " + elapsedMs + "ms");
            if (received > 0) print("rtt min/avg/max/mdev = " + stats("%.3f") + " ms");
        }
    }

    private String stats(String fmt) {
        double avg = (double) rttSum / received;
        double var = Math.max(0, rttSumSq / received - avg * avg);
        return String.format(Locale.ROOT, fmt + "/" + fmt + "/" + fmt + "/" + fmt,
                rttMin / 1e6, avg / 1e6, rttMax / 1e6, Math.sqrt(var) / 1e6);
    }

    /** C's %g for the loss percentage (iputils prints "0%", "40%", "33.3333%"). */
    static String percentG(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}
