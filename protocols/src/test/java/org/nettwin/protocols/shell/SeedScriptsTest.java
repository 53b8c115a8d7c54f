package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/** The notify scripts of seeds 000 and 002 run on simulated nodes. */
class SeedScriptsTest {

    @Nested @DisplayName("seed 000: switch-route-trigger.sh / switch-route.sh (protocol-facts §8.0 item 5)")
    class Seed000 {
        private static final long API_LATENCY = Time.ms(1500);
        private final ManualEnv env = new ManualEnv("peer2", 7);
        private final FakeCloud cloud = new FakeCloud(env, API_LATENCY);
        private final Shell shell = new Shell(env, CommandRegistry.withoutStack(Optional.of(cloud)),
                ScriptFiles.of(SeedScripts.parse(SeedScripts.TRIGGER_PATH, SeedScripts.SWITCH_ROUTE_TRIGGER),
                        SeedScripts.parse(SeedScripts.SWITCH_PATH, SeedScripts.SWITCH_ROUTE)));

        private Traces.Outcome notify(String state) {
            Traces.Outcome out = new Traces.Outcome(env);
            // keepalived's generic notify: $1 INSTANCE, $2 name, $3 state, $4 priority (protocol-facts §2.2).
            shell.run(SeedScripts.TRIGGER_PATH, List.of("INSTANCE", "VI_1", state, "100"), out);
            return out;
        }

        @Test @DisplayName("MASTER: delete-route, then create-route with the wget instance id, each after the API latency")
        void masterSwapsTheRoute() {
            cloud.routes.put("rtb-212ba845 172.16.0.0/16", "i-peer1");
            Traces.Outcome out = notify("MASTER");

            assertEquals(1, cloud.calls.size(), "only delete-route is in flight at first");
            assertEquals("delete-route rtb-212ba845 172.16.0.0/16", cloud.calls.get(0).request);
            assertEquals(0, cloud.calls.get(0).sentAt);
            assertFalse(out.done());

            env.advanceTo(API_LATENCY - 1);
            assertEquals(1, cloud.calls.size(), "create-route waits for delete-route's answer");
            env.advanceTo(API_LATENCY);
            assertFalse(cloud.routes.containsKey("rtb-212ba845 172.16.0.0/16"), "blackhole between the two calls (§8.0 item 5)");
            assertEquals(2, cloud.calls.size());
            assertEquals("create-route rtb-212ba845 172.16.0.0/16 " + FakeCloud.INSTANCE_ID, cloud.calls.get(1).request);
            assertEquals(API_LATENCY, cloud.calls.get(1).sentAt);

            env.advanceTo(2 * API_LATENCY);
            assertEquals(FakeCloud.INSTANCE_ID, cloud.routes.get("rtb-212ba845 172.16.0.0/16"));
            assertTrue(out.done());
            assertEquals(0, out.status.code(), "switch-route-trigger.sh ends with exit 0");
            assertEquals(2 * API_LATENCY, out.at);
            assertEquals(List.of("switching route to 172.16.0.0/16 of route table rtb-212ba845", "{", "    \"Return\": true", "}"),
                    Traces.logs(env, "switch-route.sh"), "the echo, then create-route's JSON answer on the script's stdout");
        }

        @Test @DisplayName("the bogus \"MASTER\" command on line 6 is reported with its line and exits 127, and the script goes on")
        void bogusMasterCommandIsReported() {
            notify("MASTER");
            List<TraceEvent.Diagnostic> d = Traces.diagnostics(env);
            assertEquals(1, d.size(), d.toString());
            assertEquals(SeedScripts.TRIGGER_PATH + ":6", d.get(0).source());
            assertEquals("error", d.get(0).severity());
            assertTrue(d.get(0).text().startsWith("`MASTER`: not found (exit 127)"), d.get(0).text());
            assertTrue(Traces.logs(env, "switch-route-trigger.sh").contains(SeedScripts.TRIGGER_PATH + ": 6: MASTER: not found"),
                    "dash's stderr line: " + Traces.logs(env, "switch-route-trigger.sh"));
        }

        @Test @DisplayName("every command appears in the trace as sh <path>:<line>: <argv>, in execution order")
        void commandsAreTraced() {
            notify("MASTER");
            env.advanceTo(2 * API_LATENCY);
            assertEquals(List.of(
                    "exec: " + SeedScripts.TRIGGER_PATH + " INSTANCE VI_1 MASTER 100",
                    SeedScripts.TRIGGER_PATH + ":1: TYPE=INSTANCE",
                    SeedScripts.TRIGGER_PATH + ":2: NAME=VI_1",
                    SeedScripts.TRIGGER_PATH + ":3: STATE=MASTER",
                    SeedScripts.TRIGGER_PATH + ":6: MASTER",
                    SeedScripts.TRIGGER_PATH + ":7: /usr/local/bin/switch-route.sh",
                    SeedScripts.SWITCH_PATH + ":1: ROUTE_TABLE_ID=rtb-212ba845",
                    SeedScripts.SWITCH_PATH + ":2: TARGET_CIDR=172.16.0.0/16",
                    SeedScripts.SWITCH_PATH + ":3: echo 'switching route to 172.16.0.0/16 of route table rtb-212ba845'",
                    SeedScripts.SWITCH_PATH + ":4: aws ec2 delete-route --region ap-northeast-1 --route-table-id rtb-212ba845 --destination-cidr-block 172.16.0.0/16",
                    SeedScripts.SWITCH_PATH + ":5: wget -q -O - http://169.254.169.254/latest/meta-data/instance-id",
                    SeedScripts.SWITCH_PATH + ":5: aws ec2 create-route --region ap-northeast-1 --route-table-id rtb-212ba845 --destination-cidr-block 172.16.0.0/16 --instance-id " + FakeCloud.INSTANCE_ID,
                    SeedScripts.TRIGGER_PATH + ":8: exit 0"),
                    Traces.logs(env, "sh"));
        }

        @Test @DisplayName("BACKUP and FAULT touch no route (§8.0 item 5); an unknown state prints and exits 1")
        void otherStates() {
            for (String state : List.of("BACKUP", "FAULT")) {
                Traces.Outcome out = notify(state);
                env.advanceBy(Time.s(10));
                assertEquals(0, out.status.code(), state);
            }
            assertTrue(cloud.calls.isEmpty(), cloud.calls.toString());
            assertEquals(List.of(SeedScripts.TRIGGER_PATH + ":10", SeedScripts.TRIGGER_PATH + ":13"),
                    Traces.diagnostics(env).stream().map(TraceEvent.Diagnostic::source).toList(), "the bogus BACKUP and FAULT commands");

            Traces.Outcome out = notify("STOP");
            assertEquals(1, out.status.code());
            assertTrue(Traces.logs(env, "switch-route-trigger.sh").contains("unknown state"));
        }

        @Test @DisplayName("without a cloud API the aws calls fail (255, AWS CLI v1) with a Diagnostic naming the line; create-route lacks its instance id (usage error: 2)")
        void noCloud() {
            Shell bare = new Shell(env, CommandRegistry.withoutStack(Optional.empty()),
                    ScriptFiles.of(SeedScripts.parse(SeedScripts.SWITCH_PATH, SeedScripts.SWITCH_ROUTE)));
            Traces.Outcome out = new Traces.Outcome(env);
            bare.run(SeedScripts.SWITCH_PATH, List.of(), out);
            assertEquals(2, out.status.code(), "wget printed nothing, so --instance-id has no value: aws rejects the command line");
            List<String> sources = Traces.diagnostics(env).stream().map(TraceEvent.Diagnostic::source).toList();
            assertEquals(List.of(SeedScripts.SWITCH_PATH + ":4", SeedScripts.SWITCH_PATH + ":5"), sources);
            assertTrue(Traces.logs(env, "switch-route.sh").contains("aws: error: argument --instance-id: expected one argument"),
                    Traces.logs(env, "switch-route.sh").toString());
        }
    }

    @Nested @DisplayName("seed 002: master.sh / backup.sh on the Raspberry Pis (protocol-facts §8.2)")
    class Seed002 {
        private static final long SORACOM_LATENCY = Time.ms(800);
        private final ManualEnv env = new ManualEnv("pi", 3);

        private NodeStack pi(String name, String lan, boolean forwarding) {
            NodeStack s = new NodeStack(name, forwarding);
            s.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
            s.addAddress("eth0", IfAddr.parse(lan));
            s.addPppoeInterface("ppp0", 1, Mac.parse("02:00:00:00:00:02"), 1454,
                    new NetInterface.Ppp(0x77, Mac.parse("02:00:00:00:0b:01"), "provider", true, Time.s(2), List.of(IfAddr.parse("10.0.0.7/32"))));
            s.boot(env);
            return s;
        }

        private ExitStatus runToEnd(Shell shell, String path) {
            Traces.Outcome out = new Traces.Outcome(env);
            shell.run(path, List.of(), out);
            env.advanceBy(Time.s(5));
            assertTrue(out.done(), path + " did not finish");
            return out.status;
        }

        @Test @DisplayName("main: backup.sh sends the default route to the VIP, master.sh back to ppp0")
        void main() {
            NodeStack main = pi("main", "192.168.0.1/24", true);
            Shell shell = new Shell(env, CommandRegistry.forNode(main, Optional.empty()),
                    ScriptFiles.of(SeedScripts.parse(SeedScripts.MASTER_PATH, SeedScripts.MAIN_MASTER),
                            SeedScripts.parse(SeedScripts.BACKUP_PATH, SeedScripts.MAIN_BACKUP)));
            assertTrue(main.showRoutes().contains("default dev ppp0"), main.showRoutes().toString());

            assertEquals(0, runToEnd(shell, SeedScripts.BACKUP_PATH).code());
            assertTrue(main.showRoutes().contains("default via 192.168.0.254 dev eth0"), main.showRoutes().toString());
            assertFalse(main.showRoutes().contains("default dev ppp0"), "replace, not add");

            assertEquals(0, runToEnd(shell, SeedScripts.MASTER_PATH).code());
            assertTrue(main.showRoutes().contains("default dev ppp0"), main.showRoutes().toString());
            assertFalse(main.showRoutes().contains("default via 192.168.0.254 dev eth0"));
            assertTrue(Traces.diagnostics(env).isEmpty(), Traces.diagnostics(env).toString());
        }

        @Test @DisplayName("sub: master.sh turns forwarding on and routes over ppp0 at once, then waits for the speed-class API")
        void subMaster() {
            NodeStack sub = pi("sub", "192.168.0.2/24", false);
            sub.routes().replace(org.nettwin.protocols.stack.Route.via(org.nettwin.protocols.value.Prefix4.DEFAULT,
                    org.nettwin.protocols.value.Ip4.parse("192.168.0.254"), "eth0", 0));
            FakeCloud soracom = new FakeCloud(env, SORACOM_LATENCY);
            Shell shell = new Shell(env, CommandRegistry.forNode(sub, Optional.of(soracom)),
                    ScriptFiles.of(SeedScripts.parse(SeedScripts.MASTER_PATH, SeedScripts.SUB_MASTER),
                            SeedScripts.parse(SeedScripts.BACKUP_PATH, SeedScripts.SUB_BACKUP)));

            Traces.Outcome out = new Traces.Outcome(env);
            shell.run(SeedScripts.MASTER_PATH, List.of(), out);
            assertTrue(sub.forwarding(), "echo 1 > /proc/sys/net/ipv4/ip_forward");
            assertTrue(sub.showRoutes().contains("default dev ppp0"), sub.showRoutes().toString());
            assertFalse(out.done(), "soracom is still talking to the API");
            env.advanceTo(SORACOM_LATENCY);
            assertEquals(0, out.status.code());
            assertEquals("s1.fast", soracom.speedClass.get(SeedScripts.IMSI));
            assertTrue(Traces.logs(env, "master.sh").isEmpty(), "soracom's output went to /dev/null, errors included");

            List<TraceEvent.Diagnostic> d = Traces.diagnostics(env);
            assertEquals(1, d.size(), d.toString());
            assertEquals(SeedScripts.MASTER_PATH + ":4", d.get(0).source());
            assertTrue(d.get(0).text().contains("U+2014") && d.get(0).text().contains("`--imsi=" + SeedScripts.IMSI + "`"), d.get(0).text());
        }

        @Test @DisplayName("sub: backup.sh slows the SIM first, and only then stops forwarding and routes via the VIP")
        void subBackup() {
            NodeStack sub = pi("sub", "192.168.0.2/24", true);
            FakeCloud soracom = new FakeCloud(env, SORACOM_LATENCY);
            Shell shell = new Shell(env, CommandRegistry.forNode(sub, Optional.of(soracom)),
                    ScriptFiles.of(SeedScripts.parse(SeedScripts.BACKUP_PATH, SeedScripts.SUB_BACKUP)));

            Traces.Outcome out = new Traces.Outcome(env);
            shell.run(SeedScripts.BACKUP_PATH, List.of(), out);
            env.advanceTo(SORACOM_LATENCY - 1);
            assertTrue(sub.forwarding(), "line 3 waits for the API call of line 2");
            assertTrue(sub.showRoutes().contains("default dev ppp0"));
            env.advanceTo(SORACOM_LATENCY);
            assertEquals(0, out.status.code());
            assertEquals("s1.minimum", soracom.speedClass.get(SeedScripts.IMSI));
            assertFalse(sub.forwarding());
            assertTrue(sub.showRoutes().contains("default via 192.168.0.254 dev eth0"), sub.showRoutes().toString());
            assertTrue(Traces.diagnostics(env).get(0).text().contains("`—imsi=" + SeedScripts.IMSI + "`"));
        }

        @Test @DisplayName("sub without a carrier API: the routing and sysctl still apply; soracom, the last command, fails the script")
        void subWithoutCarrierApi() {
            NodeStack sub = pi("sub", "192.168.0.2/24", false);
            Shell shell = new Shell(env, CommandRegistry.forNode(sub, Optional.empty()),
                    ScriptFiles.of(SeedScripts.parse(SeedScripts.MASTER_PATH, SeedScripts.SUB_MASTER)));
            assertEquals(1, runToEnd(shell, SeedScripts.MASTER_PATH).code(), "a script exits with its last command's status");
            assertTrue(sub.forwarding());
            assertTrue(Traces.diagnostics(env).stream().anyMatch(d -> d.severity().equals("error") && d.text().contains("no cloud/carrier API")));
            assertNull(shell.files().read("/proc/sys/net/ipv4/ip_forward").orElse(null), "a sysctl is no ordinary file");
        }
    }
}
