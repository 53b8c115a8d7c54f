package org.nettwin.protocols.vrrp;

import java.util.Objects;
import org.nettwin.protocols.value.Ip4;

/**
 * A VRRP message as the node's raw socket hands it to keepalived: the interface it came in on, the IPv4
 * source, destination and TTL, and the VRRP bytes (the IP payload).
 */
public record ReceivedAdvert(String ifName, Ip4 src, Ip4 dst, int ttl, byte[] vrrp) {
    public ReceivedAdvert {
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        Objects.requireNonNull(vrrp, "vrrp");
    }

    /** The VRID byte, or -1 if the message is too short to have one. */
    public int vrid() { return vrrp.length >= 2 ? VrrpPacket.vridOf(vrrp, 0) : -1; }
}
