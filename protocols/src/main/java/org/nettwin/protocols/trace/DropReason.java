package org.nettwin.protocols.trace;

/** Why a frame or packet went nowhere. Link reasons come from the simulator, the rest from node stacks. */
public enum DropReason {
    LINK_DOWN, SILENT_CUT, LOSS, QUEUE_FULL, MTU_EXCEEDED,
    NO_ROUTE, TTL_EXCEEDED, ARP_FAILED, ARP_QUEUE_FULL, FORWARDING_DISABLED, NO_LISTENER,
    BAD_CHECKSUM, MALFORMED, NOT_FOR_US, INTERFACE_DOWN, FILTERED, NO_SUCH_PORT
}
