package org.nettwin.scenarios.cloud;

import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.shell.CloudApi;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.shell.GcpRoute;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * One node's end of the clouds it may call (an AWS account, a SORACOM account, a GCP project). It runs inside the
 * node's processing, where the kernel and the clouds' state are out of reach: a call only records the
 * request in {@link #outbox} and traces a "request ... sent" log line. {@link SimulatedCloud} sees that
 * line on the kernel thread and takes the request from there (see its class comment for why).
 */
final class NodeCloudApi implements CloudApi {
    /** A request that left the node; {@code apply} runs on the kernel thread when the answer is due. */
    record Request(String node, CloudService cloud, String what, TraceEvent sent, Supplier<CommandResult> apply,
                   Consumer<CommandResult> done) {}

    private final String node;
    private final Supplier<NodeEnv> env;
    /** Null when the node is no instance of an AWS cloud, or has no SORACOM SIM. */
    private final AwsCloud aws;
    private final SoracomCloud soracom;
    /** Null when the node forwards no network of a GCP project. */
    private final GcpCloud gcp;
    /**
     * Requests traced but not yet taken by the kernel, oldest first. Written by the node's batch and read by
     * the kernel after the round's barrier, never both at once (SimKernel: outputs merge after the batches).
     */
    private final ArrayDeque<Request> outbox = new ArrayDeque<>();

    NodeCloudApi(String node, Supplier<NodeEnv> env, AwsCloud aws, SoracomCloud soracom, GcpCloud gcp) {
        this.node = node;
        this.env = env;
        this.aws = aws;
        this.soracom = soracom;
        this.gcp = gcp;
    }

    @Override public void ec2RouteChange(String verb, String tableId, String cidr, String instanceId, Consumer<CommandResult> done) {
        if (aws == null) {
            // As CloudCommands answers a node without any API: the CLI finds no credentials (AWS CLI v1 exits 255).
            noApi("AWS", "aws ec2 " + verb);
            done.accept(CommandResult.fail(255, "Unable to locate credentials. You can configure credentials by running \"aws configure\"."));
            return;
        }
        String what = AwsCloud.operation(verb) + " " + tableId + " " + cidr + (instanceId == null ? "" : " " + instanceId);
        send(aws, what, () -> aws.changeRoute(node, verb, tableId, cidr, instanceId), done);
    }

    /**
     * The metadata service answers at once (it is link-local, no API round trip). A node that is no EC2
     * instance gets an empty answer and a diagnostic: in `$(wget ...)` that is what the failed connection
     * of a real non-EC2 host gives too, and the CloudApi port has no way to say "no answer".
     */
    @Override public String instanceId() {
        if (aws == null) {
            noApi("EC2 instance metadata", "wget http://169.254.169.254/latest/meta-data/instance-id");
            return "";
        }
        return aws.instanceIdOf(node).orElseThrow();
    }

    @Override public void setSpeedClass(String imsi, String speedClass, Consumer<CommandResult> done) {
        if (soracom == null) {
            noApi("SORACOM", "soracom sim update_speed_class");
            done.accept(CommandResult.fail(1, "soracom: cannot reach the SORACOM API"));
            return;
        }
        send(soracom, "UpdateSpeedClass " + imsi + " " + speedClass, () -> soracom.updateSpeedClass(node, imsi, speedClass), done);
    }

    @Override public void gcpRoutes(String verb, GcpRoute route, BiConsumer<CommandResult, GcpRoute> done) {
        if (gcp == null) {
            noApi("GCP", "gcloud compute routes " + verb);
            CloudApi.super.gcpRoutes(verb, route, done);
            return;
        }
        String what = "routes." + verb + (route == null ? "" : " " + route.name());
        // The answer carries the route changed; the node applies it once the answer has arrived.
        GcpCloud.Answer[] answer = new GcpCloud.Answer[1];
        send(gcp, what, () -> {
            answer[0] = gcp.apply(node, verb, route);
            return answer[0].result();
        }, result -> done.accept(result, answer[0].changed()));
    }

    private void send(CloudService cloud, String what, Supplier<CommandResult> apply, Consumer<CommandResult> done) {
        TraceEvent sent = new TraceEvent.Log(cloud.program(), "request " + what + " sent to " + cloud.name());
        outbox.add(new Request(node, cloud, what, sent, apply, done));
        env.get().trace(sent);
    }

    private void noApi(String what, String command) {
        env.get().trace(new TraceEvent.Diagnostic("error", node, "the topology gives node " + node + " no " + what
                + " API (clouds: in the topology), so `" + command + "` cannot reach it"));
    }

    /** Kernel thread: the request whose "sent" line {@code event} is, taken off the outbox; null for any other event. */
    Request takeSent(TraceEvent event) {
        Request oldest = outbox.peek();
        if (oldest == null || oldest.sent() != event) return null;
        return outbox.poll();
    }
}
