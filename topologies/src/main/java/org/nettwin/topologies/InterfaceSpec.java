package org.nettwin.topologies;

import java.util.List;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/**
 * One interface of a node. {@code mac} null means derived by the simulator from "node:interface".
 * The first address is the primary one (the source Linux picks for ICMP errors).
 */
public record InterfaceSpec(String name, List<IfAddr> addresses, Mac mac, int mtu, SourcePos pos) {
    public static final int DEFAULT_MTU = 1500;

    public InterfaceSpec {
        addresses = List.copyOf(addresses);
    }
}
