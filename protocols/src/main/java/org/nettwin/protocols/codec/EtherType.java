package org.nettwin.protocols.codec;

/** IEEE 802 EtherType values the twin speaks. */
public final class EtherType {
    public static final int IPV4 = 0x0800;
    public static final int ARP = 0x0806;
    /** Transparent Ethernet bridging: an Ethernet frame inside GRE (gretap). */
    public static final int TRANSPARENT_ETHERNET = 0x6558;
    public static final int IPV6 = 0x86DD;
    /** IEEE 802.1Q tag. */
    public static final int VLAN = 0x8100;
    /** PPPoE session stage (RFC 2516 §4). */
    public static final int PPPOE_SESSION = 0x8864;

    private EtherType() {}
}
