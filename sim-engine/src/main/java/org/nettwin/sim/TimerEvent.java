package org.nettwin.sim;

import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;

/** A node timer: both the queue entry and the handle the node holds. */
final class TimerEvent extends NodeEvent implements TimerHandle {
    final String name;
    final Runnable action;
    private boolean cancelled;
    private boolean fired;

    TimerEvent(NodeHost target, String name, Runnable action) {
        super(target);
        this.name = name;
        this.action = action;
    }

    @Override
    public void cancel() {
        target.env.checkContext();
        cancelled = true;
    }

    @Override
    public boolean isActive() { return !cancelled && !fired; }

    @Override
    public long deadline() { return time; }

    @Override
    boolean isCancelled() { return cancelled; }

    @Override
    void run(NodeHost host) {
        fired = true;
        host.timerFired();
        host.env.trace(new TraceEvent.TimerFired(name));
        action.run();
    }

    @Override
    String describe() { return "timer '" + name + "'"; }
}
