package org.nettwin.protocols.shell;

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
}
