package org.nettwin.protocols.stack;

import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.UdpDatagram;

/** A bound UDP port. */
@FunctionalInterface
public interface UdpHandler {
    void receive(NetInterface ifc, Ipv4Packet ip, UdpDatagram datagram);
}
