package org.nettwin.protocols.vyatta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.gre.GreDevice;
import org.nettwin.protocols.heartbeat.HeartbeatConfig;
import org.nettwin.protocols.heartbeat.HeartbeatNode;
import org.nettwin.protocols.node.NodeDisk;
import org.nettwin.protocols.shell.CommandContext;
import org.nettwin.protocols.shell.CommandRegistry;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.protocols.shell.ScriptFiles;
import org.nettwin.protocols.shell.ShellScript;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.value.IfAddr;

/**
 * The programs of a Vyatta router the twin models, one instance per boot of a node (it holds the node's
 * Heartbeat, which keeps its generation on the node's {@link NodeDisk}, so it goes on rising across reboots):
 *
 * <ul>
 *   <li>{@code vyatta-config FILE}: loads a file of `set` lines and commits it as Vyatta does: the tunnel
 *       with the commands its templates run (`ip tunnel add NAME mode gre local L remote R ttl 255`,
 *       multicast, `ip addr add`, `ip link set NAME up`), then the cluster's Heartbeat. A mistake is a
 *       file:line:col message and exit status 1; a path the twin does not model is a Diagnostic naming its
 *       file:line, and the rest is still applied.</li>
 *   <li>{@code heartbeat start|stop|restart|status} (also as /etc/init.d/heartbeat): the cluster service.</li>
 * </ul>
 */
public final class VyattaCommands {
    private final ScriptFiles files;
    private final NodeDisk disk;
    private HeartbeatConfig heartbeatConfig;
    private HeartbeatNode heartbeat;

    private VyattaCommands(ScriptFiles files, NodeDisk disk) {
        this.files = files;
        this.disk = disk;
    }

    /** Installs `vyatta-config` and `heartbeat` on a node whose user files are {@code files} and whose disk is {@code disk}. */
    public static void install(CommandRegistry registry, ScriptFiles files, NodeDisk disk) {
        VyattaCommands v = new VyattaCommands(files, disk);
        registry.register("vyatta-config", v::vyattaConfig);
        registry.register("heartbeat", v::heartbeatService);
    }

    /** The node's Heartbeat once a cluster was committed. */
    public Optional<HeartbeatNode> heartbeat() { return Optional.ofNullable(heartbeat); }

    private void vyattaConfig(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        if (argv.size() != 2) {
            done.accept(CommandResult.fail(2, "usage: vyatta-config FILE\n"));
            return;
        }
        Optional<ShellScript> file = files.script(argv.get(1));
        NodeStack stack = ctx.stack().orElse(null);
        if (file.isEmpty() || stack == null) {
            done.accept(CommandResult.fail(1, "vyatta-config: " + argv.get(1) + ": No such file (give it to the node with `files:`)\n"));
            return;
        }
        try {
            VyattaConfig cfg = VyattaConfig.of(file.get());
            for (VyattaConfig.Unmodelled u : cfg.unmodelled())
                ctx.env().trace(new org.nettwin.protocols.trace.TraceEvent.Diagnostic("warning", cfg.path() + ":" + u.at().line(),
                        "Vyatta path not modelled by the twin, ignored: " + u.text()));
            String uname = cfg.hostName() != null ? cfg.hostName() : ctx.env().nodeName();
            HeartbeatConfig hb = cfg.cluster() == null ? null : cfg.heartbeat(uname);
            List<String> out = new ArrayList<>();
            for (VyattaConfig.Tunnel t : cfg.tunnels().values()) {
                String failure = createTunnel(ctx.kernel().orElseThrow(), stack, cfg.path(), t, out);
                if (failure != null) {
                    done.accept(new CommandResult(1, "", failure + "\n"));
                    return;
                }
            }
            if (hb != null) {
                if (heartbeat != null) heartbeat.stop();
                heartbeatConfig = hb;
                heartbeat = new HeartbeatNode(hb, stack, disk);
                if (!heartbeat.start()) {
                    done.accept(new CommandResult(1, "", "heartbeat: media initialization failed on " + hb.iface() + "\n"));
                    return;
                }
            }
            done.accept(CommandResult.ok(out.isEmpty() ? "" : String.join("\n", out) + "\n"));
        } catch (ConfigError e) {
            ctx.diagnostic("error", e.getMessage());
            done.accept(new CommandResult(1, "", e.getMessage() + "\n"));
        }
    }

    /** What the tunnel templates of vyatta-cfg-system run for one `interfaces tunnel` node; null when it worked. */
    private static String createTunnel(NodeCommands kernel, NodeStack stack, String path, VyattaConfig.Tunnel t, List<String> out) {
        String origin = path + ":" + t.at().line();
        List<List<String>> commands = new ArrayList<>();
        List<String> add = new ArrayList<>(List.of("ip", "tunnel", "add", t.name(), "mode", "gre", "local", t.localIp().toString(),
                "remote", t.remoteIp().toString(), "ttl", Integer.toString(t.ttl())));
        if (t.key() != null) add.addAll(List.of("key", t.key().toString()));
        commands.add(add);
        for (IfAddr a : t.addresses()) commands.add(List.of("ip", "addr", "add", a.toString(), "dev", t.name()));
        commands.add(List.of("ip", "link", "set", t.name(), "up"));
        for (List<String> c : commands) {
            NodeCommands.Result r = kernel.run(c, origin);
            out.addAll(r.output());
            if (r.status() != 0) return origin + ": " + String.join(" ", c) + ": " + String.join(" ", r.output());
            // Multicast can only be switched on when the tunnel is created (protocol-facts §3.2).
            if (c == add) GreDevice.of(stack.iface(t.name())).setMulticast(t.multicast());
        }
        return null;
    }

    private void heartbeatService(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        String verb = argv.size() > 1 ? argv.get(1) : "";
        if (heartbeatConfig == null) {
            done.accept(CommandResult.fail(6, "heartbeat: not configured (no cluster committed on this node)\n"));
            return;
        }
        switch (verb) {
            case "start" -> startHeartbeat(ctx);
            case "stop" -> heartbeat.stop();
            case "restart" -> {
                heartbeat.stop();
                startHeartbeat(ctx);
            }
            case "status" -> {
                boolean up = heartbeat.running();
                done.accept(new CommandResult(up ? 0 : 3, "heartbeat " + (up ? "OK [pid 1789 et al] is running on " + heartbeatConfig.localNode() : "is stopped") + "\n", ""));
                return;
            }
            default -> {
                done.accept(CommandResult.fail(2, "Usage: /etc/init.d/heartbeat {start|stop|status|restart}\n"));
                return;
            }
        }
        done.accept(CommandResult.ok());
    }

    private void startHeartbeat(CommandContext ctx) {
        if (heartbeat.running()) return;
        // A new process: fresh peer tracking and sequence numbers, same configuration, the next generation (from disk).
        heartbeat = new HeartbeatNode(heartbeatConfig, ctx.stack().orElseThrow(), disk);
        heartbeat.start();
    }
}
