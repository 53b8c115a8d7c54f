package org.nettwin.protocols.stack;

import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * One routing-table entry. {@code gateway} null means on-link (connected, or `dev X` without `via`).
 * {@code source} is the preferred source address ("src" in `ip route`), null to pick the interface's.
 *
 * <p>Two conditions come from routers other than Linux (protocol-facts §5.1, §5.3, §5.4):
 * {@code hide} makes the route valid only while its device is connected (YAMAHA RTX `hide`: a tunnel whose
 * SA is up; the cloud gateways' "clear"/withdraw of a down tunnel), where a plain route stays installed and
 * its packets die in the down device. {@code multipath} routes of one prefix and metric share the traffic by
 * a flow hash (ECMP), where Linux otherwise uses only the first of equal routes.
 */
public record Route(Prefix4 prefix, Ip4 gateway, String device, int metric, Origin origin, Ip4 source,
                    boolean hide, boolean multipath) {
    /** Where a route came from; only `kernel` routes follow interface addresses automatically. */
    public enum Origin { CONNECTED, STATIC }

    /** A route without conditions, as `ip route` makes them. */
    public Route(Prefix4 prefix, Ip4 gateway, String device, int metric, Origin origin, Ip4 source) {
        this(prefix, gateway, device, metric, origin, source, false, false);
    }

    public static Route connected(Prefix4 p, String dev, Ip4 src) { return new Route(p, null, dev, 0, Origin.CONNECTED, src); }

    public static Route via(Prefix4 p, Ip4 gw, String dev, int metric) { return new Route(p, gw, dev, metric, Origin.STATIC, null); }

    /** A static route out of a (tunnel) device with the RTX/cloud conditions. */
    public static Route throughDevice(Prefix4 p, String dev, int metric, boolean hide, boolean multipath) {
        return new Route(p, null, dev, metric, Origin.STATIC, null, hide, multipath);
    }

    /** The same text `ip route show` prints, e.g. "default via 192.168.0.254 dev eth0"; conditions appended. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(prefix.length() == 0 ? "default" : prefix.toString());
        if (gateway != null) sb.append(" via ").append(gateway);
        sb.append(" dev ").append(device);
        if (origin == Origin.CONNECTED) sb.append(" proto kernel scope link");
        if (source != null) sb.append(" src ").append(source);
        if (metric != 0) sb.append(" metric ").append(metric);
        if (hide) sb.append(" hide");
        if (multipath) sb.append(" multipath");
        return sb.toString();
    }
}
