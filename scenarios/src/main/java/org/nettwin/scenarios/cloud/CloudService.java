package org.nettwin.scenarios.cloud;

import java.util.Objects;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.sim.SimKernel;

/**
 * The kernel's side of one cloud of the topology: its state lives on the kernel thread, and every change
 * is traced under the cloud's own name ({@link #name()}), with log lines of {@link #program()} ("aws",
 * "soracom", "gcloud"), so a trace shows what the cloud did and when, beside what the nodes did.
 */
abstract sealed class CloudService permits AwsCloud, SoracomCloud, GcpCloud {
    private final String name;
    private final String program;
    private final long latencyNs;
    final SimKernel kernel;

    CloudService(String name, String program, long latencyNs, SimKernel kernel) {
        this.name = Objects.requireNonNull(name, "name");
        this.program = program;
        this.latencyNs = latencyNs;
        this.kernel = kernel;
    }

    /** The cloud's name in the topology, which is also its trace name. */
    public final String name() { return name; }

    /** The CLI and log program of this kind of cloud. */
    final String program() { return program; }

    /** From a request leaving the node to its answer arriving there; the change takes effect at the answer. */
    public final long latencyNs() { return latencyNs; }

    final void log(String text) {
        kernel.trace(name, new TraceEvent.Log(program, text));
    }

    final void changed(String machine, String from, String to) {
        kernel.trace(name, new TraceEvent.StateChanged(machine, from, to));
    }

    /** Something a script asked for that the twin cannot model faithfully: never silent. */
    final void warn(String text) {
        kernel.trace(name, new TraceEvent.Diagnostic("warning", name, text));
    }
}
