package org.nettwin.sim;

/** How the kernel runs node code. Both give identical results; ACTORS spreads the nodes of an instant over threads. */
public enum HostMode {
    /** Each node is a Pekko typed actor; the nodes with work in an instant run in parallel. */
    ACTORS,
    /** Same grouping and merge order, every node run in turn on the kernel thread (no ActorSystem). */
    INLINE
}
