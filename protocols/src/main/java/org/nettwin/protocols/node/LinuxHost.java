package org.nettwin.protocols.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.keepalived.Keepalived;
import org.nettwin.protocols.keepalived.KeepalivedConfig;
import org.nettwin.protocols.shell.CloudApi;
import org.nettwin.protocols.shell.CommandContext;
import org.nettwin.protocols.shell.CommandRegistry;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.shell.ExitStatus;
import org.nettwin.protocols.shell.ScriptFiles;
import org.nettwin.protocols.shell.Shell;
import org.nettwin.protocols.shell.ShellRun;
import org.nettwin.protocols.shell.ShellScript;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.vrrp.ReceivedAdvert;
import org.nettwin.protocols.vrrp.VrrpHost;

/**
 * A Linux box of the seed networks: its kernel (the {@link NodeStack}), a shell with the node's scripts,
 * the commands installed on it, and keepalived as a systemd service. Runs the same in the simulator and on
 * a wall clock, since everything goes through the stack's {@link NodeEnv}.
 *
 * <p>keepalived is enabled at boot when configured. `systemctl stop` is SIGTERM (priority 0, VIPs removed),
 * `kill -9` / `pkill -9` is SIGKILL (nothing sent, VIPs stay), `systemctl start|restart|reload` do what
 * systemd would do to it.
 */
public final class LinuxHost {
    /** The pid keepalived gets while it runs; `pidof keepalived` prints it so `kill -9 $(pidof keepalived)` works. */
    static final int KEEPALIVED_PID = 1042;

    private final NodeStack stack;
    private final KeepalivedConfig keepalivedConfig;
    private final Map<String, ShellScript> scripts;
    private final List<String> setup;
    private final Optional<CloudApi> cloud;
    private final long execLatencyNs;
    private final NodeDisk disk;
    private Shell shell;
    private StackVrrpHost vrrpHost;
    private Keepalived keepalived;

    /**
     * @param scripts scripts on the node by absolute path (as keepalived.conf names them)
     * @param keepalivedConfig null when the node runs no keepalived
     * @param setup commands run at boot, in order, before keepalived starts
     * @param execLatencyNs what fork+exec of a program costs on this node
     * @param disk the node's disk: give a rebooted node the one it had before
     */
    public LinuxHost(NodeStack stack, Map<String, ShellScript> scripts, KeepalivedConfig keepalivedConfig, List<String> setup,
                     Optional<CloudApi> cloud, long execLatencyNs, NodeDisk disk) {
        this.execLatencyNs = execLatencyNs;
        this.disk = disk;
        this.stack = stack;
        this.scripts = Map.copyOf(scripts);
        this.keepalivedConfig = keepalivedConfig;
        this.setup = List.copyOf(setup);
        this.cloud = cloud;
        stack.onBoot(this::boot);
    }

    public NodeStack stack() { return stack; }

    public Optional<Keepalived> keepalived() { return Optional.ofNullable(keepalived); }

    private void boot(NodeEnv env) {
        CommandRegistry commands = CommandRegistry.forNode(stack, cloud);
        commands.register("systemctl", this::systemctl);
        commands.register("service", (ctx, argv, done) -> {
            // `service keepalived stop` is `systemctl stop keepalived`
            List<String> a = argv.size() >= 3 ? List.of("systemctl", argv.get(2), argv.get(1)) : argv;
            systemctl(ctx, a, done);
        });
        commands.register("pidof", (ctx, argv, done) -> done.accept(argv.contains("keepalived") && keepalivedRunning()
                ? CommandResult.ok(KEEPALIVED_PID + "\n") : new CommandResult(1, "", "")));
        commands.register("kill", this::kill);
        commands.register("pkill", this::killByName);
        commands.register("killall", this::killByName);
        ScriptFiles files = path -> Optional.ofNullable(scripts.get(path));
        org.nettwin.protocols.vyatta.VyattaCommands.install(commands, files, disk);
        shell = new Shell(env, commands, files, execLatencyNs);
        vrrpHost = new StackVrrpHost(stack, new ShellScripts());
        stack.registerProtocol(IpProto.VRRP, (ifc, ip, srcMac) -> {
            if (keepalived != null) keepalived.receive(new ReceivedAdvert(ifc.name(), ip.src(), ip.dst(), ip.ttl(), ip.payload()));
        });
        runSetup(0, () -> {
            if (keepalivedConfig != null) startKeepalived();
        });
    }

    private void runSetup(int i, Runnable then) {
        if (i >= setup.size()) {
            then.run();
            return;
        }
        shell.runLine(setup.get(i), "setup", status -> runSetup(i + 1, then));
    }

    /** Runs one command line on the node as root's shell would (a scenario's `run:` step). */
    public void run(String commandLine, String origin, Consumer<ExitStatus> done) {
        shell.runLine(commandLine, origin, done);
    }

    private boolean keepalivedRunning() { return keepalived != null && keepalived.running(); }

    private void startKeepalived() {
        if (keepalivedRunning()) return;
        keepalived = new Keepalived(keepalivedConfig, stack.env(), vrrpHost);
        keepalived.start();
    }

    private void systemctl(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        if (argv.size() < 3) {
            done.accept(CommandResult.fail(1, "systemctl: this twin models `systemctl start|stop|restart|reload|status keepalived`"));
            return;
        }
        String verb = argv.get(1);
        String unit = argv.get(2).replaceAll("\\.service$", "");
        if (!unit.equals("keepalived")) {
            ctx.diagnostic("warning", "systemctl: unit " + unit + " is not modelled on " + stack.name());
            done.accept(CommandResult.fail(5, "Failed to " + verb + " " + unit + ".service: Unit " + unit + ".service not found."));
            return;
        }
        if (keepalivedConfig == null) {
            done.accept(CommandResult.fail(5, "Failed to " + verb + " keepalived.service: Unit keepalived.service not found."));
            return;
        }
        switch (verb) {
            case "start" -> startKeepalived();
            case "stop" -> {
                if (keepalivedRunning()) keepalived.stop();
            }
            case "restart" -> {
                if (keepalivedRunning()) keepalived.stop();
                startKeepalived();
            }
            case "reload" -> {
                if (keepalivedRunning()) keepalived.reload(keepalivedConfig);
            }
            case "status", "is-active" -> {
                boolean up = keepalivedRunning();
                done.accept(new CommandResult(up ? 0 : 3, up ? "active\n" : "inactive\n", ""));
                return;
            }
            default -> {
                done.accept(CommandResult.fail(1, "systemctl: unknown command \"" + verb + "\" (modelled: start, stop, restart, reload, status)"));
                return;
            }
        }
        done.accept(CommandResult.ok());
    }

    /** `kill [-9|-KILL|-SIGKILL|-15|-TERM] PID...` */
    private void kill(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        boolean sigkill = false;
        List<String> pids = new ArrayList<>();
        for (String a : argv.subList(1, argv.size())) {
            if (a.startsWith("-")) sigkill = isKill(a);
            else pids.add(a);
        }
        if (pids.isEmpty()) {
            done.accept(CommandResult.fail(2, "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid"));
            return;
        }
        for (String pid : pids) {
            if (!pid.equals(Integer.toString(KEEPALIVED_PID)) || !keepalivedRunning()) {
                done.accept(CommandResult.fail(1, "kill: (" + pid + ") - No such process"));
                return;
            }
            signal(sigkill);
        }
        done.accept(CommandResult.ok());
    }

    /** `pkill|killall [-9] keepalived` */
    private void killByName(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        boolean sigkill = argv.stream().skip(1).anyMatch(a -> a.startsWith("-") && isKill(a));
        boolean named = argv.stream().skip(1).anyMatch(a -> a.equals("keepalived"));
        if (!named || !keepalivedRunning()) {
            done.accept(new CommandResult(1, "", argv.get(0).equals("killall") ? "keepalived: no process found\n" : ""));
            return;
        }
        signal(sigkill);
        done.accept(CommandResult.ok());
    }

    private static boolean isKill(String opt) {
        String s = opt.substring(1).toUpperCase(java.util.Locale.ROOT);
        return s.equals("9") || s.equals("KILL") || s.equals("SIGKILL") || s.equals("S KILL");
    }

    private void signal(boolean sigkill) {
        stack.env().trace(new TraceEvent.Log("kernel", "signal " + (sigkill ? "SIGKILL" : "SIGTERM") + " to keepalived (pid " + KEEPALIVED_PID + ")"));
        if (sigkill) keepalived.kill();
        else keepalived.stop();
    }

    /** keepalived's fork/exec of check and notify scripts, through the node's shell. */
    private final class ShellScripts implements StackVrrpHost.ScriptRunner {
        @Override public void runCheck(String scriptName, List<String> argv, long timeoutNs, Consumer<VrrpHost.CheckResult> done) {
            boolean[] reported = {false};
            ShellRun run = shell.exec(argv, "vrrp_script " + scriptName, status -> {
                if (reported[0]) return;
                reported[0] = true;
                done.accept(new VrrpHost.CheckResult.Exited(status.code()));
            });
            if (!run.running()) return;
            stack.env().after(timeoutNs, "vrrp_script/" + scriptName + "/timeout", () -> {
                if (reported[0] || !run.running()) return;
                reported[0] = true;
                run.kill();
                done.accept(new VrrpHost.CheckResult.TimedOut());
            });
        }

        @Override public void runNotify(List<String> argv) {
            shell.exec(argv, "notify", status -> { });
        }
    }
}
