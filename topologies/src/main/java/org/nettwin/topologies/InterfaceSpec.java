package org.nettwin.topologies;

import java.util.List;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/**
 * One interface of a node. {@code mac} null means derived by the simulator from "node:interface".
 * The first address is the primary one (the source Linux picks for ICMP errors). {@code ppp} non-null makes
 * it a PPPoE interface; {@code masquerade} is `iptables -t nat -A POSTROUTING -o IF -j MASQUERADE`.
 */
public record InterfaceSpec(String name, List<IfAddr> addresses, Mac mac, int mtu, PppSpec ppp, boolean masquerade, SourcePos pos) {
    public static final int DEFAULT_MTU = 1500;
    /** PPPoE takes 8 bytes of the Ethernet payload (RFC 2516 §7). */
    public static final int PPPOE_MTU = 1492;

    public InterfaceSpec {
        addresses = List.copyOf(addresses);
    }

    /** A plain Ethernet interface (or switch port). */
    public InterfaceSpec(String name, List<IfAddr> addresses, Mac mac, int mtu, SourcePos pos) {
        this(name, addresses, mac, mtu, null, false, pos);
    }
}
