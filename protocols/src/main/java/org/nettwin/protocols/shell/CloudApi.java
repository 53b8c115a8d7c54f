package org.nettwin.protocols.shell;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The outside world a node's scripts talk to over HTTPS: the AWS EC2 API and instance metadata, and the
 * SORACOM API. The simulator implements it with modelled latency (protocol-facts §8.0 item 5: the route
 * swap's round trip is a parameter) and applies the effect to the modelled cloud route table or SIM.
 * Callbacks run on the node's own thread of control, later (never from inside the call when latency > 0).
 */
public interface CloudApi {
    /**
     * `aws ec2 delete-route|create-route|replace-route`: {@code verb} is one of those three, {@code instanceId}
     * is null for delete-route. The result carries what the aws CLI prints and its exit status
     * (255, as AWS CLI v1 exits, when the service answers with an error, e.g. InvalidRoute.NotFound).
     */
    void ec2RouteChange(String verb, String tableId, String cidr, String instanceId, Consumer<CommandResult> done);

    /** What http://169.254.169.254/latest/meta-data/instance-id answers on this node (no trailing newline). */
    String instanceId();

    /** `soracom sim update_speed_class`: the SORACOM API changes the SIM's speed class. */
    void setSpeedClass(String imsi, String speedClass, Consumer<CommandResult> done);

    /**
     * `gcloud compute routes create|delete|list` ({@link GcloudCommands}): {@code verb} is one of those three;
     * {@code route} is the route to create, or for delete only its name (the other fields null), or null for list.
     * {@code done} gets what gcloud prints and its exit status, and the route created or deleted (null for list
     * and on error) so that the caller, the network's router, applies it to its forwarding. Added for seed 004;
     * a node without a GCP project answers as gcloud without credentials does.
     */
    default void gcpRoutes(String verb, GcpRoute route, BiConsumer<CommandResult, GcpRoute> done) {
        done.accept(CommandResult.fail(1, GcloudCommands.NO_CREDENTIALS), null);
    }
}
