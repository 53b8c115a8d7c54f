package org.nettwin.scenarios.cloud;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.sim.SimKernel;
import org.nettwin.topologies.CloudSpec;

/**
 * An AWS account as the seed 000 scripts see it: EC2 route tables whose routes point at instances, and the
 * instance id each node's metadata service answers. Requests are applied by {@link SimulatedCloud} on the
 * kernel thread when their answer is due. Forwarding cloud traffic by these tables is not modelled yet;
 * {@link RouteTableHistory} shows when a route was absent (the blackhole of protocol-facts §8.0 item 5).
 *
 * <p>Answers are those of AWS CLI v1 (Ubuntu 20.04's awscli 1.18, the seed 000 host): a service error is
 * printed as a blank line and "An error occurred (Code) when calling the Operation operation: message"
 * (awscli/utils.py write_exception, botocore ClientError) with exit status 255 (awscli topic return-codes,
 * v1; v2 would exit 254). The messages are EC2's, as reproduced by moto's ec2/exceptions.py.
 */
public final class AwsCloud extends CloudService {
    /** A route that is not in the table, in traces and in {@link RouteTableHistory}. */
    public static final String ABSENT = "absent";
    /** What {@link #machine} names start with. */
    static final String ROUTE_MACHINE_PREFIX = "cloud/";
    /** AWS CLI v1: any error from the CLI or the service. */
    static final int SERVICE_ERROR_STATUS = 255;

    /** table id -> (destination -> instance id), in creation order. */
    private final Map<String, Map<Prefix4, String>> tables = new LinkedHashMap<>();
    /** node -> instance id. */
    private final Map<String, String> instanceIds;

    AwsCloud(CloudSpec.Aws spec, SimKernel kernel) {
        super(spec.name(), "aws", spec.apiLatencyNs(), kernel);
        this.instanceIds = Map.copyOf(spec.instanceIds());
        spec.routeTables().forEach((table, routes) -> {
            Map<Prefix4, String> entries = new LinkedHashMap<>();
            for (CloudSpec.Route r : routes) entries.put(r.destination(), spec.instanceIds().get(r.instance()));
            tables.put(table, entries);
        });
    }

    /** The instance id of {@code node}'s EC2 instance, if it is one. */
    public Optional<String> instanceIdOf(String node) {
        return Optional.ofNullable(instanceIds.get(node));
    }

    /** The routes of {@code table} now: destination ("172.16.0.0/16") -> instance id; empty for an unknown table. */
    public Map<String, String> routes(String table) {
        Map<String, String> view = new LinkedHashMap<>();
        tables.getOrDefault(table, Map.of()).forEach((dest, instance) -> view.put(dest.toString(), instance));
        return Collections.unmodifiableMap(view);
    }

    /** The trace name of a route's state: "cloud/rtb-212ba845/172.16.0.0/16". */
    public static String machine(String table, String destination) {
        return ROUTE_MACHINE_PREFIX + table + "/" + destination;
    }

    /** The routes the topology starts with, traced as created at the start of the run. */
    void traceInitialRoutes() {
        tables.forEach((table, routes) -> routes.forEach((dest, instance) -> changed(machine(table, dest.toString()), ABSENT, instance)));
    }

    /** The EC2 API operation behind an `aws ec2` verb. */
    static String operation(String verb) {
        return switch (verb) {
            case "delete-route" -> "DeleteRoute";
            case "create-route" -> "CreateRoute";
            case "replace-route" -> "ReplaceRoute";
            default -> throw new IllegalArgumentException("not a route verb: " + verb);
        };
    }

    /**
     * Kernel thread, when the answer is due: applies `aws ec2 VERB` from {@code node} and returns what the CLI
     * prints and exits with. {@code instanceId} is null for delete-route.
     */
    CommandResult changeRoute(String node, String verb, String table, String cidr, String instanceId) {
        String operation = operation(verb);
        String request = operation + " " + table + " " + cidr + (instanceId == null ? "" : " " + instanceId) + " from " + node;
        Map<Prefix4, String> routes = tables.get(table);
        if (routes == null) return error(request, operation, "InvalidRouteTableID.NotFound", "The routeTable ID '" + table + "' does not exist");
        Optional<Prefix4> destination = canonicalCidr(cidr);
        if (destination.isEmpty()) {
            return error(request, operation, "InvalidParameterValue",
                    "Value (" + cidr + ") for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.");
        }
        if (instanceId != null && !instanceIds.containsValue(instanceId)) {
            return error(request, operation, "InvalidInstanceID.NotFound", "The instance ID '" + instanceId + "' does not exist");
        }
        Prefix4 dest = destination.get();
        String current = routes.get(dest);
        String machine = machine(table, dest.toString());
        switch (verb) {
            case "delete-route" -> {
                if (current == null) {
                    return error(request, operation, "InvalidRoute.NotFound", "no route with destination-cidr-block " + cidr + " in route table " + table);
                }
                routes.remove(dest);
                changed(machine, current, ABSENT);
            }
            case "create-route" -> {
                if (current != null) return error(request, operation, "RouteAlreadyExists", "The route identified by " + cidr + " already exists");
                routes.put(dest, instanceId);
                changed(machine, ABSENT, instanceId);
            }
            default -> {
                if (current == null) {
                    return error(request, operation, "InvalidParameterValue",
                            "There is no route defined for '" + cidr + "' in the route table. Use CreateRoute instead.");
                }
                routes.put(dest, instanceId);
                if (!current.equals(instanceId)) changed(machine, current, instanceId);
            }
        }
        log(request + ": ok");
        // create-route answers {"Return": true}; delete-route and replace-route print nothing.
        return verb.equals("create-route") ? CommandResult.ok("{\n    \"Return\": true\n}\n") : CommandResult.ok();
    }

    private CommandResult error(String request, String operation, String code, String message) {
        log(request + ": " + code);
        return CommandResult.fail(SERVICE_ERROR_STATUS, "\nAn error occurred (" + code + ") when calling the " + operation + " operation: " + message + "\n");
    }

    /** EC2 takes a CIDR block as written, with its length and without host bits. */
    private static Optional<Prefix4> canonicalCidr(String text) {
        if (text.indexOf('/') < 0) return Optional.empty();
        try {
            Prefix4 p = Prefix4.parse(text);
            return p.toString().equals(text) ? Optional.of(p) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
