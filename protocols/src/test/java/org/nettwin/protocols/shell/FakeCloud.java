package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nettwin.protocols.env.NodeEnv;

/**
 * A cloud for tests: an EC2 route table and a SIM whose API answers after a fixed latency on the node's
 * timers, recording when each request was sent and answered.
 */
final class FakeCloud implements CloudApi {
    /** One API call: what, when it was sent, and when its answer came back (-1 while in flight). */
    static final class Call {
        final String request;
        final long sentAt;
        long answeredAt = -1;

        Call(String request, long sentAt) {
            this.request = request;
            this.sentAt = sentAt;
        }

        @Override public String toString() { return request + " sent=" + sentAt + " answered=" + answeredAt; }
    }

    static final String INSTANCE_ID = "i-0a1b2c3d4e5f67890";

    private final NodeEnv env;
    private final long latencyNs;
    final List<Call> calls = new ArrayList<>();
    /** "table cidr" -> instance id. */
    final Map<String, String> routes = new HashMap<>();
    final Map<String, String> speedClass = new HashMap<>();

    FakeCloud(NodeEnv env, long latencyNs) {
        this.env = env;
        this.latencyNs = latencyNs;
    }

    private void answerLater(String request, Runnable apply, Consumer<CommandResult> done, java.util.function.Supplier<CommandResult> result) {
        Call call = new Call(request, env.now());
        calls.add(call);
        env.after(latencyNs, "cloud/" + request, () -> {
            call.answeredAt = env.now();
            CommandResult r = result.get();
            if (r.status() == 0) apply.run();
            done.accept(r);
        });
    }

    @Override public void ec2RouteChange(String verb, String tableId, String cidr, String instanceId, Consumer<CommandResult> done) {
        String key = tableId + " " + cidr;
        answerLater(verb + " " + key + (instanceId == null ? "" : " " + instanceId),
                () -> {
                    if (verb.equals("delete-route")) routes.remove(key);
                    else routes.put(key, instanceId);
                },
                done,
                () -> {
                    boolean exists = routes.containsKey(key);
                    if (verb.equals("create-route") && exists) return CommandResult.fail(255, "An error occurred (RouteAlreadyExists)");
                    if (!verb.equals("create-route") && !exists) return CommandResult.fail(255, "An error occurred (InvalidRoute.NotFound)");
                    return verb.equals("delete-route") ? CommandResult.ok() : CommandResult.ok("{\n    \"Return\": true\n}\n");
                });
    }

    @Override public String instanceId() { return INSTANCE_ID; }

    @Override public void setSpeedClass(String imsi, String speed, Consumer<CommandResult> done) {
        answerLater("speed " + imsi + " " + speed, () -> speedClass.put(imsi, speed), done, CommandResult::ok);
    }
}
