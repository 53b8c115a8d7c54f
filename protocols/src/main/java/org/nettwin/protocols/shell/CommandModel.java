package org.nettwin.protocols.shell;

import java.util.List;
import java.util.function.Consumer;

/**
 * A model of one program a script can run (ip, ping, aws...). It acts on the simulated world through the
 * context and calls {@code done} exactly once, either at once or later from a NodeEnv timer when the real
 * program would take time (a ping waiting for its reply, a cloud API round trip). It must never block.
 */
@FunctionalInterface
public interface CommandModel {
    /** {@code argv.get(0)} is the name as invoked (it may be a path such as /usr/local/bin/soracom). */
    void run(CommandContext ctx, List<String> argv, Consumer<CommandResult> done);
}
