package org.nettwin.protocols.heartbeat;

import java.util.List;
import java.util.Objects;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;

/**
 * What ha.cf, authkeys and haresources say for a two-node Heartbeat (v1-style, haresources) cluster with
 * multicast media, as Vyatta's cluster templates write them (protocol-facts §4).
 *
 * @param group the resource group name (Vyatta `cluster group NAME`); traces name the machine "cluster/NAME"
 * @param localNode this node's `uname -n`
 * @param primary the node that owns the group in haresources
 * @param secondary the other node
 * @param iface the interface of `mcast IF GROUP PORT TTL 0`
 * @param mcastTtl TTL of the heartbeat datagrams (Vyatta writes 1)
 * @param keepaliveNs `keepalive`
 * @param deadNs `deadtime`
 * @param warnNs `warntime`
 * @param initDeadNs `initdead`
 * @param autoFailback `auto_failback`; only off is modelled (Vyatta's default)
 * @param secret the `sha1` key of authkeys (Vyatta `pre-shared-secret`)
 * @param resources the group's IPaddr2 resources, acquired in order
 */
public record HeartbeatConfig(String group, String localNode, String primary, String secondary, String iface,
                              Ip4 mcastGroup, int port, int mcastTtl, long keepaliveNs, long deadNs, long warnNs, long initDeadNs,
                              boolean autoFailback, String secret, List<IpResource> resources) {
    /** Vyatta's `mcast-group` default and Heartbeat's registered UDP port. */
    public static final Ip4 VYATTA_MCAST_GROUP = Ip4.of(239, 251, 252, 253);
    public static final int UDP_PORT = 694;
    /** Vyatta's `keepalive-interval` and `dead-interval` defaults (ms). */
    public static final long VYATTA_KEEPALIVE_MS = 5000, VYATTA_DEAD_MS = 20000;
    /** Vyatta writes `initdead` as a fixed 30 s (lib/Vyatta/Cluster/Config.pm). */
    public static final long VYATTA_INITDEAD_MS = 30000;

    /** An IPaddr2 resource: the address goes on {@code device} when the group is acquired. */
    public record IpResource(IfAddr address, String device) {
        public IpResource {
            Objects.requireNonNull(address);
            Objects.requireNonNull(device);
        }

        @Override public String toString() { return "IPaddr2::" + address + "/" + device; }
    }

    public HeartbeatConfig {
        resources = List.copyOf(resources);
        if (!localNode.equals(primary) && !localNode.equals(secondary))
            throw new IllegalArgumentException("node name " + localNode + " is neither primary " + primary + " nor secondary " + secondary);
        if (keepaliveNs <= 0 || deadNs <= keepaliveNs || warnNs <= 0 || initDeadNs <= 0)
            throw new IllegalArgumentException("heartbeat timers must satisfy 0 < keepalive < deadtime, warntime > 0, initdead > 0");
        if (autoFailback) throw new IllegalArgumentException("auto_failback on is not modelled by the twin");
    }

    /**
     * The ha.cf Vyatta writes for keepalive {@code keepaliveMs} and dead-interval {@code deadMs}: warntime
     * min(2 x keepalive, dead), initdead 30 s, mcast TTL 1, auto_failback off (protocol-facts §4).
     */
    public static HeartbeatConfig vyatta(String group, String localNode, String primary, String secondary, String iface,
                                         Ip4 mcastGroup, long keepaliveMs, long deadMs, String secret, List<IpResource> resources) {
        return new HeartbeatConfig(group, localNode, primary, secondary, iface, mcastGroup, UDP_PORT, 1,
                Time.ms(keepaliveMs), Time.ms(deadMs), Time.ms(Math.min(2 * keepaliveMs, deadMs)), Time.ms(VYATTA_INITDEAD_MS),
                false, secret, resources);
    }

    public boolean isPrimary() { return localNode.equals(primary); }

    /** The other node of the pair. */
    public String peer() { return localNode.equals(primary) ? secondary : primary; }
}
