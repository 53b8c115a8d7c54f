package org.nettwin.protocols.shell;

/** A script or command started by {@link Shell}: it reports its ExitStatus once, unless killed first. */
public interface ShellRun {
    /**
     * SIGTERM to the whole process group (keepalived's script timeout): pending sleeps, pings and timers stop,
     * answers of API calls already sent are ignored, and done receives {@link ExitStatus#killed} at once.
     */
    void kill();

    boolean running();
}
