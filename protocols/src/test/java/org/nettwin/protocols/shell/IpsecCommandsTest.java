package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.IpsecTunnel;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/** `ipsec`, `ipsec-degrade`, `ipsec-disable` and `rtx-config` as a node's shell runs them. */
class IpsecCommandsTest {
    private final ManualEnv env = new ManualEnv("gw", 9);
    private final NodeStack stack = new NodeStack("gw", true);

    private Shell shell(ScriptFiles files) {
        stack.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        stack.addAddress("eth0", IfAddr.parse("203.0.113.2/24"));
        stack.boot(env);
        return new Shell(env, CommandRegistry.forNode(stack, Optional.empty()), files);
    }

    private Traces.Outcome line(Shell shell, String commandLine) {
        Traces.Outcome out = new Traces.Outcome(env);
        shell.runLine(commandLine, "t", out);
        env.advanceBy(Time.ms(50));
        assertTrue(out.done());
        return out;
    }

    @Test @DisplayName("tunnel add, route add, degrade, disable and show, as a scenario's run: uses them")
    void lifecycleCommands() {
        Shell sh = shell(ScriptFiles.none());
        assertEquals(0, line(sh, "ipsec tunnel add t1 local 203.0.113.2 remote 198.51.100.1 psk k dpd idle 10 3 passive").status.code());
        assertEquals(0, line(sh, "ipsec route add 10.20.0.0/16 dev t1").status.code());
        assertEquals(List.of("10.20.0.0/16 dev t1 hide"), stack.showRoutes().stream().filter(r -> r.contains("t1")).toList());
        assertEquals(0, line(sh, "ipsec-degrade t1 30%").status.code());
        IpsecTunnel t = IpsecTunnel.find(stack, "t1").orElseThrow();
        assertEquals(0.30, t.dataLoss(), 1e-9);
        line(sh, "ipsec show t1");
        assertTrue(Traces.logs(env, "t").stream().anyMatch(l -> l.startsWith("t1 DOWN 203.0.113.2 > 198.51.100.1 degraded 30%, tx 0 pkts")), Traces.logs(env, "t").toString());
        assertEquals(0, line(sh, "ipsec-disable t1").status.code());
        assertEquals(IpsecTunnel.State.DISABLED, t.state());
        assertEquals(0, line(sh, "ipsec-enable t1").status.code());
        assertEquals(IpsecTunnel.State.DOWN, t.state());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("§5.3/§5.4 caps: kind gives the gateway's default, rate/pps/queue override parts of it")
    @CsvSource(delimiterString = "~", value = {
            "kind aws ~ rate 1.25Gbit queue 1000",
            "kind gcp-classic ~ rate 1.5Gbit pps 250000 queue 1000",
            "kind gcp-classic rate 3Gbit ~ rate 3Gbit pps 250000 queue 1000",
            "rate 500Mbit queue 64 ~ rate 500Mbit queue 64",
            "pps 1000 ~ pps 1000 queue 1000",
    })
    void caps(String options, String cap) {
        Shell sh = shell(ScriptFiles.none());
        assertEquals(0, line(sh, "ipsec tunnel add t1 local 203.0.113.2 remote 198.51.100.1 psk k " + options).status.code());
        assertEquals(cap, IpsecTunnel.find(stack, "t1").orElseThrow().config().cap().describe());
        line(sh, "ipsec show t1");
        assertTrue(Traces.logs(env, "t").stream().anyMatch(l -> l.contains(", cap " + cap + ", tx 0 pkts")), Traces.logs(env, "t").toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = "~", value = {
            "ipsec tunnel add t2 local 203.0.113.2 remote 198.51.100.9 psk k kind azure ~ ipsec: kind must be aws or gcp-classic, not azure",
            "ipsec tunnel add t2 local 203.0.113.2 remote 198.51.100.9 psk k rate fast ~ ipsec: not a rate: 'fast' (write e.g. 1.25Gbit, 500Mbit)",
            "ipsec tunnel add t2 local 203.0.113.2 remote 198.51.100.9 psk k queue 10 ~ ipsec: queue needs a cap: give kind, rate or pps",
            "ipsec-degrade t9 30% ~ ipsec-degrade: no ipsec tunnel t9",
            "ipsec-degrade t1 130% ~ ipsec-degrade: loss must be 0%..100%, not 130%",
            "ipsec-disable ~ ipsec-disable: usage: ipsec-disable TUNNEL",
            "ipsec tunnel add t2 local 203.0.113.2 remote 198.51.100.9 ~ ipsec: local, remote and psk are required",
            "ipsec tunnel add t2 local 203.0.113.2 remote 198.51.100.9 psk k dpd sometimes 10 3 ~ ipsec: dpd mode must be periodic or idle, not sometimes",
            "ipsec route add 10.0.0.0/8 dev eth0 ~ ipsec: eth0 is not an ipsec tunnel",
            "rtx-config /etc/missing.conf ~ rtx-config: /etc/missing.conf: No such file or directory",
    })
    void errors(String command, String firstLine) {
        Shell sh = shell(ScriptFiles.none());
        line(sh, "ipsec tunnel add t1 local 203.0.113.2 remote 198.51.100.1 psk k");
        env.clearTraces();
        Traces.Outcome out = line(sh, command);
        assertEquals(1, out.status.code());
        assertEquals(firstLine, Traces.logs(env, "t").get(0));
    }

    @Test @DisplayName("rtx-config reads the topology's file, creates tunnel1/tunnel2 and the route pair; unmodelled lines become info diagnostics")
    void rtxConfigImports() throws ConfigError {
        String conf = String.join("\n",
                "ip route 172.16.1.0/24 gateway tunnel 1 metric 1 hide gateway tunnel 2 metric 2",
                "ip lan1 address 192.168.1.1/24",
                "tunnel select 1",
                " ipsec ike keepalive use 1 on dpd",
                " ipsec ike local address 1 203.0.113.2",
                " ipsec ike pre-shared-key 1 text k1",
                " ipsec ike remote address 1 198.51.100.123",
                " tunnel enable 1",
                "tunnel select 2",
                " ipsec ike local address 2 203.0.113.2",
                " ipsec ike pre-shared-key 2 text k2",
                " ipsec ike remote address 2 198.51.100.234",
                " tunnel enable 2");
        Shell sh = shell(ScriptFiles.of(ShellScript.parse("/etc/rtx.conf", conf)));
        assertEquals(0, line(sh, "rtx-config /etc/rtx.conf").status.code());
        assertTrue(IpsecTunnel.find(stack, "tunnel1").isPresent() && IpsecTunnel.find(stack, "tunnel2").isPresent());
        assertEquals(List.of("172.16.1.0/24 dev tunnel1 metric 1 hide", "172.16.1.0/24 dev tunnel2 metric 2"),
                stack.showRoutes().stream().filter(r -> r.startsWith("172.16.1.0")).toList());
        assertTrue(Traces.diagnostics(env).stream().anyMatch(d -> d.severity().equals("info") && d.source().equals("/etc/rtx.conf:2")));
        Traces.Outcome again = line(sh, "rtx-config /etc/rtx.conf");
        assertEquals(1, again.status.code(), "tunnel1 exists already");
    }
}
