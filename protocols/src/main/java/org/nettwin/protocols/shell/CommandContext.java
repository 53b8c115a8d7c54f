package org.nettwin.protocols.shell;

import java.util.Optional;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * What a command model may use while it runs: the node (time, timers, trace), its network stack, the
 * outside world's APIs if the topology grants them, the node's files, and its own stdout/stderr.
 */
public final class CommandContext {
    private final NodeEnv env;
    private final String origin;
    private final OutputSink out;
    private final OutputSink err;
    private final CommandRegistry registry;
    private final NodeFiles files;
    private final ShellScript.Dialect dialect;
    private final Shell.Job job;
    private final ScriptFiles userFiles;

    CommandContext(NodeEnv env, String origin, OutputSink out, OutputSink err, CommandRegistry registry, NodeFiles files,
                   ShellScript.Dialect dialect, Shell.Job job, ScriptFiles userFiles) {
        this.userFiles = userFiles;
        this.env = env;
        this.origin = origin;
        this.out = out;
        this.err = err;
        this.registry = registry;
        this.files = files;
        this.dialect = dialect;
        this.job = job;
    }

    public NodeEnv env() { return env; }

    /** "script:line" (or the caller's origin for a direct exec): where diagnostics point. */
    public String origin() { return origin; }

    public OutputSink out() { return out; }

    public OutputSink err() { return err; }

    public Optional<NodeStack> stack() { return registry.stack(); }

    public Optional<NodeCommands> kernel() { return registry.kernel(); }

    /** The cloud/carrier APIs this node can reach; absent when the topology gives it none. */
    public Optional<CloudApi> cloud() { return registry.cloud(); }

    public NodeFiles files() { return files; }

    /**
     * The content of a file as a program reading it as data sees it: what the node's scripts wrote there,
     * else the file the topology put there (`files:`), else empty.
     */
    public Optional<String> readFile(String path) {
        Optional<String> written = files.read(path);
        return written.isPresent() ? written : userFiles.script(NodeFiles.absolute(path)).map(ShellScript::source);
    }

    /** Which /bin/sh the calling script runs under (echo differs between dash and bash). */
    public ShellScript.Dialect dialect() { return dialect; }

    /** Something the twin cannot reproduce faithfully, or a mistake in the script: never silent. */
    public void diagnostic(String severity, String text) {
        env.trace(new TraceEvent.Diagnostic(severity, origin, text));
    }

    /** Cleanup to run if the script is killed while this command is still running (cancel timers, stop a ping). */
    public void onKill(Runnable cleanup) { job.onKill(cleanup); }
}
