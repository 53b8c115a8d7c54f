package org.nettwin.scenarios.cloud;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.shell.CloudApi;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.SimKernel;
import org.nettwin.topologies.CloudSpec;

/**
 * The cloud and carrier APIs of one run (the topology's {@code clouds:}): AWS route tables and instance
 * metadata, SORACOM speed classes, GCP routes through VPN tunnels. A request leaves the node when its script calls the CLI; the change
 * takes effect, and the CLI's answer reaches the node, one API latency later.
 *
 * <h2>How a request gets from a node to the kernel</h2>
 * The clouds' state is shared by nodes (both Gate Peers write one route table) and a speed change is a
 * link change, which only the kernel thread may make ({@code Link.setParams} checks it). Node code cannot
 * call {@link SimKernel#at}: the kernel rejects kernel API calls while batches run. What the kernel does
 * offer node code is its trace: every record a node emits is merged on the kernel thread, in the
 * deterministic (time, node, emission) order, and handed to the trace listeners, which may schedule kernel
 * actions. So a node's {@link NodeCloudApi} traces a "request ... sent" line and keeps the request; the
 * listener installed here recognises that very event object, takes the request and schedules its answer
 * with {@link SimKernel#at}. The answer applies the change on the kernel thread (traced under the cloud's
 * name) and hands the CLI's result back to the node with {@link SimKernel#onNode}. Thread scheduling
 * cannot change the order, so runs stay reproducible with parallel hosts.
 */
public final class SimulatedCloud {
    private final SimKernel kernel;
    private final Map<String, AwsCloud> aws = new LinkedHashMap<>();
    private final Map<String, SoracomCloud> soracom = new LinkedHashMap<>();
    private final Map<String, GcpCloud> gcp = new LinkedHashMap<>();
    private final Map<String, NodeCloudApi> apis = new HashMap<>();

    private SimulatedCloud(SimKernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Creates the clouds in {@code kernel}; call it before adding nodes, so the initial route tables are
     * traced before anything else happens. Without clouds nothing is installed and traces stay as they were.
     */
    public static SimulatedCloud install(Collection<CloudSpec> specs, SimKernel kernel) {
        SimulatedCloud clouds = new SimulatedCloud(kernel);
        for (CloudSpec spec : specs) {
            if (spec instanceof CloudSpec.Aws a) clouds.aws.put(a.name(), new AwsCloud(a, kernel));
            else if (spec instanceof CloudSpec.Gcp g) clouds.gcp.put(g.name(), new GcpCloud(g, kernel));
            else clouds.soracom.put(spec.name(), new SoracomCloud((CloudSpec.Soracom) spec, kernel));
        }
        if (!specs.isEmpty()) {
            // A request is answered one API latency after its "sent" record: the nodes may run that far ahead of
            // the listener that schedules the answer, no further.
            kernel.boundLookahead(Math.max(1, specs.stream().mapToLong(CloudSpec::apiLatencyNs).min().orElseThrow()));
            kernel.addTraceListener(clouds::requestSent);
            kernel.at(kernel.now(), "clouds: initial route tables", () -> clouds.aws.values().forEach(AwsCloud::traceInitialRoutes));
        }
        return clouds;
    }

    /**
     * What {@code node}'s scripts reach: its AWS instance, SORACOM account and the GCP project whose network it routes, or empty when the topology gives
     * it neither. {@code env} is the node's NodeEnv once it has booted.
     */
    public Optional<CloudApi> apiFor(String node, Supplier<NodeEnv> env) {
        AwsCloud instanceOf = aws.values().stream().filter(c -> c.instanceIdOf(node).isPresent()).findFirst().orElse(null);
        SoracomCloud simOf = soracom.values().stream().filter(c -> c.hasSimOn(node)).findFirst().orElse(null);
        GcpCloud routerOf = gcp.values().stream().filter(c -> c.isRouter(node)).findFirst().orElse(null);
        if (instanceOf == null && simOf == null && routerOf == null) return Optional.empty();
        NodeCloudApi api = new NodeCloudApi(node, env, instanceOf, simOf, routerOf);
        apis.put(node, api);
        return Optional.of(api);
    }

    /** The AWS cloud of that name. */
    public AwsCloud aws(String name) {
        return require(aws, name, "AWS");
    }

    /** The GCP cloud of that name. */
    public GcpCloud gcp(String name) {
        return require(gcp, name, "GCP");
    }

    /** The SORACOM cloud of that name. */
    public SoracomCloud soracom(String name) {
        return require(soracom, name, "SORACOM");
    }

    private static <C> C require(Map<String, C> clouds, String name, String kind) {
        C cloud = clouds.get(name);
        if (cloud == null) throw new IllegalArgumentException("no " + kind + " cloud named " + name + "; " + kind + " clouds: " + clouds.keySet());
        return cloud;
    }

    /** Trace listener, kernel thread: a node's "request sent" line starts the API round trip. */
    private void requestSent(TraceRecord record) {
        if (!(record.event() instanceof TraceEvent.Log)) return;
        NodeCloudApi api = apis.get(record.node());
        if (api == null) return;
        NodeCloudApi.Request request = api.takeSent(record.event());
        if (request == null) return;
        String label = request.cloud().name() + ": " + request.what() + " from " + request.node();
        kernel.at(record.time() + request.cloud().latencyNs(), label, () -> {
            CommandResult answer = request.apply().get();
            kernel.onNode(request.node(), kernel.now(), label + " answered", env -> request.done().accept(answer));
        });
    }
}
