package org.nettwin.scenarios.spec;

import org.nettwin.protocols.value.Ip4;
import org.nettwin.topologies.SourcePos;

/**
 * A `traceroute -n` (BSD style, as in the seed 002 trace) from {@code from} to {@code to}, started at
 * {@code startNs}: UDP probes three per hop, each waiting up to {@code waitNs}, up to {@code maxHops}.
 */
public record TracerouteSpec(String name, String from, Ip4 to, long startNs, int maxHops, long waitNs, SourcePos pos) implements ProbeSpec {
    public static final int DEFAULT_MAX_HOPS = 64;
    public static final long DEFAULT_WAIT_NS = 5_000_000_000L;
}
