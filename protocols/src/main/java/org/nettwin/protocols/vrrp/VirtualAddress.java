package org.nettwin.protocols.vrrp;

import java.util.Objects;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;

/**
 * One virtual_ipaddress line: "ip[/len] [brd X] [dev Y] [scope S] [label L]". A bare address is /32, as
 * keepalived installs it (seed 000's 172.16.0.150). Null fields were not given: no broadcast, the instance's
 * interface, scope global, no label.
 */
public record VirtualAddress(IfAddr address, Ip4 broadcast, String device, String scope, String label) {
    public VirtualAddress {
        Objects.requireNonNull(address, "address");
    }

    public static VirtualAddress of(IfAddr address) { return new VirtualAddress(address, null, null, null, null); }

    public Ip4 ip() { return address.address(); }

    /** The interface the address goes on: its own `dev`, else the instance's interface. */
    public String deviceOr(String instanceInterface) { return device != null ? device : instanceInterface; }

    /** The line as `ip addr` would be given it. */
    @Override public String toString() {
        StringBuilder sb = new StringBuilder(address.toString());
        if (broadcast != null) sb.append(" brd ").append(broadcast);
        if (device != null) sb.append(" dev ").append(device);
        if (scope != null) sb.append(" scope ").append(scope);
        if (label != null) sb.append(" label ").append(label);
        return sb.toString();
    }
}
