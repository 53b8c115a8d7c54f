package org.nettwin.sim;

/** Work that runs on the kernel thread at its time (faults, scenario steps); a barrier between node batches. */
final class KernelAction extends Event {
    final String label;
    final Runnable action;

    KernelAction(String label, Runnable action) {
        this.label = label;
        this.action = action;
    }

    @Override
    String describe() { return "kernel action '" + label + "'"; }
}
