package org.nettwin.scenarios.chaos;

/** What every chaos run must satisfy (docs/chaos.md). */
public enum Invariant {
    /**
     * At most one running VRRP master per instance and one active node per Heartbeat group, except during a path
     * fault and while reconverging after it.
     */
    SPLIT_BRAIN,
    /** Every probe is answered again within the recovery bound after the last fault cleared. */
    REACHABILITY,
    /** Every IPsec tunnel is UP again within the recovery bound after the last fault cleared. */
    TUNNEL_DOWN,
    /** No packet dies of TTL exhaustion: there is no forwarding loop. */
    FORWARDING_LOOP,
    /** No interface is left down once every fault has cleared. */
    INTERFACE_DOWN
}
