package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.nettwin.protocols.ipsec.IpsecTunnel;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.value.Prefix4;

/**
 * `gcloud compute routes create|delete|list` with a Classic VPN tunnel as next hop (seed 004, protocol-facts §5.4):
 * <pre>
 *   gcloud compute routes create NAME --destination-range=CIDR --next-hop-vpn-tunnel=TUNNEL
 *          [--network=NET] [--priority=N] [--next-hop-vpn-tunnel-region=R] [--project=P] [--quiet]
 *   gcloud compute routes delete NAME [--quiet]
 *   gcloud compute routes list
 * </pre>
 * The request goes to the node's GCP project ({@link CloudApi#gcpRoutes}) and is answered one API latency later.
 * The node that runs it is the network's router (the topology's {@code clouds:} names it), hosting the Classic
 * gateways' tunnels: a created route becomes a route of that node through the tunnel, valid only while the tunnel
 * is up (GCP withdraws only tunnels that are down, §5.4), sharing traffic with routes of equal priority (ECMP).
 *
 * <p>Exit statuses as gcloud's: 2 for a command line it rejects, 1 for an error from the API.
 */
final class GcloudCommands {
    /** What gcloud prints without an account. */
    static final String NO_CREDENTIALS = "ERROR: (gcloud.compute.routes) You do not currently have an active account selected.\n";
    private static final Set<String> VERBS = Set.of("create", "delete", "list");
    private static final Set<String> FLAGS = Set.of("quiet");
    /** --project is accepted and the topology's project used: a node reaches one project (clouds: in the topology). */
    private static final Set<String> OPTIONS = Set.of("network", "destination-range", "next-hop-vpn-tunnel", "next-hop-vpn-tunnel-region",
            "priority", "project");
    /** Other next hops GCP has, which the twin does not model. */
    private static final Set<String> OTHER_NEXT_HOPS = Set.of("next-hop-instance", "next-hop-address", "next-hop-gateway", "next-hop-ilb",
            "next-hop-instance-zone");
    /** GCP resource names (RFC 1035 labels). */
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    private GcloudCommands() {}

    static void register(CommandRegistry r) {
        r.register("gcloud", GcloudCommands::gcloud);
    }

    /** A command line gcloud refuses: exit 2. */
    private static final class Rejected extends Exception {
        Rejected(String message) { super(message, null, false, false); }
    }

    private static void gcloud(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        String command = "gcloud.compute.routes";
        try {
            parse(argv.subList(1, argv.size()), positional, options);
            if (positional.size() < 3 || !positional.get(0).equals("compute") || !positional.get(1).equals("routes")
                    || !VERBS.contains(positional.get(2))) {
                ctx.diagnostic("warning", "`gcloud " + String.join(" ", positional) + "` is not modelled by the twin (only compute routes create|delete|list)");
                throw new Rejected("the twin models only `gcloud compute routes create|delete|list`");
            }
            String verb = positional.get(2);
            command += "." + verb;
            List<String> names = positional.subList(3, positional.size());
            for (String o : options.keySet()) {
                if (OTHER_NEXT_HOPS.contains(o)) {
                    ctx.diagnostic("warning", "gcloud compute routes: only --next-hop-vpn-tunnel is modelled by the twin (got --" + o + ")");
                    throw new Rejected("unrecognized arguments: --" + o + " (the twin models VPN tunnel next hops only)");
                }
                if (!OPTIONS.contains(o) && !FLAGS.contains(o)) throw new Rejected("unrecognized arguments: --" + o);
            }
            GcpRoute route = switch (verb) {
                case "list" -> {
                    if (!names.isEmpty()) throw new Rejected("unrecognized arguments: " + String.join(" ", names));
                    yield null;
                }
                case "delete" -> GcpRoute.named(oneName(names));
                default -> create(ctx, oneName(names), options);
            };
            CloudApi api = ctx.cloud().orElse(null);
            if (api == null) {
                ctx.diagnostic("error", "the topology gives node " + ctx.env().nodeName() + " no GCP project (clouds: kind gcp), so `gcloud compute routes "
                        + verb + "` cannot reach it");
                done.accept(CommandResult.fail(1, NO_CREDENTIALS));
                return;
            }
            NodeStack stack = ctx.stack().orElseThrow(() -> new IllegalStateException("gcloud routes need a node stack"));
            api.gcpRoutes(verb, route, (result, changed) -> {
                if (changed != null) applyToForwarding(stack, verb, changed);
                done.accept(result);
            });
        } catch (Rejected e) {
            done.accept(CommandResult.fail(2, "ERROR: (" + command + ") " + e.getMessage() + "\n"));
        }
    }

    /** `--name value`, `--name=value` and the boolean flags; the rest is positional. */
    private static void parse(List<String> args, List<String> positional, Map<String, String> options) throws Rejected {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-q")) a = "--quiet";
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (eq >= 0) {
                options.put(name, a.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw new Rejected("argument --" + name + ": expected one argument");
            }
        }
    }

    private static String oneName(List<String> names) throws Rejected {
        if (names.isEmpty()) throw new Rejected("argument NAME: Must be specified.");
        if (names.size() > 1) throw new Rejected("the twin takes one route NAME at a time, got " + names.size());
        String name = names.get(0);
        if (!NAME.matcher(name).matches()) {
            throw new Rejected("argument NAME: Bad value [" + name + "]: must match [a-z]([-a-z0-9]{0,61}[a-z0-9])?");
        }
        return name;
    }

    private static GcpRoute create(CommandContext ctx, String name, Map<String, String> o) throws Rejected {
        String range = required(o, "destination-range");
        String tunnel = required(o, "next-hop-vpn-tunnel");
        Prefix4 destination;
        try {
            destination = Prefix4.parse(range);
        } catch (IllegalArgumentException e) {
            throw new Rejected("argument --destination-range: Bad value [" + range + "]: " + e.getMessage());
        }
        int priority;
        try {
            priority = Integer.parseInt(o.getOrDefault("priority", String.valueOf(GcpRoute.DEFAULT_PRIORITY)));
        } catch (NumberFormatException e) {
            throw new Rejected("argument --priority: Bad value [" + o.get("priority") + "]: Value must be an integer");
        }
        if (priority < 0 || priority > 65535) throw new Rejected("argument --priority: Value must be between 0 and 65535; received: " + priority);
        // The tunnel must be one this router hosts: the route's effect is on its forwarding.
        if (ctx.stack().isEmpty() || IpsecTunnel.find(ctx.stack().get(), tunnel).isEmpty()) {
            throw new Rejected("argument --next-hop-vpn-tunnel: no Classic VPN tunnel '" + tunnel + "' on " + ctx.env().nodeName()
                    + " (the twin's GCP routes use the tunnels of the node that runs gcloud)");
        }
        return new GcpRoute(name, o.getOrDefault("network", GcpRoute.DEFAULT_NETWORK), destination, tunnel,
                o.get("next-hop-vpn-tunnel-region"), priority);
    }

    private static String required(Map<String, String> o, String option) throws Rejected {
        String v = o.get(option);
        if (v == null) throw new Rejected("argument --" + option + ": Must be specified.");
        return v;
    }

    /** The route as the router forwards by it: through the tunnel, withdrawn while it is down, ECMP among equals. */
    static Route forwardingRoute(GcpRoute r) {
        return Route.throughDevice(r.destinationRange(), r.tunnel(), r.priority(), true, true);
    }

    private static void applyToForwarding(NodeStack stack, String verb, GcpRoute changed) {
        Route r = forwardingRoute(changed);
        if (verb.equals("create")) stack.addRoute(r);
        else if (verb.equals("delete")) stack.routes().remove(r);
    }
}
