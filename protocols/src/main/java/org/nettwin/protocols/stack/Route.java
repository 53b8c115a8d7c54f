package org.nettwin.protocols.stack;

import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * One routing-table entry. {@code gateway} null means on-link (connected, or `dev X` without `via`).
 * {@code source} is the preferred source address ("src" in `ip route`), null to pick the interface's.
 */
public record Route(Prefix4 prefix, Ip4 gateway, String device, int metric, Origin origin, Ip4 source) {
    /** Where a route came from; only `kernel` routes follow interface addresses automatically. */
    public enum Origin { CONNECTED, STATIC }

    public static Route connected(Prefix4 p, String dev, Ip4 src) { return new Route(p, null, dev, 0, Origin.CONNECTED, src); }

    public static Route via(Prefix4 p, Ip4 gw, String dev, int metric) { return new Route(p, gw, dev, metric, Origin.STATIC, null); }

    /** The same text `ip route show` prints, e.g. "default via 192.168.0.254 dev eth0". */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(prefix.length() == 0 ? "default" : prefix.toString());
        if (gateway != null) sb.append(" via ").append(gateway);
        sb.append(" dev ").append(device);
        if (origin == Origin.CONNECTED) sb.append(" proto kernel scope link");
        if (source != null) sb.append(" src ").append(source);
        if (metric != 0) sb.append(" metric ").append(metric);
        return sb.toString();
    }
}
