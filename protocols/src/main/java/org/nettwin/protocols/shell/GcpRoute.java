package org.nettwin.protocols.shell;

import org.nettwin.protocols.value.Prefix4;

/**
 * A route of a GCP VPC network whose next hop is a Classic VPN tunnel, as `gcloud compute routes create` makes it
 * (protocol-facts §5.4). For a delete request only {@code name} is set.
 *
 * @param priority GCP route priority, 0..65535, lower wins; equal priorities share the traffic (ECMP)
 */
public record GcpRoute(String name, String network, Prefix4 destinationRange, String tunnel, String tunnelRegion, int priority) {
    /** gcloud's default priority. */
    public static final int DEFAULT_PRIORITY = 1000;
    /** The network gcloud uses without --network. */
    public static final String DEFAULT_NETWORK = "default";

    /** A delete request: the name alone. */
    public static GcpRoute named(String name) {
        return new GcpRoute(name, null, null, null, null, 0);
    }

    /** NEXT_HOP as `gcloud compute routes list` prints a tunnel next hop: "REGION/vpnTunnels/NAME". */
    public String nextHop() {
        return tunnelRegion + "/vpnTunnels/" + tunnel;
    }
}
