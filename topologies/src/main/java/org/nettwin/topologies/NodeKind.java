package org.nettwin.topologies;

/** What a topology node is. Written in lower case in files ({@code kind: router}). */
public enum NodeKind {
    /** An end system: forwarding off by default. */
    HOST,
    /** An IP router: forwarding on by default. */
    ROUTER,
    /** A learning L2 switch; its ports are created by the links that name them. */
    SWITCH;

    /** Linux's net.ipv4.ip_forward as a node of this kind would have it. */
    public boolean forwardsByDefault() {
        return this == ROUTER;
    }
}
