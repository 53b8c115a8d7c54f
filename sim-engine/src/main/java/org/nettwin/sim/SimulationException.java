package org.nettwin.sim;

/** Node code or a kernel action threw; the run cannot continue. The cause is the original exception. */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
