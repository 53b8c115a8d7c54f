package org.nettwin.protocols.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.stack.NodeStack;

/**
 * The programs installed on a node, each a {@link CommandModel}, and the node facilities they act on. A
 * command is found by its name, or by the last element of the path it was called by (/sbin/ip is ip).
 */
public final class CommandRegistry {
    private final Map<String, CommandModel> models = new HashMap<>();
    private final Optional<NodeStack> stack;
    private final Optional<NodeCommands> kernel;
    private final Optional<CloudApi> cloud;

    private CommandRegistry(Optional<NodeStack> stack, Optional<CloudApi> cloud) {
        this.stack = stack;
        this.kernel = stack.map(NodeCommands::new);
        this.cloud = cloud;
        BasicCommands.registerAll(this);
        CloudCommands.registerAll(this);
        if (stack.isPresent()) {
            CommandModel kernelCommand = new KernelCommand();
            for (String name : KernelCommand.NAMES) register(name, kernelCommand);
            register("ping", new PingCommand());
            IpsecCommands.registerAll(this);
        }
    }

    /** Everything a Linux router of the seeds runs: ip, sysctl, pon/poff, iptables, ping, plus the cloud CLIs. */
    public static CommandRegistry forNode(NodeStack stack, Optional<CloudApi> cloud) {
        return new CommandRegistry(Optional.of(stack), cloud);
    }

    /** Only the commands that need no network stack (echo, test, sleep, logger...) and the cloud CLIs. */
    public static CommandRegistry withoutStack(Optional<CloudApi> cloud) {
        return new CommandRegistry(Optional.empty(), cloud);
    }

    /** Adds or replaces a program (a site-specific tool, or a test double). */
    public CommandRegistry register(String name, CommandModel model) {
        models.put(name, model);
        return this;
    }

    /** The model for {@code nameOrPath} ("ip", "/sbin/ip"), if installed. */
    public Optional<CommandModel> find(String nameOrPath) {
        return Optional.ofNullable(models.get(nameOrPath.substring(nameOrPath.lastIndexOf('/') + 1)));
    }

    Optional<NodeStack> stack() { return stack; }

    Optional<NodeCommands> kernel() { return kernel; }

    Optional<CloudApi> cloud() { return cloud; }
}
