package org.nettwin.topologies;

import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/** A static route as `ip route add TO [via VIA] [dev DEV] [metric M]`; at least one of via and dev is set. */
public record RouteSpec(Prefix4 to, Ip4 via, String dev, int metric, SourcePos pos) {}
