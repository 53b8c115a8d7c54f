package org.nettwin.protocols.shell;

/**
 * How a script or command run ended, as the parent (keepalived, a scenario) sees it through wait(2).
 * {@code signal} is non-zero when the run was killed; {@code code} is then 128 + signal, as a shell reports it.
 */
public record ExitStatus(int code, int signal) {
    /** SIGTERM: keepalived's script timeout and a scenario's stop. */
    public static final int SIGTERM = 15;

    public static ExitStatus exited(int code) { return new ExitStatus(code & 0xff, 0); }

    public static ExitStatus killed(int signal) { return new ExitStatus(128 + signal, signal); }

    public boolean success() { return code == 0 && signal == 0; }

    public boolean wasKilled() { return signal != 0; }
}
