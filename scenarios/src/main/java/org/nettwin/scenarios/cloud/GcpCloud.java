package org.nettwin.scenarios.cloud;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.shell.GcpRoute;
import org.nettwin.sim.SimKernel;
import org.nettwin.topologies.CloudSpec;

/**
 * A GCP project as seed 004's operator sees it: the routes of its VPC networks whose next hop is a Classic VPN
 * tunnel, created, deleted and listed with `gcloud compute routes` (protocol-facts §5.4). The route set is the
 * API's view: a route stays in it while its tunnel is down (GCP lists it; only its use stops), and the network's
 * router node forwards by it, withdrawing it while the tunnel is down. Each change is traced as
 * {@code StateChanged("gcp-route/NETWORK/NAME", from, to)} with "absent" or "DEST via REGION/vpnTunnels/T priority P".
 *
 * <p>Messages are those of the Cloud SDK: success "Created [URL]." / "Deleted [URL]." on stderr and the route's
 * row on stdout; an API error "ERROR: (gcloud.compute.routes.VERB) Could not fetch resource:" with the reason,
 * exit status 1.
 */
public final class GcpCloud extends CloudService {
    /** A route that is not in the set, in traces. */
    public static final String ABSENT = "absent";
    static final String ROUTE_MACHINE_PREFIX = "gcp-route/";
    private static final String API = "https://www.googleapis.com/compute/v1/";

    private final CloudSpec.Gcp spec;
    /** name -> route (region filled in), in creation order. */
    private final Map<String, GcpRoute> routes = new LinkedHashMap<>();

    GcpCloud(CloudSpec.Gcp spec, SimKernel kernel) {
        super(spec.name(), "gcloud", spec.apiLatencyNs(), kernel);
        this.spec = spec;
    }

    /** Whether {@code node} forwards one of this project's networks, and so may call its API. */
    boolean isRouter(String node) {
        return spec.networkRouters().containsValue(node);
    }

    /** The routes now, by name. */
    public Map<String, GcpRoute> routes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** The trace name of a route's state. */
    public static String machine(String network, String name) {
        return ROUTE_MACHINE_PREFIX + network + "/" + name;
    }

    /** A route as its trace state shows it: "10.10.0.0/16 via asia-northeast1/vpnTunnels/t1 priority 1000". */
    public static String describe(GcpRoute r) {
        return r.destinationRange() + " via " + r.nextHop() + " priority " + r.priority();
    }

    /** What the API answers: the CLI's output and the route created or deleted, if any. */
    record Answer(CommandResult result, GcpRoute changed) {}

    /** Kernel thread, when the answer is due: `gcloud compute routes VERB` from {@code node}. */
    Answer apply(String node, String verb, GcpRoute request) {
        return switch (verb) {
            case "create" -> create(node, request);
            case "delete" -> delete(node, request.name());
            case "list" -> new Answer(CommandResult.ok(table(routes.values())), null);
            default -> throw new IllegalArgumentException("not a routes verb: " + verb);
        };
    }

    private Answer create(String node, GcpRoute request) {
        String what = "routes.insert " + request.name() + " from " + node;
        String router = spec.networkRouters().get(request.network());
        if (router == null) {
            return error(what, "create", "The resource '" + project() + "global/networks/" + request.network() + "' was not found");
        }
        if (!router.equals(node)) {
            warn("gcloud on " + node + " created a route in network " + request.network() + ", which node " + router
                    + " forwards: the twin applies a route on the node that runs gcloud, so run it on " + router);
            return error(what, "create", "The twin applies network " + request.network() + "'s routes on node " + router + ", not " + node);
        }
        if (routes.containsKey(request.name())) {
            return error(what, "create", "The resource '" + url(request.name()) + "' already exists");
        }
        GcpRoute route = new GcpRoute(request.name(), request.network(), request.destinationRange(), request.tunnel(),
                request.tunnelRegion() == null ? spec.region() : request.tunnelRegion(), request.priority());
        routes.put(route.name(), route);
        changed(machine(route.network(), route.name()), ABSENT, describe(route));
        log(what + ": ok");
        return new Answer(new CommandResult(0, table(List.of(route)), "Created [" + API + url(route.name()) + "].\n"), route);
    }

    private Answer delete(String node, String name) {
        String what = "routes.delete " + name + " from " + node;
        GcpRoute route = routes.get(name);
        if (route == null) return error(what, "delete", "The resource '" + url(name) + "' was not found");
        if (!spec.networkRouters().get(route.network()).equals(node)) {
            return error(what, "delete", "The twin applies network " + route.network() + "'s routes on node " + spec.networkRouters().get(route.network()));
        }
        routes.remove(name);
        changed(machine(route.network(), name), describe(route), ABSENT);
        log(what + ": ok");
        return new Answer(new CommandResult(0, "", "Deleted [" + API + url(name) + "].\n"), route);
    }

    private Answer error(String what, String verb, String reason) {
        log(what + ": " + reason);
        return new Answer(CommandResult.fail(1, "ERROR: (gcloud.compute.routes." + verb + ") Could not fetch resource:\n - " + reason + "\n"), null);
    }

    private String project() {
        return "projects/" + spec.project() + "/";
    }

    private String url(String name) {
        return project() + "global/routes/" + name;
    }

    /** gcloud's default table format: upper-case headings, columns padded to their widest cell plus two spaces. */
    static String table(Iterable<GcpRoute> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"NAME", "NETWORK", "DEST_RANGE", "NEXT_HOP", "PRIORITY"});
        for (GcpRoute r : rows) {
            cells.add(new String[] {r.name(), r.network(), r.destinationRange().toString(), r.nextHop(), String.valueOf(r.priority())});
        }
        if (cells.size() == 1) return "Listed 0 items.\n";
        int[] width = new int[5];
        for (String[] row : cells) for (int i = 0; i < 5; i++) width[i] = Math.max(width[i], row[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 5; i++) line.append(i < 4 ? String.format(Locale.ROOT, "%-" + (width[i] + 2) + "s", row[i]) : row[i]);
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
