package org.nettwin.protocols.stack;

import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.Ipv4Packet;

/** A local ICMP "socket" (like a ping socket) that gets echo replies and errors about its own probes. */
public interface IcmpListener {
    void onEchoReply(Ipv4Packet ip, IcmpMessage reply);

    /** An ICMP error whose quoted packet is an echo request with this listener's id. */
    void onError(Ipv4Packet ip, IcmpMessage error, Ipv4Packet quoted, IcmpMessage quotedEcho);
}
