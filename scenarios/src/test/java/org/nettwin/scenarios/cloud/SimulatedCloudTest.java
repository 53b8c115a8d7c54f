package org.nettwin.scenarios.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.shell.ExitStatus;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Network;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Direction;
import org.nettwin.topologies.TopologyLoader;

/**
 * The simulated clouds through the nodes' real command models: timing of a request and its answer, the
 * AWS CLI v1 answers to EC2 errors (status 255, EC2's error codes and messages as moto reproduces them),
 * SORACOM errors, and nodes the topology gives no API.
 */
class SimulatedCloudTest {
    static final String TOPOLOGY = """
            nodes:
              vpc-router: { kind: router, interfaces: { eth0: { address: 10.0.0.1/24 } } }
              pi: { kind: router, interfaces: { eth0: { address: 10.0.0.2/24 }, ppp0: { address: 10.128.0.10/32 } } }
              pgw: { kind: router, interfaces: { ppp0: { address: 10.128.0.1/32 } } }
              plain: { kind: host, interfaces: { eth0: { address: 10.0.0.3/24 } } }
              lan: { kind: switch }
            links:
              - { endpoints: ["vpc-router:eth0", "lan:p1"] }
              - { endpoints: ["pi:eth0", "lan:p2"] }
              - { endpoints: ["plain:eth0", "lan:p3"] }
              - { endpoints: ["pi:ppp0", "pgw:ppp0"], name: lte, delay: 50ms, rate: 128kbps }
            clouds:
              aws:
                kind: aws
                api-latency: 700ms
                route-tables:
                  rtb-0123abcd: [ { destination: 10.1.0.0/16, instance: vpc-router } ]
                instances: { vpc-router: i-00000000000000001 }
              carrier:
                kind: soracom
                api-latency: 250ms
                sims: { "440109999999999": { link: lte, node: pi } }
            """;
    static final long AWS_LATENCY = Time.ms(700);
    static final long SORACOM_LATENCY = Time.ms(250);
    static final long EXEC = 1_000_000L;   // NodeSpec.DEFAULT_EXEC_LATENCY_NS: fork+exec of the CLI
    static final String TABLE = "rtb-0123abcd";
    static final String ORIGIN = "t";

    @TempDir Path dir;
    SimKernel kernel;
    Network net;
    final List<TraceRecord> trace = new ArrayList<>();

    @BeforeEach void build() throws Exception {
        Path file = Files.writeString(dir.resolve("clouds.topo.yml"), TOPOLOGY, StandardCharsets.UTF_8);
        kernel = new SimKernel(new KernelConfig(1, HostMode.INLINE, 1));
        net = Network.build(TopologyLoader.load(file), kernel);
        kernel.addTraceListener(trace::add);
        kernel.runUntil(Time.s(1));
    }

    @AfterEach void close() {
        kernel.close();
    }

    /** How a command line run on a node ended, when, and what it printed (stdout and stderr, by line). */
    record Outcome(ExitStatus status, long startedAt, long endedAt, List<String> output) {}

    private Outcome run(String node, String commandLine) {
        long start = kernel.now();
        ExitStatus[] status = {null};
        long[] endedAt = {-1};
        kernel.onNode(node, start, "test: " + commandLine, env -> net.host(node).run(commandLine, ORIGIN, s -> {
            status[0] = s;
            endedAt[0] = env.now();
        }));
        kernel.runUntil(start + Time.s(5));
        assertTrue(status[0] != null, commandLine + " did not finish");
        List<String> output = trace.stream().filter(r -> r.time() >= start && r.node().equals(node)
                && r.event() instanceof TraceEvent.Log l && l.program().equals(ORIGIN)).map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        return new Outcome(status[0], start, endedAt[0], output);
    }

    private List<TraceEvent.Diagnostic> diagnosticsSince(long t) {
        return trace.stream().filter(r -> r.time() >= t && r.event() instanceof TraceEvent.Diagnostic)
                .map(r -> (TraceEvent.Diagnostic) r.event()).toList();
    }

    private Map<String, String> routes() {
        return net.clouds().aws("aws").routes(TABLE);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("EC2 errors: AWS CLI v1 prints a blank line and EC2's message, exits 255, one API latency after the request")
    @CsvSource(delimiterString = "~", value = {
            "aws ec2 delete-route --route-table-id rtb-0123abcd --destination-cidr-block 10.9.0.0/16"
                    + " ~ An error occurred (InvalidRoute.NotFound) when calling the DeleteRoute operation: no route with destination-cidr-block 10.9.0.0/16 in route table rtb-0123abcd",
            "aws ec2 create-route --route-table-id rtb-0123abcd --destination-cidr-block 10.1.0.0/16 --instance-id i-00000000000000001"
                    + " ~ An error occurred (RouteAlreadyExists) when calling the CreateRoute operation: The route identified by 10.1.0.0/16 already exists",
            "aws ec2 replace-route --route-table-id rtb-0123abcd --destination-cidr-block 10.9.0.0/16 --instance-id i-00000000000000001"
                    + " ~ An error occurred (InvalidParameterValue) when calling the ReplaceRoute operation: There is no route defined for '10.9.0.0/16' in the route table. Use CreateRoute instead.",
            "aws ec2 delete-route --route-table-id rtb-99999999 --destination-cidr-block 10.1.0.0/16"
                    + " ~ An error occurred (InvalidRouteTableID.NotFound) when calling the DeleteRoute operation: The routeTable ID 'rtb-99999999' does not exist",
            "aws ec2 create-route --route-table-id rtb-0123abcd --destination-cidr-block 10.2.0.0/16 --instance-id i-0badbadbadbadbad0"
                    + " ~ An error occurred (InvalidInstanceID.NotFound) when calling the CreateRoute operation: The instance ID 'i-0badbadbadbadbad0' does not exist",
            "aws ec2 create-route --route-table-id rtb-0123abcd --destination-cidr-block 10.2.0.1/16 --instance-id i-00000000000000001"
                    + " ~ An error occurred (InvalidParameterValue) when calling the CreateRoute operation: Value (10.2.0.1/16) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block.",
    })
    void ec2Errors(String command, String message) {
        Outcome o = run("vpc-router", command);
        assertEquals(255, o.status().code(), o.toString());
        assertEquals(List.of("", message), o.output());
        assertEquals(o.startedAt() + EXEC + AWS_LATENCY, o.endedAt());
        assertEquals(Map.of("10.1.0.0/16", "i-00000000000000001"), routes(), "a failed call changes nothing");
    }

    @Test @DisplayName("delete-route: the route stays until the answer, then goes; traced under the cloud's name")
    void deleteTakesEffectAtTheAnswer() {
        long start = kernel.now();
        kernel.onNode("vpc-router", start, "delete", env -> net.host("vpc-router").run(
                "aws ec2 delete-route --route-table-id rtb-0123abcd --destination-cidr-block 10.1.0.0/16", ORIGIN, s -> { }));
        long answer = start + EXEC + AWS_LATENCY;
        kernel.runUntil(answer - 1);
        assertEquals(Map.of("10.1.0.0/16", "i-00000000000000001"), routes());
        kernel.runUntil(answer);
        assertEquals(Map.of(), routes());
        TraceRecord change = trace.stream().filter(r -> r.event() instanceof TraceEvent.StateChanged s && s.machine().startsWith("cloud/"))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(new TraceRecord(answer, "aws", new TraceEvent.StateChanged("cloud/rtb-0123abcd/10.1.0.0/16", "i-00000000000000001", "absent")), change);
    }

    @Test @DisplayName("create-route answers {\"Return\": true}; replace-route moves the route without an absent moment (§8.0 item 5)")
    void createAndReplace() {
        Outcome created = run("vpc-router", "aws ec2 create-route --route-table-id rtb-0123abcd --destination-cidr-block 10.2.0.0/16"
                + " --instance-id $(wget -q -O - http://169.254.169.254/latest/meta-data/instance-id)");
        assertEquals(0, created.status().code());
        assertEquals(List.of("{", "    \"Return\": true", "}"), created.output());
        assertEquals("i-00000000000000001", routes().get("10.2.0.0/16"));
        Outcome replaced = run("vpc-router", "aws ec2 replace-route --route-table-id rtb-0123abcd --destination-cidr-block 10.1.0.0/16 --instance-id i-00000000000000001");
        assertEquals(0, replaced.status().code());
        RouteTableHistory history = RouteTableHistory.fromTrace(trace, "aws");
        assertEquals(List.of(), history.absentWindows(TABLE, "10.1.0.0/16"));
    }

    @Test @DisplayName("soracom: the speed class sets the SIM's link rate both ways at the answer (protocol-facts §6: s1.standard, UNVERIFIED figure)")
    void speedClassSetsTheLinkRate() {
        long start = kernel.now();
        kernel.onNode("pi", start, "speed", env -> net.host("pi").run(
                "soracom sim update_speed_class --imsi=440109999999999 --speed-class=s1.standard", ORIGIN, s -> { }));
        long answer = start + EXEC + SORACOM_LATENCY;
        kernel.runUntil(answer - 1);
        assertEquals(128_000, net.link("lte").params(Direction.A_TO_B).rateBitsPerSecond());
        kernel.runUntil(answer);
        for (Direction d : Direction.BOTH.singles()) assertEquals(512_000, net.link("lte").params(d).rateBitsPerSecond(), d.toString());
        assertTrue(trace.contains(new TraceRecord(answer, "carrier", new TraceEvent.StateChanged("sim/440109999999999", "unset", "s1.standard"))));
    }

    @Test @DisplayName("soracom: an IMSI the account does not have fails (exit 1) and is reported; s1.8xfast has no figure, so the rate stays and a warning says so")
    void soracomErrors() {
        Outcome unknown = run("pi", "soracom sim update_speed_class --imsi=440100000000000 --speed-class=s1.fast");
        assertEquals(1, unknown.status().code());
        assertEquals(List.of("soracom: IMSI 440100000000000 is not a SIM of this account"), unknown.output());
        assertTrue(diagnosticsSince(unknown.startedAt()).stream().anyMatch(d -> d.text().contains("440100000000000") && d.text().contains("440109999999999")));

        Outcome eightfold = run("pi", "soracom sim update_speed_class --imsi=440109999999999 --speed-class=s1.8xfast");
        assertEquals(0, eightfold.status().code());
        assertEquals(128_000, net.link("lte").params(Direction.B_TO_A).rateBitsPerSecond());
        assertEquals("s1.8xfast", net.clouds().soracom("carrier").speedClass("440109999999999").orElseThrow());
        assertTrue(diagnosticsSince(eightfold.startedAt()).stream().anyMatch(d -> d.text().contains("s1.8xfast has no known rate")));
    }

    @Test @DisplayName("a node with only one kind of API: the other CLI fails at once, with a diagnostic; the metadata answers nothing off EC2")
    void nodeWithoutThatApi() {
        Outcome aws = run("pi", "aws ec2 delete-route --route-table-id rtb-0123abcd --destination-cidr-block 10.1.0.0/16");
        assertEquals(255, aws.status().code(), "AWS CLI v1: any failure but a usage error is 255");
        assertEquals(aws.startedAt() + EXEC, aws.endedAt(), "no API round trip");
        Outcome soracom = run("vpc-router", "soracom sim update_speed_class --imsi=440109999999999 --speed-class=s1.fast");
        assertEquals(1, soracom.status().code());
        Outcome metadata = run("pi", "echo \"[$(wget -q -O - http://169.254.169.254/latest/meta-data/instance-id)]\"");
        assertEquals(List.of("[]"), metadata.output());
        assertTrue(diagnosticsSince(aws.startedAt()).stream().filter(d -> d.severity().equals("error")).count() >= 3);
        assertEquals(Map.of("10.1.0.0/16", "i-00000000000000001"), routes());
    }

    @Test @DisplayName("a node the clouds do not name keeps the behaviour without any API (the command reports that the topology gives it none)")
    void nodeWithoutAnyApi() {
        Outcome o = run("plain", "aws ec2 delete-route --route-table-id rtb-0123abcd --destination-cidr-block 10.1.0.0/16");
        assertEquals(255, o.status().code(), "AWS CLI v1: any failure but a usage error is 255");
        assertTrue(diagnosticsSince(o.startedAt()).stream().anyMatch(d -> d.text().contains("gives node plain no cloud/carrier API")));
        assertEquals(Map.of("10.1.0.0/16", "i-00000000000000001"), routes());
    }
}
