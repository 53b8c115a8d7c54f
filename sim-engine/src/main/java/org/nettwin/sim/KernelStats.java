package org.nettwin.sim;

/**
 * Work done by a kernel so far.
 *
 * @param eventsProcessed events taken off the queue and dispatched: timer expiries, frame arrivals (delivered or
 *                        dropped in flight), carrier changes, boots, node and kernel actions; timers cancelled
 *                        before their instant are skipped uncounted
 * @param windows         lookahead windows run (see SimKernel; one per instant while stop conditions are set)
 * @param groupRuns       node-group runs, summed over windows (a group is nodes joined by zero-delay links)
 * @param parallelWindows windows with more than one busy group (run in parallel under ACTORS)
 * @param timersFired     node timers that fired
 * @param framesSent      frames put on a wire (FrameSent)
 * @param framesDelivered frames handed to a receiving node (FrameDelivered)
 * @param framesDropped   frames dropped by links or for want of a port
 * @param wallNanos       wall-clock time spent inside runUntil
 * @param simulatedNanos  virtual time reached
 */
public record KernelStats(long eventsProcessed, long windows, long groupRuns, long parallelWindows, long timersFired, long framesSent,
                          long framesDelivered, long framesDropped, long wallNanos, long simulatedNanos) {

    public double eventsPerWallSecond() {
        return wallNanos == 0 ? 0.0 : eventsProcessed * 1e9 / wallNanos;
    }

    public double simulatedSecondsPerWallSecond() {
        return wallNanos == 0 ? 0.0 : (double) simulatedNanos / wallNanos;
    }
}
