package org.nettwin.scenarios.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The entry point of a worker JVM: {@code java -cp … org.nettwin.scenarios.cluster.ClusterMember --join
 * pekko://nettwin@HOST:PORT [--host 127.0.0.1] [--port 0] [--keep-serving] [--exit-on-stdin-eof]}. It joins the
 * coordinator's cluster, hosts one partition of the next run, and exits when that run ends (or its coordinator
 * vanishes); with {@code --keep-serving} it stays for further runs.
 * With {@code --exit-on-stdin-eof} it also exits when its standard input closes, which is how a parent process
 * that dies without cleaning up still takes its child JVM with it.
 */
public final class ClusterMember {
    private ClusterMember() {}

    public static void main(String[] args) throws InterruptedException {
        String join = null;
        String host = "127.0.0.1";
        int port = 0;
        boolean exitOnStdinEof = false;
        boolean keepServing = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--join" -> join = value(args, ++i);
                case "--host" -> host = value(args, ++i);
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
                case "--keep-serving" -> keepServing = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (join == null) usage("--join is required");
        ActorSystem<Void> system = ClusterMembers.start(host, port, !keepServing);
        ClusterMembers.join(system, ClusterMembers.parseAddress(join));
        System.out.println("member " + ClusterMembers.selfAddress(system) + " joining " + join);
        System.out.flush();
        if (exitOnStdinEof) watchStdin(system);
        int status = 0;
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (ExecutionException e) {
            System.err.println("member stopped abnormally: " + e.getCause());
            status = 1;
        }
        // Pekko's threads are gone, but a library thread could still hold the JVM: a worker JVM ends with its run.
        System.exit(status);
    }

    private static void watchStdin(ActorSystem<Void> system) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // Only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the parent is gone, like EOF.
            }
            system.terminate();
        }, "stdin-eof-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) usage(args[i - 1] + " needs a value");
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("ClusterMember: " + problem);
        System.err.println("usage: ClusterMember --join pekko://nettwin@HOST:PORT [--host HOST] [--port PORT] [--keep-serving] [--exit-on-stdin-eof]");
        System.exit(2);
    }
}
