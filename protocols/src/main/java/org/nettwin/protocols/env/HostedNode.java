package org.nettwin.protocols.env;

/**
 * What a runtime (the simulator's node actor, or the real adapter) hosts: a node's protocol stack seen
 * from outside. Calls arrive one at a time on the node's own thread of control.
 */
public interface HostedNode {
    /** Called once when the node boots; {@code env} stays valid for the node's life. */
    void boot(NodeEnv env);

    /** An Ethernet frame (no FCS) arrived on physical port {@code port}. */
    void receive(int port, byte[] frame);

    /** Carrier on a physical port changed (administrative link up/down; a silent cut does not call this). */
    void carrier(int port, boolean up);
}
