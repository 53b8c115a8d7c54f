package org.nettwin.protocols.shell;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.nettwin.protocols.app.Ping;
import org.nettwin.protocols.app.PingOptions;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * iputils `ping` as a check script runs it (keepalived's check_ftth: `ping -n -s 0 -c 1 -I ppp0 ADDR`, every
 * second): a real simulated {@link Ping} from this node, ended when iputils' main_loop would end it.
 *
 * <p>iputils ping/ping_common.c: the loop stops as soon as replies + errors reach -c; with -w it stops at
 * the deadline, or at the first error; otherwise, once the last probe is out, schedule_exit waits
 * 2 × the largest RTT (at least one interval) if anything was answered, else the linger time (-W, default
 * MAXWAIT = 10 s). finish() returns 1 if nothing was received, or with -w if fewer than -c replies came,
 * else 0. Set-up failures exit 2 before any probe: a missing -I device ("SO_BINDTODEVICE dev: No such
 * device", ping.c bind_to_device; protocol-facts §8.2 "`ping -I ppp0` fails at once") and no route
 * ("connect: Network is unreachable", ping4_run's probe socket).
 */
final class PingCommand implements CommandModel {
    /** iputils ping.h MAXWAIT: seconds to wait for a response after the last probe when none came. */
    static final long LINGER_NS = Time.s(10);

    @Override public void run(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        ShortOptions o;
        try {
            o = ShortOptions.parse(argv.subList(1, argv.size()), "nq4", "cisIwW");
        } catch (ShortOptions.Invalid e) {
            ctx.diagnostic("warning", "ping " + String.join(" ", argv.subList(1, argv.size())) + ": " + e.getMessage() + " (only -n -q -4 -c -i -s -I -w -W are modelled)");
            done.accept(CommandResult.fail(2, "ping: " + e.getMessage()));
            return;
        }
        Settings s;
        try {
            s = Settings.of(o);
        } catch (IllegalArgumentException e) {
            done.accept(CommandResult.fail(2, "ping: " + e.getMessage()));
            return;
        }
        if (o.operands().size() != 1) {
            done.accept(CommandResult.fail(2, "ping: usage error: Destination address required"));
            return;
        }
        String target = o.operands().get(0);
        Ip4 dst;
        try {
            dst = Ip4.parse(target);
        } catch (IllegalArgumentException e) {
            ctx.diagnostic("warning", "ping " + target + ": the twin resolves no host names; write the address");
            done.accept(CommandResult.fail(2, "ping: " + target + ": Temporary failure in name resolution"));
            return;
        }
        NodeStack stack = ctx.stack().orElseThrow(() -> new IllegalStateException("ping needs a node stack"));
        Optional<String> failure = setUpFailure(stack, s.device, dst);
        if (failure.isPresent()) {
            done.accept(CommandResult.fail(2, failure.get()));
            return;
        }
        new Run(ctx, stack, s, dst, done).start();
    }

    /**
     * What iputils checks before the first probe; its message, if it gives up. With -I the kernel assumes an
     * unrouted destination is on link (ip_route_output_key_hash_rcu: "routing tables are wrong"), so only a
     * missing device (ENODEV from SO_BINDTODEVICE) or a down one (ENETUNREACH from connect) fails.
     */
    private static Optional<String> setUpFailure(NodeStack stack, String device, Ip4 dst) {
        if (device != null) {
            NetInterface ifc = stack.iface(device);
            // A ppp device that pppd tore down no longer exists; the stack keeps it as administratively down.
            boolean gone = ifc == null || ifc.ppp() != null && !ifc.adminUp();
            if (gone) return Optional.of("ping: SO_BINDTODEVICE " + device + ": No such device");
            if (!ifc.adminUp()) return Optional.of("ping: connect: Network is unreachable");
        } else if (stack.sourceAddressFor(dst, null) == null && !stack.isLocalAddress(dst)) {
            return Optional.of("ping: connect: Network is unreachable");
        }
        return Optional.empty();
    }

    /** The options that shape a run. {@code count} 0 = until stopped; {@code deadlineNs} 0 = none. */
    private record Settings(int count, long intervalNs, int size, String device, long deadlineNs, long lingerNs, boolean quiet) {
        static Settings of(ShortOptions o) {
            int count = o.value('c').map(v -> positiveInt(v, "-c")).orElse(0);
            long interval = o.value('i').map(v -> seconds(v, "-i")).orElse(Time.S);
            if (interval <= 0) throw new IllegalArgumentException("bad timing interval: " + o.value('i').orElse(""));
            int size = o.value('s').map(v -> {
                int n = nonNegativeInt(v, "-s");
                if (n > 65507) throw new IllegalArgumentException("invalid -s value: '" + v + "': out of range: 0 <= value <= 65507");
                return n;
            }).orElse(56);
            long deadline = o.value('w').map(v -> seconds(v, "-w")).orElse(0L);
            long linger = o.value('W').map(v -> seconds(v, "-W")).orElse(LINGER_NS);
            String device = o.value('I').orElse(null);
            if (device != null && looksLikeAddress(device)) {
                throw new IllegalArgumentException("-I " + device + ": a source address (not a device) is not modelled by the twin");
            }
            return new Settings(count, interval, size, device, deadline, linger, o.has('q'));
        }

        private static boolean looksLikeAddress(String s) { return s.matches("[0-9.]+"); }

        private static int positiveInt(String v, String opt) {
            int n = nonNegativeInt(v, opt);
            if (n == 0) throw new IllegalArgumentException("invalid argument: '" + v + "': out of range: 1 <= value <= 2147483647");
            return n;
        }

        private static int nonNegativeInt(String v, String opt) {
            if (!v.matches("[0-9]+")) throw new IllegalArgumentException("invalid argument: '" + v + "'");
            return Integer.parseInt(v);
        }

        private static long seconds(String v, String opt) {
            return BasicCommands.durationNs(v).filter(ns -> v.matches("[0-9.]+"))
                    .orElseThrow(() -> new IllegalArgumentException("bad " + opt + " value: " + v));
        }
    }

    /**
     * One ping process. The Ping program prints through the env it is started with; this run hands it a view
     * of the node's env that turns its Log lines into the command's stdout and watches its ProbeResults,
     * which is all iputils' exit logic needs.
     */
    private static final class Run {
        private final CommandContext ctx;
        private final Settings s;
        private final Ping ping;
        private final String program;
        private final Consumer<CommandResult> done;
        private int received;
        private int errors;
        private long maxRttNs;
        private boolean exited;
        private boolean summaryStarted;
        private boolean silenced;
        private TimerHandle exitTimer;
        private TimerHandle lastProbeTimer;

        Run(CommandContext ctx, NodeStack stack, Settings s, Ip4 dst, Consumer<CommandResult> done) {
            this.ctx = ctx;
            this.s = s;
            this.done = done;
            // A per-probe timeout as long as ping will wait, so Ping's own bookkeeping never ends the run early.
            long probeTimeout = Math.max(s.lingerNs(), s.deadlineNs());
            String name = ctx.origin();
            this.program = "ping/" + name;
            this.ping = new Ping(name, stack, new PingOptions(dst, s.count(), s.intervalNs(), s.size(), probeTimeout, s.device(), PingStyle.IPUTILS));
        }

        void start() {
            NodeEnv env = ctx.env();
            ctx.onKill(this::killed);
            long startNs = env.now();
            if (s.deadlineNs() > 0) exitTimer = env.schedule(startNs + s.deadlineNs(), "ping/deadline " + ctx.origin(), this::exit);
            ping.start(new Observed(env));
            if (exited) return;
            if (s.count() > 0 && s.deadlineNs() == 0) {
                lastProbeTimer = env.schedule(startNs + (s.count() - 1) * s.intervalNs(), "ping/last-probe " + ctx.origin(), this::lastProbeSent);
            }
        }

        /** schedule_exit: armed once, when the last probe has gone out. */
        private void lastProbeSent() {
            if (exited) return;
            long wait = received > 0 ? Math.max(2 * maxRttNs, s.intervalNs()) : s.lingerNs();
            exitTimer = ctx.env().after(wait, "ping/linger " + ctx.origin(), this::exit);
        }

        private void probe(TraceEvent.ProbeResult r) {
            if (exited) return;
            if (r.outcome() == ProbeOutcome.REPLY) {
                received++;
                maxRttNs = Math.max(maxRttNs, r.rttNs());
            } else if (r.outcome() != ProbeOutcome.REDIRECT && r.outcome() != ProbeOutcome.TIMEOUT) {
                errors++;
                if (s.deadlineNs() > 0) {
                    ctx.env().after(0, "ping/error " + ctx.origin(), this::exit);
                    return;
                }
            }
            // Exit after the reply has been printed: the check runs on the next instant of the same time.
            if (s.count() > 0 && received + errors >= s.count()) ctx.env().after(0, "ping/done " + ctx.origin(), this::exit);
        }

        private void exit() {
            if (exited) return;
            exited = true;
            cancelTimers();
            ping.finish();
            boolean failed = received == 0 || (s.deadlineNs() > 0 && s.count() > 0 && received < s.count());
            done.accept(new CommandResult(failed ? 1 : 0, "", ""));
        }

        /** SIGTERM: ping dies without printing statistics. */
        private void killed() {
            if (exited) return;
            exited = true;
            silenced = true;
            cancelTimers();
            ping.finish();
        }

        private void cancelTimers() {
            if (exitTimer != null) exitTimer.cancel();
            if (lastProbeTimer != null) lastProbeTimer.cancel();
        }

        /** -q prints the PING line and the summary only; "ping: ..." error lines go to stderr. */
        private void print(String line) {
            if (silenced) return;
            if (line.isEmpty() && !summaryStarted) summaryStarted = true;
            boolean perProbe = !line.startsWith("PING ") && !summaryStarted && !line.startsWith("ping: ");
            if (s.quiet() && perProbe) return;
            if (line.startsWith("ping: ")) ctx.err().println(line);
            else ctx.out().println(line);
        }

        /** The node's env as the Ping program sees it. */
        private final class Observed implements NodeEnv {
            private final NodeEnv node;

            Observed(NodeEnv node) { this.node = node; }

            @Override public long now() { return node.now(); }

            @Override public TimerHandle schedule(long deadlineNs, String name, Runnable action) { return node.schedule(deadlineNs, name, action); }

            @Override public void transmit(int port, byte[] frame) { node.transmit(port, frame); }

            @Override public RandomGenerator random(String path) { return node.random(path); }

            @Override public String nodeName() { return node.nodeName(); }

            @Override public void trace(TraceEvent event) {
                if (event instanceof TraceEvent.Log log && log.program().equals(program)) {
                    print(log.text());
                    return;
                }
                node.trace(event);
                if (event instanceof TraceEvent.ProbeResult r) probe(r);
            }
        }
    }
}
