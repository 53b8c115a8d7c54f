package org.nettwin.protocols.app;

import java.util.BitSet;
import java.util.Locale;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.UdpHandler;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * The receiving end of a {@link UdpFlowSender}'s flow: it knows the sender's schedule (first send, interval,
 * count), so it can call a datagram lost that has not arrived {@code timeoutNs} after it was due to be sent.
 * Every datagram becomes one ProbeResult of the flow's name: REPLY with the one-way delay in the
 * {@code rttNs} field and detail "one-way" (plus "reordered" when a higher sequence number arrived before
 * it, "duplicate" for a second copy), or TIMEOUT. A datagram arriving after its timeout is still reported as
 * it arrives: late, not lost. At the end, {@link #finish} prints an iperf-like summary line.
 */
public final class UdpFlowReceiver implements UdpHandler {
    private final String name;
    private final String program;
    private final int port;
    private final long firstSendNs;
    private final long intervalNs;
    private final int count;
    private final long timeoutNs;
    private final BitSet arrived = new BitSet();
    private NodeEnv env;
    private TimerHandle lossCheck;
    private int checkedUpTo;
    private int highestSeq = -1;
    private int received;
    private int lost;
    private int reordered;
    private long delayMin = Long.MAX_VALUE;
    private long delayMax;
    private long delaySum;

    public UdpFlowReceiver(String name, int port, long firstSendNs, long intervalNs, int count, long timeoutNs) {
        this.name = name;
        this.program = "udp/" + name;
        this.port = port;
        this.firstSendNs = firstSendNs;
        this.intervalNs = intervalNs;
        this.count = count;
        this.timeoutNs = timeoutNs;
    }

    /** Starts judging losses; {@code env} is the node's. Bind the port on the node's stack with {@link #bind}. */
    public void start(NodeEnv env) {
        this.env = env;
        armLossCheck();
    }

    /** Listens on the flow's port of {@code stack} (again after the node was rebooted: a new stack). */
    public void bind(NodeStack stack) {
        stack.bindUdp(port, this);
    }

    private long sendTime(int seq) {
        return firstSendNs + seq * intervalNs;
    }

    private void armLossCheck() {
        if (checkedUpTo >= count) return;
        lossCheck = env.schedule(sendTime(checkedUpTo) + timeoutNs, program + "/loss-check", this::checkLoss);
    }

    private void checkLoss() {
        int seq = checkedUpTo++;
        if (!arrived.get(seq)) {
            lost++;
            env.trace(new TraceEvent.ProbeResult(name, seq, ProbeOutcome.TIMEOUT, -1, null, "one-way"));
        }
        armLossCheck();
    }

    @Override public void receive(NetInterface ifc, Ipv4Packet ip, UdpDatagram datagram) {
        UdpFlowPayload p = UdpFlowPayload.decode(datagram.payload());
        if (env == null || p == null || p.seq() < 0 || p.seq() >= count) return; // not this flow's datagram
        long delay = env.now() - p.sentNs();
        String detail = "one-way";
        if (arrived.get(p.seq())) {
            detail += " duplicate";
        } else {
            arrived.set(p.seq());
            received++;
            if (p.seq() < checkedUpTo) lost--; // late, not lost
            if (p.seq() < highestSeq) {
                reordered++;
                detail += " reordered";
            }
            highestSeq = Math.max(highestSeq, p.seq());
            delayMin = Math.min(delayMin, delay);
            delayMax = Math.max(delayMax, delay);
            delaySum += delay;
        }
        env.trace(new TraceEvent.ProbeResult(name, p.seq(), ProbeOutcome.REPLY, delay, ip.src(), detail));
    }

    public int received() { return received; }
    public int lost() { return lost; }
    public int reordered() { return reordered; }

    /** The summary line, at the end of the run: datagrams due by now, received, lost, reordered, one-way delay. */
    public void finish() {
        if (lossCheck != null) lossCheck.cancel();
        long due = env.now() < firstSendNs ? 0 : Math.min(count, (env.now() - firstSendNs) / intervalNs + 1);
        String line = String.format(Locale.ROOT, "udp flow %s: %d due, %d received, %d lost (%.1f%%), %d reordered", name, due,
                received, lost, due == 0 ? 0.0 : lost * 100.0 / due, reordered);
        if (received > 0) {
            line += String.format(Locale.ROOT, ", one-way delay min/avg/max = %.3f/%.3f/%.3f ms", delayMin / 1e6,
                    delaySum / 1e6 / received, delayMax / 1e6);
        }
        env.trace(new TraceEvent.Log(program, line));
    }
}
