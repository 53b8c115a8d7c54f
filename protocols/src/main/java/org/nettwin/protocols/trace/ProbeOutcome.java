package org.nettwin.protocols.trace;

/** What one probe (ping request, UDP datagram, traceroute hop) came to. */
public enum ProbeOutcome {
    REPLY, TIMEOUT, NET_UNREACHABLE, HOST_UNREACHABLE, PORT_UNREACHABLE, OTHER_UNREACHABLE,
    REDIRECT, TIME_EXCEEDED, SEND_ERROR
}
