package org.nettwin.sim;

import org.nettwin.protocols.env.NodeEnv;

/** Test traffic sources driven by node timers. */
public final class Traffic {
    private Traffic() {}

    /** Sends frames with seq 0..count-1 on {@code port}, the first at {@code startNs}, then every {@code spacingNs}. */
    public static void periodic(NodeEnv env, int port, int count, long startNs, long spacingNs, int length) {
        sendFrom(env, port, 0, count, startNs, spacingNs, length);
    }

    private static void sendFrom(NodeEnv env, int port, int seq, int count, long at, long spacingNs, int length) {
        if (seq >= count) return;
        // One timer armed at a time: a chain, like a real periodic sender.
        env.schedule(at, "send", () -> {
            env.transmit(port, Frames.frame(length, seq));
            sendFrom(env, port, seq + 1, count, at + spacingNs, spacingNs, length);
        });
    }
}
