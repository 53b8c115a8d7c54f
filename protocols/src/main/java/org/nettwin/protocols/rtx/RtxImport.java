package org.nettwin.protocols.rtx;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.ipsec.IpsecTunnel;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;

/**
 * Applies an {@link RtxConfig} to a node: one {@link IpsecTunnel} per enabled tunnel, named as RTX routes
 * refer to it ("tunnel1"), and the routes. Each gateway of an `ip route` line becomes its own route with
 * its metric; `hide` makes it valid only while its tunnel is up (protocol-facts §5.1); gateways sharing
 * the lowest metric of a line balance flows between them (multipath).
 */
public final class RtxImport {
    private RtxImport() {}

    /** Returns one line per tunnel and route created, for the command's output. */
    public static List<String> apply(RtxConfig cfg, NodeStack stack, String file) throws ConfigError {
        List<String> done = new ArrayList<>();
        for (RtxConfig.Tunnel t : cfg.tunnels()) {
            if (!t.enabled()) continue;
            if (stack.iface(t.interfaceName()) != null) throw new ConfigError(file, t.line(), 1, t.interfaceName() + " already exists on " + stack.name(), "apply an RTX configuration once");
            // Without `ipsec auto refresh on` an RTX negotiates when traffic needs the tunnel; the twin opens it at start either way.
            IpsecTunnel.create(stack, t.toTunnelConfig(true));
            done.add("tunnel " + t.number() + ": " + t.local() + " -> " + t.remote() + (t.dpd() == null ? "" : ", dpd " + t.dpd().intervalNs() / 1_000_000_000L + " s x " + t.dpd().count()));
        }
        for (RtxConfig.RouteLine line : cfg.routes()) {
            for (RtxConfig.Gateway gw : line.gateways()) {
                boolean multipath = line.gateways().stream().filter(g -> g.metric() == gw.metric()).count() > 1;
                Route r;
                if (gw.tunnel() != null) {
                    r = Route.throughDevice(line.destination(), "tunnel" + gw.tunnel(), gw.metric(), gw.hide(), multipath);
                } else {
                    NetInterface out = stack.interfaces().stream().filter(i -> i.onLink(gw.address())).findFirst()
                            .orElseThrow(() -> new ConfigError(file, line.line(), 1, "gateway " + gw.address() + " is on none of " + stack.name() + "'s subnets", ""));
                    r = new Route(line.destination(), gw.address(), out.name(), gw.metric(), Route.Origin.STATIC, null, gw.hide(), multipath);
                }
                stack.addRoute(r);
                done.add("route " + r);
            }
        }
        return done;
    }
}
