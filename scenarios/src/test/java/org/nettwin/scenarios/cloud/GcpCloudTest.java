package org.nettwin.scenarios.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.shell.ExitStatus;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Network;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.topologies.TopologyLoader;

/**
 * `gcloud compute routes` through the GCP cloud model (protocol-facts §5.4): the route set with API latency, the
 * router's forwarding following it, gcloud's answers and exit statuses.
 */
class GcpCloudTest {
    static final String TOPOLOGY = """
            nodes:
              gw:
                kind: router
                interfaces: { eth0: { address: 198.51.100.2/24 }, eth1: { address: 10.20.1.1/24 } }
                setup:
                  - ipsec tunnel add t1 local 198.51.100.2 remote 203.0.113.2 psk k1
                  - ipsec tunnel add t2 local 198.51.100.2 remote 203.0.113.6 psk k2
              plain: { kind: host, interfaces: { eth0: { address: 10.20.1.10/24 } } }
            links:
              - { endpoints: ["gw:eth1", "plain:eth0"] }
            clouds:
              gcp:
                kind: gcp
                api-latency: 600ms
                project: demo
                region: us-east1
                networks: { default: { router: gw } }
            """;
    static final long LATENCY = Time.ms(600);
    static final long EXEC = 1_000_000L;   // NodeSpec.DEFAULT_EXEC_LATENCY_NS: fork+exec of the CLI
    static final String ORIGIN = "t";
    static final String CREATE_T1 = "gcloud compute routes create to-aws-t1 --destination-range=10.10.0.0/16 --next-hop-vpn-tunnel=t1";

    @TempDir Path dir;
    SimKernel kernel;
    Network net;
    final List<TraceRecord> trace = new ArrayList<>();

    @BeforeEach void build() throws Exception {
        Path file = Files.writeString(dir.resolve("gcp.topo.yml"), TOPOLOGY, StandardCharsets.UTF_8);
        kernel = new SimKernel(new KernelConfig(1, HostMode.INLINE, 1));
        net = Network.build(TopologyLoader.load(file), kernel);
        kernel.addTraceListener(trace::add);
        kernel.runUntil(Time.s(1));
    }

    @AfterEach void close() {
        kernel.close();
    }

    record Outcome(ExitStatus status, long startedAt, long endedAt, List<String> output) {}

    private Outcome run(String node, String commandLine) {
        long start = kernel.now();
        ExitStatus[] status = {null};
        long[] endedAt = {-1};
        kernel.onNode(node, start, "test: " + commandLine, env -> net.host(node).run(commandLine, ORIGIN, s -> {
            status[0] = s;
            endedAt[0] = env.now();
        }));
        kernel.runUntil(start + Time.s(3));
        assertTrue(status[0] != null, commandLine + " did not finish");
        List<String> output = trace.stream().filter(r -> r.time() >= start && r.node().equals(node)
                && r.event() instanceof TraceEvent.Log l && l.program().equals(ORIGIN)).map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        return new Outcome(status[0], start, endedAt[0], output);
    }

    private List<String> gwRoutesThroughTunnels() {
        return net.host("gw").stack().showRoutes().stream().filter(r -> r.contains(" dev t")).toList();
    }

    @Test @DisplayName("create: answered one API latency later with gcloud's output; the router's route appears then, withdrawn while t1 is down (§5.4)")
    void createAddsRouteAtTheAnswer() {
        long start = kernel.now();
        Outcome o = run("gw", CREATE_T1);
        assertEquals(0, o.status().code());
        assertEquals(start + EXEC + LATENCY, o.endedAt());
        assertEquals(List.of("NAME       NETWORK  DEST_RANGE    NEXT_HOP                PRIORITY",
                "to-aws-t1  default  10.10.0.0/16  us-east1/vpnTunnels/t1  1000",
                "Created [https://www.googleapis.com/compute/v1/projects/demo/global/routes/to-aws-t1]."), o.output());
        assertEquals(List.of("10.10.0.0/16 dev t1 metric 1000 hide multipath"), gwRoutesThroughTunnels());
        TraceRecord change = trace.stream().filter(r -> r.node().equals("gcp") && r.event() instanceof TraceEvent.StateChanged).findFirst().orElseThrow();
        assertEquals(start + EXEC + LATENCY, change.time(), "the change takes effect when the answer is due");
        assertEquals("state gcp-route/default/to-aws-t1 absent->10.10.0.0/16 via us-east1/vpnTunnels/t1 priority 1000", change.event().describe());
        // t1 never came up (no peer): the hide route is not usable, so nothing is routed into it.
        assertEquals(null, net.host("gw").stack().routes().lookup(org.nettwin.protocols.value.Ip4.parse("10.10.1.10"), r -> net.host("gw").stack().iface(r.device()).isUp()));
    }

    @Test @DisplayName("two routes of equal priority through two tunnels: ECMP; delete removes one; list shows what is left")
    void ecmpDeleteAndList() {
        run("gw", CREATE_T1);
        run("gw", "gcloud compute routes create to-aws-t2 --destination-range 10.10.0.0/16 --next-hop-vpn-tunnel t2 --priority 1000");
        assertEquals(List.of("10.10.0.0/16 dev t1 metric 1000 hide multipath", "10.10.0.0/16 dev t2 metric 1000 hide multipath"), gwRoutesThroughTunnels());
        Outcome del = run("gw", "gcloud compute routes delete to-aws-t1 --quiet");
        assertEquals(0, del.status().code());
        assertEquals(List.of("Deleted [https://www.googleapis.com/compute/v1/projects/demo/global/routes/to-aws-t1]."), del.output());
        assertEquals(List.of("10.10.0.0/16 dev t2 metric 1000 hide multipath"), gwRoutesThroughTunnels());
        assertEquals(List.of("to-aws-t2"), List.copyOf(net.clouds().gcp("gcp").routes().keySet()));
        Outcome list = run("gw", "gcloud compute routes list");
        assertEquals(List.of("NAME       NETWORK  DEST_RANGE    NEXT_HOP                PRIORITY",
                "to-aws-t2  default  10.10.0.0/16  us-east1/vpnTunnels/t2  1000"), list.output());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("API errors: exit 1 after the API latency, nothing changes")
    @CsvSource(delimiterString = "~", value = {
            CREATE_T1 + " ~ - The resource 'projects/demo/global/routes/to-aws-t1' already exists",
            "gcloud compute routes delete nothing-here ~ - The resource 'projects/demo/global/routes/nothing-here' was not found",
            "gcloud compute routes create r2 --network=other --destination-range=10.10.0.0/16 --next-hop-vpn-tunnel=t2 ~ - The resource 'projects/demo/global/networks/other' was not found",
    })
    void apiErrors(String command, String reason) {
        run("gw", CREATE_T1);
        long start = kernel.now();
        Outcome o = run("gw", command);
        assertEquals(1, o.status().code(), o.toString());
        assertEquals(start + EXEC + LATENCY, o.endedAt());
        assertEquals(" " + reason, o.output().get(1), "gcloud indents the reason by one space");
        assertTrue(o.output().get(0).startsWith("ERROR: (gcloud.compute.routes."), o.output().get(0));
        assertEquals(List.of("10.10.0.0/16 dev t1 metric 1000 hide multipath"), gwRoutesThroughTunnels());
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("command lines gcloud rejects: exit 2 at once, no request")
    @CsvSource(delimiterString = "~", value = {
            "gcloud compute routes create r1 --next-hop-vpn-tunnel=t1 ~ ERROR: (gcloud.compute.routes.create) argument --destination-range: Must be specified.",
            "gcloud compute routes create r1 --destination-range=10.10.0.0/16 --next-hop-instance=vm1 ~ ERROR: (gcloud.compute.routes.create) unrecognized arguments: --next-hop-instance (the twin models VPN tunnel next hops only)",
            "gcloud compute routes create R1 --destination-range=10.10.0.0/16 --next-hop-vpn-tunnel=t1 ~ ERROR: (gcloud.compute.routes.create) argument NAME: Bad value [R1]: must match [a-z]([-a-z0-9]{0,61}[a-z0-9])?",
            "gcloud compute routes create r1 --destination-range=10.10.0.0/16 --next-hop-vpn-tunnel=t9 ~ ERROR: (gcloud.compute.routes.create) argument --next-hop-vpn-tunnel: no Classic VPN tunnel 't9' on gw (the twin's GCP routes use the tunnels of the node that runs gcloud)",
            "gcloud compute routes create r1 --destination-range=10.10.0.0/16 --next-hop-vpn-tunnel=t1 --priority=70000 ~ ERROR: (gcloud.compute.routes.create) argument --priority: Value must be between 0 and 65535; received: 70000",
    })
    void rejectedCommandLines(String command, String message) {
        Outcome o = run("gw", command);
        assertEquals(2, o.status().code(), o.toString());
        assertEquals(o.startedAt() + EXEC, o.endedAt(), "no API round trip");
        assertEquals(List.of(message), o.output());
        assertTrue(net.clouds().gcp("gcp").routes().isEmpty());
    }

    @Test @DisplayName("a node that routes no GCP network: gcloud has no account, a diagnostic says why")
    void nodeWithoutProject() {
        long start = kernel.now();
        Outcome o = run("plain", "gcloud compute routes list");
        assertEquals(1, o.status().code());
        assertEquals(List.of("ERROR: (gcloud.compute.routes) You do not currently have an active account selected."), o.output());
        assertTrue(trace.stream().anyMatch(r -> r.time() >= start && r.event() instanceof TraceEvent.Diagnostic d && d.text().contains("no GCP")), "diagnostic");
    }

    @ParameterizedTest(name = "{1}")
    @DisplayName("topology checks of a gcp cloud, with file:line")
    @CsvSource(delimiterString = "~", value = {
            "networks: { default: { router: nobody } } ~ cloud 'gcp': no node named 'nobody'",
            "networks: { Default: { router: gw } } ~ 'Default' is not a GCP network name",
            "networks: {} ~ cloud 'gcp' has no networks",
    })
    void topologyChecks(String networks, String message) throws Exception {
        String text = TOPOLOGY.replace("networks: { default: { router: gw } }", networks);
        Path file = Files.writeString(dir.resolve("bad.topo.yml"), text, StandardCharsets.UTF_8);
        ConfigError e = assertThrows(ConfigError.class, () -> TopologyLoader.load(file));
        assertTrue(e.getMessage().contains(message) && e.getMessage().contains("bad.topo.yml:"), e.getMessage());
    }
}
