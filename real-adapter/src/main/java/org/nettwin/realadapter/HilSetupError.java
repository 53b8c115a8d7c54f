package org.nettwin.realadapter;

import org.nettwin.protocols.config.ConfigError;

/**
 * Something on the host is not as hardware-in-the-loop needs it: a device that does not exist or is down,
 * missing privileges, libpcap not installed, a network namespace that cannot be made. Like a mistake in a
 * file it is the user's to fix, so it is a {@link ConfigError}: the CLI prints the one line
 * "{@code subject: problem (hint)}" and exits 2, never a stack trace. {@code subject} names what is wrong
 * (a device, "--bind r1:eth9", "ip netns").
 */
public final class HilSetupError extends ConfigError {
    public HilSetupError(String subject, String problem, String hint) {
        super(subject, 0, 0, problem, hint);
    }
}
