package org.nettwin.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;

/**
 * A test node that records what reaches it (with the virtual time) and runs optional scripted reactions.
 * Its lists are written in node context and read by the test after runUntil returns (the kernel's round
 * barrier orders the two).
 */
public final class ScriptNode implements HostedNode {
    public record Received(long time, int port, byte[] frame) {}

    public record CarrierChange(long time, int port, boolean up) {}

    @FunctionalInterface
    public interface ReceiveHandler {
        void onFrame(NodeEnv env, int port, byte[] frame);
    }

    public final List<Received> received = new ArrayList<>();
    public final List<CarrierChange> carrierChanges = new ArrayList<>();
    public long bootTime = -1;
    private NodeEnv env;
    private Consumer<NodeEnv> onBoot = env -> {};
    private ReceiveHandler onReceive = (env, port, frame) -> {};

    public ScriptNode onBoot(Consumer<NodeEnv> action) {
        this.onBoot = action;
        return this;
    }

    public ScriptNode onReceive(ReceiveHandler handler) {
        this.onReceive = handler;
        return this;
    }

    /** The env handed to boot, for tests that check misuse from outside the node. */
    public NodeEnv env() { return env; }

    @Override
    public void boot(NodeEnv env) {
        this.env = env;
        this.bootTime = env.now();
        onBoot.accept(env);
    }

    @Override
    public void receive(int port, byte[] frame) {
        received.add(new Received(env.now(), port, frame));
        onReceive.onFrame(env, port, frame);
    }

    @Override
    public void carrier(int port, boolean up) {
        carrierChanges.add(new CarrierChange(env.now(), port, up));
    }

    public List<Integer> receivedSeqs() {
        List<Integer> seqs = new ArrayList<>();
        for (Received r : received) seqs.add(Frames.seqOf(r.frame()));
        return seqs;
    }
}
