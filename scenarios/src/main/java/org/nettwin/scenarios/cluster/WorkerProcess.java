package org.nettwin.scenarios.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;

/**
 * A worker member in a child JVM on this machine, started with this JVM's own java and class path, so it can
 * build every partition engine this JVM can. Its standard input stays a pipe to us: closing it (or our death)
 * makes the child exit ({@code --exit-on-stdin-eof}); {@link #close} then waits, and kills it if it lingers.
 */
public final class WorkerProcess implements AutoCloseable {
    private static final long GRACE_SECONDS = 5;

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a member that joins {@code seed} and serves runs until {@link #close} (or this JVM's death); its
     * output goes to {@code log}.
     */
    public static WorkerProcess spawn(Address seed, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ClusterMember.class.getName(), "--join", seed.toString(), "--host", seed.host().getOrElse(() -> "127.0.0.1"),
                "--keep-serving", "--exit-on-stdin-eof");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, log);
    }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return process.isAlive(); }

    public Path log() { return log; }

    /** Ends the child: EOF on its stdin, then SIGTERM, then SIGKILL, each after a short grace period. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Already gone: nothing to signal.
        }
        try {
            if (process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) return;
            process.destroy();
            if (process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
