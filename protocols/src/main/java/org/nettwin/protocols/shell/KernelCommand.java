package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nettwin.protocols.app.NodeCommands;

/** `ip`, `sysctl`, `pon`/`poff`, `iptables`: the node's own state, modelled once in {@link NodeCommands}. */
final class KernelCommand implements CommandModel {
    static final List<String> NAMES = List.of("ip", "sysctl", "pon", "poff", "iptables", "bridge");

    @Override public void run(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        NodeCommands kernel = ctx.kernel().orElseThrow(() -> new IllegalStateException("kernel commands need a node stack"));
        List<String> args = new ArrayList<>(argv);
        String name = args.get(0);
        args.set(0, name.substring(name.lastIndexOf('/') + 1));
        NodeCommands.Result r = kernel.run(args, ctx.origin());
        String text = r.output().isEmpty() ? "" : String.join("\n", r.output()) + "\n";
        done.accept(r.status() == 0 ? new CommandResult(0, text, "") : new CommandResult(r.status(), "", text));
    }
}
