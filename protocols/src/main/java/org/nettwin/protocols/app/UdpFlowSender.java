package org.nettwin.protocols.app;

import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * The sending end of a constant-rate UDP flow (a voice call, telemetry, `iperf -u`): {@code count} datagrams
 * of {@code size} payload bytes, one every {@code intervalNs}, from one fixed source port so that ECMP hashes
 * the whole flow onto one path. A datagram the stack cannot send (no route, interface down) is reported as a
 * SEND_ERROR result, as the socket call would fail; everything else is judged by the {@link UdpFlowReceiver}.
 */
public final class UdpFlowSender {
    private final String name;
    private final String program;
    private final NodeStack stack;
    private final Ip4 destination;
    private final int destinationPort;
    private final int sourcePort;
    private final long intervalNs;
    private final int size;
    private final int count;
    private NodeEnv env;
    private TimerHandle tick;
    private int nextSeq;

    public UdpFlowSender(String name, NodeStack stack, Ip4 destination, int destinationPort, int sourcePort, long intervalNs,
                         int size, int count) {
        if (intervalNs <= 0) throw new IllegalArgumentException("interval must be positive");
        if (size < UdpFlowPayload.MIN_SIZE) throw new IllegalArgumentException("size below " + UdpFlowPayload.MIN_SIZE);
        this.name = name;
        this.program = "udp/" + name;
        this.stack = stack;
        this.destination = destination;
        this.destinationPort = destinationPort;
        this.sourcePort = sourcePort;
        this.intervalNs = intervalNs;
        this.size = size;
        this.count = count;
    }

    /** Sends the first datagram now and the others every interval. */
    public void start(NodeEnv env) {
        this.env = env;
        send();
    }

    public int sent() { return nextSeq; }

    private void send() {
        int seq = nextSeq++;
        long now = env.now();
        Ip4 src = stack.sourceAddressFor(destination, null);
        if (src == null) src = Ip4.ANY;
        byte[] udp = new UdpDatagram(sourcePort, destinationPort, new UdpFlowPayload(seq, now).encode(size)).encode(src, destination);
        Ipv4Packet ip = new Ipv4Packet(0, stack.nextId(), false, false, 0, NodeStack.DEFAULT_TTL, IpProto.UDP, src, destination, udp);
        NodeStack.SendResult r = stack.sendIp(ip, null);
        if (r != NodeStack.SendResult.SENT) {
            env.trace(new TraceEvent.ProbeResult(name, seq, ProbeOutcome.SEND_ERROR, -1, null,
                    switch (r) {
                        case NETWORK_UNREACHABLE -> "sendto: Network is unreachable";
                        case MESSAGE_TOO_LONG -> "sendto: Message too long";
                        default -> "sendto: Network is down";
                    }));
        }
        if (nextSeq < count) tick = env.schedule(now + intervalNs, program + "/tick", this::send);
    }

    /** Stops sending (the program is killed). */
    public void stop() {
        if (tick != null) tick.cancel();
    }
}
