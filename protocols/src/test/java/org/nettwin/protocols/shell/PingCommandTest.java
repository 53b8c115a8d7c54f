package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Mac;

/**
 * `ping` as keepalived's check_ftth runs it (seed 002: `ping -n -s 0 -c 1 -I ppp0 ADDR`), with iputils'
 * exit timing and statuses (ping/ping_common.c main_loop, schedule_exit, finish; ping.c bind_to_device).
 */
class PingCommandTest {
    private static final long ONE_WAY = Time.ms(20);

    /** main's eth0 (port 0) and peer's eth0 (port 1) share a wire with a fixed one-way delay. */
    private final class WiredEnv extends ManualEnv {
        WiredEnv() { super("main", 11); }

        @Override public void transmit(int port, byte[] frame) {
            super.transmit(port, frame);
            byte[] copy = frame.clone();
            if (port == 0) after(ONE_WAY, "wire", () -> peer.receive(1, copy));
            if (port == 1) after(ONE_WAY, "wire", () -> main.receive(0, copy));
        }
    }

    private final WiredEnv env = new WiredEnv();
    private NodeStack main;
    private NodeStack peer;
    private Shell shell;

    @BeforeEach void setUp() {
        main = new NodeStack("main", true);
        main.addInterface("eth0", 0, Mac.parse("02:00:00:00:00:01"), 1500);
        main.addAddress("eth0", IfAddr.parse("192.168.0.1/24"));
        main.addPppoeInterface("ppp0", 2, Mac.parse("02:00:00:00:00:02"), 1454,
                new NetInterface.Ppp(0x77, Mac.parse("02:00:00:00:0b:01"), "provider", true, Time.s(2), List.of(IfAddr.parse("10.0.0.7/32"))));
        peer = new NodeStack("peer", false);
        peer.addInterface("eth0", 1, Mac.parse("02:00:00:00:00:09"), 1500);
        peer.addAddress("eth0", IfAddr.parse("192.168.0.9/24"));
        main.boot(env);
        peer.boot(env);
        shell = new Shell(env, CommandRegistry.forNode(main, Optional.empty()), ScriptFiles.none());
    }

    private Traces.Outcome ping(String commandLine) {
        Traces.Outcome out = new Traces.Outcome(env);
        shell.exec(List.of(commandLine.split(" ")), "check_ftth", out);
        return out;
    }

    private List<String> printed() { return Traces.logs(env, "ping"); }

    @Test @DisplayName("§8.2: ppp0 torn down by poff -> `ping -I ppp0` exits 2 at once: SO_BINDTODEVICE ppp0: No such device")
    void deviceGoneAfterPoff() {
        main.pppDisconnect("ppp0");
        Traces.Outcome out = ping("ping -n -s 0 -c 1 -I ppp0 8.8.8.8");
        assertTrue(out.done(), "no virtual time passes");
        assertEquals(2, out.status.code());
        assertEquals(0, out.at);
        assertEquals(List.of("ping: SO_BINDTODEVICE ppp0: No such device"), printed());
        assertTrue(env.sent().stream().noneMatch(s -> s.port() == 2), "no probe left");
    }

    @Test @DisplayName("a node without any ppp0 fails the same way")
    void deviceAbsent() {
        NodeStack bare = new NodeStack("bare", false);
        bare.addInterface("eth0", 5, Mac.parse("02:00:00:00:00:05"), 1500);
        bare.boot(env);
        Shell s = new Shell(env, CommandRegistry.forNode(bare, Optional.empty()), ScriptFiles.none());
        Traces.Outcome out = new Traces.Outcome(env);
        s.runLine("ping -c 1 -I ppp0 8.8.8.8", "check", out);
        assertEquals(2, out.status.code());
        assertEquals(List.of("ping: SO_BINDTODEVICE ppp0: No such device"), Traces.logs(env, "check"));
    }

    @Test @DisplayName("no reply: -c 1 exits 1 after iputils' 10 s linger (MAXWAIT), not before")
    void lingerWithoutReply() {
        Traces.Outcome out = ping("ping -n -s 0 -c 1 -I ppp0 8.8.8.8");
        assertTrue(env.sent().stream().anyMatch(s -> s.port() == 2), "the probe went out on ppp0");
        env.advanceTo(Time.s(10) - 1);
        assertFalse(out.done());
        env.advanceTo(Time.s(10));
        assertEquals(1, out.status.code());
        assertTrue(printed().get(0).startsWith("PING 8.8.8.8 (8.8.8.8) from 10.0.0.7 ppp0"), printed().get(0));
        assertEquals(List.of("", "--- 8.8.8.8 ping statistics ---", "1 packets transmitted, 0 received, 100% packet loss, time 0ms"),
                printed().subList(1, printed().size()), "statistics printed when ping gives up");
    }

    @Test @DisplayName("-W sets the linger time")
    void lingerOption() {
        Traces.Outcome out = ping("ping -c 1 -W 2 -I ppp0 8.8.8.8");
        env.advanceTo(Time.s(2) - 1);
        assertFalse(out.done());
        env.advanceTo(Time.s(2));
        assertEquals(1, out.status.code());
    }

    @Test @DisplayName("a reply ends -c 1 right away: exit 0 once ARP (2 x 20 ms) and the echo (2 x 20 ms) are done")
    void replyEndsAtOnce() {
        Traces.Outcome out = ping("ping -c 1 192.168.0.9");
        env.advanceTo(4 * ONE_WAY - 1);
        assertFalse(out.done());
        env.advanceTo(4 * ONE_WAY);
        assertEquals(0, out.status.code());
        assertEquals(4 * ONE_WAY, out.at);
        // The first RTT includes the ARP wait: the echo was timestamped at sendmsg, before resolution.
        assertTrue(printed().contains("64 bytes from 192.168.0.9: icmp_seq=1 ttl=64 time=80.0 ms"), printed().toString());
        assertEquals("1 packets transmitted, 1 received, 0% packet loss, time 80ms", printed().get(printed().size() - 2));
        List<TraceEvent.ProbeResult> probes = env.traces().stream().filter(e -> e instanceof TraceEvent.ProbeResult)
                .map(e -> (TraceEvent.ProbeResult) e).toList();
        assertEquals(List.of(ProbeOutcome.REPLY), probes.stream().map(TraceEvent.ProbeResult::outcome).toList(), "probe results still reach the trace");
    }

    @Test @DisplayName("-c 3 exits after the third reply, one interval apart")
    void threeReplies() {
        Traces.Outcome out = ping("ping -c 3 192.168.0.9");
        env.advanceBy(Time.s(30));
        assertEquals(0, out.status.code());
        assertEquals(Time.s(2) + 2 * ONE_WAY, out.at);
    }

    @Test @DisplayName("-w: exit at the deadline; 1 if fewer than -c replies came (iputils finish())")
    void deadline() {
        Traces.Outcome none = ping("ping -w 3 -I ppp0 8.8.8.8");
        env.advanceTo(Time.s(3) - 1);
        assertFalse(none.done());
        env.advanceTo(Time.s(3));
        assertEquals(1, none.status.code());

        Traces.Outcome some = ping("ping -w 2 -c 5 192.168.0.9");
        env.advanceBy(Time.s(5));
        assertEquals(1, some.status.code(), "2 or 3 replies of 5 wanted");
        assertEquals(Time.s(5), some.at);
    }

    @Test @DisplayName("no route and no -I: connect fails, exit 2 at once")
    void noRoute() {
        main.pppDisconnect("ppp0");
        Traces.Outcome out = ping("ping -c 1 8.8.8.8");
        assertEquals(2, out.status.code());
        assertEquals(List.of("ping: connect: Network is unreachable"), printed());
    }

    @Test @DisplayName("an ICMP error counts as an answer for -c: Host Unreachable after ARP gives up ends the run with 1")
    void errorEndsCount() {
        Traces.Outcome out = ping("ping -c 1 192.168.0.50");
        env.advanceBy(Time.s(9));
        assertTrue(out.done(), "ended by the error, before the 10 s linger");
        assertEquals(1, out.status.code());
        assertTrue(printed().stream().anyMatch(l -> l.endsWith("Destination Host Unreachable")), printed().toString());
    }

    @Test @DisplayName("-q prints only the PING line and the summary")
    void quiet() {
        ping("ping -q -c 2 192.168.0.9");
        env.advanceBy(Time.s(5));
        assertEquals("PING 192.168.0.9 (192.168.0.9) 56(84) bytes of data.", printed().get(0));
        assertEquals("", printed().get(1));
        assertEquals(5, printed().size(), printed().toString());
    }

    @Test @DisplayName("killed (keepalived's script timeout): no statistics, no exit code of its own, the probe stops")
    void killed() {
        Traces.Outcome out = new Traces.Outcome(env);
        ShellRun run = shell.exec(List.of("ping", "-I", "ppp0", "8.8.8.8"), "check_ftth", out);
        env.advanceTo(Time.ms(2500));
        run.kill();
        assertEquals(143, out.status.code());
        int sent = env.sent().size();
        env.advanceBy(Time.s(30));
        assertEquals(sent, env.sent().size(), "no more probes");
        assertEquals(1, printed().size(), "just the PING line: " + printed());
    }

    @Test @DisplayName("options outside the model and host names are refused with exit 2")
    void refused() {
        Traces.Outcome badOption = ping("ping -f 192.168.0.9");
        assertEquals(2, badOption.status.code());
        assertTrue(Traces.diagnostics(env).get(0).text().contains("invalid option -- 'f'"));
        Traces.Outcome name = ping("ping -c 1 example.com");
        assertEquals(2, name.status.code());
        assertTrue(printed().contains("ping: example.com: Temporary failure in name resolution"));
    }
}
