package org.nettwin.protocols.codec;

/** IANA IPv4 protocol numbers the twin speaks. */
public final class IpProto {
    public static final int ICMP = 1;
    public static final int UDP = 17;
    public static final int GRE = 47;
    public static final int ESP = 50;
    public static final int VRRP = 112;
    public static final int L2TP = 115;

    private IpProto() {}
}
