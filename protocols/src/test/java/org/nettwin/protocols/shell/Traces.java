package org.nettwin.protocols.shell;

import java.util.List;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;

/** Reading a ManualEnv's trace in shell tests. */
final class Traces {
    private Traces() {}

    /** The texts of Log events of {@code program}, in order. */
    static List<String> logs(ManualEnv env, String program) {
        return env.traces().stream().filter(e -> e instanceof TraceEvent.Log l && l.program().equals(program))
                .map(e -> ((TraceEvent.Log) e).text()).toList();
    }

    static List<TraceEvent.Diagnostic> diagnostics(ManualEnv env) {
        return env.traces().stream().filter(e -> e instanceof TraceEvent.Diagnostic).map(e -> (TraceEvent.Diagnostic) e).toList();
    }

    /** Holds the status a run reported and when. */
    static final class Outcome implements java.util.function.Consumer<ExitStatus> {
        private final ManualEnv env;
        ExitStatus status;
        long at = -1;
        int reports;

        Outcome(ManualEnv env) { this.env = env; }

        @Override public void accept(ExitStatus s) {
            status = s;
            at = env.now();
            reports++;
        }

        boolean done() { return status != null; }
    }
}
