package org.nettwin.protocols.stack;

import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.value.Mac;

/** Receives IPv4 packets of one protocol number delivered locally (VRRP 112, GRE 47, ESP 50, ...). */
@FunctionalInterface
public interface IpProtocolHandler {
    /** {@code srcMac} is the Ethernet source, or null when the packet did not arrive over Ethernet. */
    void receive(NetInterface ifc, Ipv4Packet packet, Mac srcMac);
}
