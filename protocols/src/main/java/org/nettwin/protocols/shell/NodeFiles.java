package org.nettwin.protocols.shell;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nettwin.protocols.app.NodeCommands;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * The writable part of a node's filesystem as its scripts see it: `/proc/sys/...` writes become sysctls
 * (`echo 1 > /proc/sys/net/ipv4/ip_forward`), ordinary files live in memory so a later script can read what
 * an earlier one wrote, and the rest of /proc, /sys and /dev is refused with a Diagnostic.
 */
public final class NodeFiles {
    private static final String PROC_SYS = "/proc/sys/";

    private final NodeEnv env;
    private final Optional<NodeCommands> kernel;
    private final Map<String, StringBuilder> files = new TreeMap<>();

    NodeFiles(NodeEnv env, Optional<NodeCommands> kernel) {
        this.env = env;
        this.kernel = kernel;
    }

    /** Content of an ordinary file written by a script (or put there by {@link #write}). */
    public Optional<String> read(String path) {
        StringBuilder sb = files.get(absolute(path));
        return sb == null ? Optional.empty() : Optional.of(sb.toString());
    }

    /** Puts a file on the node before anything runs (e.g. a state file a script expects). */
    public void write(String path, String content) {
        files.put(absolute(path), new StringBuilder(content));
    }

    /** Deletes an ordinary file a script wrote; false if there was none. */
    public boolean remove(String path) {
        return files.remove(absolute(path)) != null;
    }

    /** keepalived starts scripts in "/", so a relative name is relative to the root. */
    static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** An opened redirection target, or why it could not be opened (the shell prints "cannot create"). */
    record Opened(Streams.Stream stream, String error) {}

    /** `> path` (truncates now, as the shell does before the command runs) or `>> path`. */
    Opened open(String path, boolean append, String origin) {
        String abs = absolute(path);
        if (abs.equals("/dev/null")) return new Opened(Streams.DISCARD, null);
        if (abs.startsWith(PROC_SYS)) return sysctl(abs, origin);
        if (abs.startsWith("/proc/") || abs.startsWith("/sys/") || abs.startsWith("/dev/")) {
            env.trace(new TraceEvent.Diagnostic("warning", origin, "writing " + abs + " is not modelled by the twin (only /proc/sys/... and ordinary files)"));
            return new Opened(null, "cannot create " + path + ": not modelled by the twin");
        }
        StringBuilder content = files.computeIfAbsent(abs, k -> new StringBuilder());
        if (!append) content.setLength(0);
        return new Opened(content::append, null);
    }

    /** The value is applied when the writing command ends, like the kernel's proc_handler on write(2). */
    private Opened sysctl(String abs, String origin) {
        if (kernel.isEmpty()) {
            env.trace(new TraceEvent.Diagnostic("warning", origin, "no network stack on this node to take the sysctl " + abs));
            return new Opened(null, "cannot create " + abs + ": Directory nonexistent");
        }
        String key = abs.substring(PROC_SYS.length()).replace('/', '.');
        StringBuilder written = new StringBuilder();
        return new Opened(new Streams.Stream() {
            @Override public void write(String text) { written.append(text); }

            @Override public String close() {
                String value = written.toString().trim();
                if (value.isEmpty()) return null;
                NodeCommands.Result r = kernel.get().writeSysctl(key, value);
                return r.status() == 0 ? null : String.join(" ", r.output());
            }
        }, null);
    }
}
