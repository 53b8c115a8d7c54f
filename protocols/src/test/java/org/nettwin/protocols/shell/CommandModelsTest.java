package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/** The command models' command lines, statuses and messages. */
class CommandModelsTest {
    private static final long LATENCY = Time.ms(300);
    private final ManualEnv env = new ManualEnv("gw", 5);
    private final FakeCloud cloud = new FakeCloud(env, LATENCY);

    private Traces.Outcome line(Shell shell, String commandLine) {
        Traces.Outcome out = new Traces.Outcome(env);
        shell.runLine(commandLine, "t", out);
        env.advanceBy(Time.s(20));
        assertTrue(out.done());
        return out;
    }

    private Shell cloudShell() {
        return new Shell(env, CommandRegistry.withoutStack(Optional.of(cloud)), ScriptFiles.none());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "~", value = {
            "aws ec2 delete-route --route-table-id rtb-1 ~ 2 ~ aws: error: the following arguments are required: --route-table-id, --destination-cidr-block",
            "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.0.0.0/8 --instance-id ~ 2 ~ aws: error: argument --instance-id: expected one argument",
            "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.0.0.0/8 --bogus 1 ~ 2 ~ aws: error: Unknown options: --bogus",
            "aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.0.0.0/8 --gateway-id igw-1 ~ 2 ~ aws: the twin models only --instance-id route targets",
            "aws s3 ls ~ 255 ~ aws: the twin models only ec2 delete-route|create-route|replace-route",
            "aws ec2 delete-route --route-table-id=rtb-1 --destination-cidr-block=10.0.0.0/8 ~ 255 ~ An error occurred (InvalidRoute.NotFound)",
    })
    void awsCommandLines(String command, int status, String stderr) {
        Traces.Outcome out = line(cloudShell(), command);
        assertEquals(status, out.status.code());
        assertEquals(List.of(stderr), Traces.logs(env, "t"));
    }

    @Test @DisplayName("replace-route keeps the route present throughout, unlike delete + create (§8.0 item 5)")
    void replaceRoute() {
        cloud.routes.put("rtb-1 10.0.0.0/8", "i-old");
        Traces.Outcome out = new Traces.Outcome(env);
        cloudShell().runLine("aws ec2 replace-route --route-table-id rtb-1 --destination-cidr-block 10.0.0.0/8 --instance-id i-new", "t", out);
        env.advanceTo(LATENCY - 1);
        assertEquals("i-old", cloud.routes.get("rtb-1 10.0.0.0/8"));
        env.advanceTo(LATENCY);
        assertEquals("i-new", cloud.routes.get("rtb-1 10.0.0.0/8"));
        assertEquals(0, out.status.code());
    }

    @Test @DisplayName("a kill during an API call: the call still lands in the cloud, but nobody waits for its answer")
    void killDuringApiCall() {
        Traces.Outcome out = new Traces.Outcome(env);
        ShellRun run = cloudShell().runLine("aws ec2 create-route --route-table-id rtb-1 --destination-cidr-block 10.0.0.0/8 --instance-id i-1; echo after", "t", out);
        env.advanceTo(LATENCY / 2);
        run.kill();
        env.advanceBy(Time.s(1));
        assertEquals("i-1", cloud.routes.get("rtb-1 10.0.0.0/8"));
        assertEquals(1, out.reports);
        assertTrue(out.status.wasKilled());
        assertFalse(Traces.logs(env, "t").contains("after"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "~", value = {
            "wget -q -O - http://169.254.169.254/latest/meta-data/instance-id",
            "wget -qO- http://169.254.169.254/latest/meta-data/instance-id",
            "curl -s http://169.254.169.254/latest/meta-data/instance-id",
    })
    void instanceMetadata(String command) {
        line(cloudShell(), "echo \"id=$(" + command + ")\"");
        assertEquals(List.of("id=" + FakeCloud.INSTANCE_ID), Traces.logs(env, "t"));
    }

    @Test @DisplayName("metadata other than instance-id, or a node without a cloud, is reported, not invented")
    void metadataRefused() {
        assertEquals(4, line(cloudShell(), "wget -q -O - http://169.254.169.254/latest/meta-data/local-ipv4").status.code());
        Shell noCloud = new Shell(env, CommandRegistry.withoutStack(Optional.empty()), ScriptFiles.none());
        assertEquals(7, line(noCloud, "curl -s http://169.254.169.254/latest/meta-data/instance-id").status.code());
        List<TraceEvent.Diagnostic> d = Traces.diagnostics(env);
        assertEquals(2, d.size(), d.toString());
        assertEquals("warning", d.get(0).severity());
        assertEquals("error", d.get(1).severity());
    }

    @Test @DisplayName("soracom: both CLI spellings, a bad speed class is refused (§6 list), an en dash is repaired with a warning")
    void soracom() {
        assertEquals(0, line(cloudShell(), "soracom subscribers update-speed-class --imsi 001 --speed-class s1.4xfast").status.code());
        assertEquals("s1.4xfast", cloud.speedClass.get("001"));
        assertEquals(1, line(cloudShell(), "soracom sim update_speed_class --imsi=001 --speed-class=s1.warp").status.code());
        assertEquals("s1.4xfast", cloud.speedClass.get("001"));
        assertEquals(0, line(cloudShell(), "soracom sim update_speed_class \u2013imsi=002 --speed-class=s1.slow").status.code());
        assertEquals("s1.slow", cloud.speedClass.get("002"));
        assertTrue(Traces.diagnostics(env).stream().anyMatch(d -> d.text().contains("U+2013")), Traces.diagnostics(env).toString());
    }

    @Test @DisplayName("logger writes to the trace under its tag (default root); sleep rejects what GNU sleep rejects")
    void loggerAndSleep() {
        Shell sh = cloudShell();
        line(sh, "logger -t keepalived-notify switching to MASTER; logger hello");
        assertEquals(List.of("switching to MASTER"), Traces.logs(env, "keepalived-notify"));
        assertEquals(List.of("hello"), Traces.logs(env, "root"));
        assertEquals(1, line(sh, "sleep 1x").status.code());
        assertTrue(Traces.logs(env, "t").contains("sleep: invalid time interval '1x'"));
        Traces.Outcome out = new Traces.Outcome(env);
        long start = env.now();
        sh.runLine("sleep 1m 0.5", "t", out);
        env.advanceTo(start + Time.ms(60_499));
        assertFalse(out.done());
        env.advanceTo(start + Time.ms(60_500));
        assertTrue(out.done(), "GNU sleep adds its operands");
    }

    @Test @DisplayName("ip/sysctl go to NodeCommands: output on stdout, RTNETLINK errors on stderr with their status")
    void kernelCommands() {
        NodeStack n = new NodeStack("gw", false);
        n.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        n.addAddress("eth0", IfAddr.parse("192.168.0.1/24"));
        n.boot(env);
        Shell sh = new Shell(env, CommandRegistry.forNode(n, Optional.empty()), ScriptFiles.none());
        assertEquals(0, line(sh, "/sbin/ip route add 10.0.0.0/8 via 192.168.0.254; sysctl -w net.ipv4.ip_forward=1").status.code());
        assertTrue(n.forwarding());
        assertTrue(n.showRoutes().contains("10.0.0.0/8 via 192.168.0.254 dev eth0"), n.showRoutes().toString());
        env.clearTraces();
        assertEquals(2, line(sh, "ip route add 10.0.0.0/8 via 192.168.0.254").status.code());
        assertEquals(List.of("RTNETLINK answers: File exists"), Traces.logs(env, "t"));
        env.clearTraces();
        line(sh, "R=$(ip route show); echo \"$R\" > /tmp/routes");
        assertTrue(sh.files().read("/tmp/routes").orElseThrow().contains("10.0.0.0/8 via 192.168.0.254 dev eth0\n"));
    }
}
