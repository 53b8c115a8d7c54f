package org.nettwin.realadapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * A throw-away L2 segment on the host for hardware-in-the-loop runs and tests, made with iproute2: one Linux
 * bridge, network namespaces each plugged into it by a veth pair (seen inside as {@code eth0}), and ports
 * for the twin ({@link #addTwinPort}: the outer end of a veth pair, for {@link TapPort}).
 *
 * <p>It touches only what it creates. Addresses and routes go inside its namespaces, and only in ranges no
 * real network uses: RFC 2544's benchmarking block 198.18.0.0/15 and RFC 5737's 198.51.100.0/24 and
 * 203.0.113.0/24, and never in a range that holds one of the host's own addresses (some hosts are numbered
 * from TEST-NET-1, 192.0.2.0/24, which is why it is not on the list), so a run can never reach the host or
 * shadow a real network. Every name carries a random suffix, so parallel runs do not collide. {@link #close}
 * kills the processes started in the namespaces and removes everything in reverse order of creation; a JVM
 * shutdown hook does the same for a run that is interrupted.
 */
public final class NetNs implements AutoCloseable {
    /** RFC 2544's benchmarking block and RFC 5737's TEST-NET-2/3: the only ranges this helper assigns. */
    private static final List<Prefix4> DOCUMENTATION_RANGES =
            List.of(Prefix4.parse("198.18.0.0/15"), Prefix4.parse("198.51.100.0/24"), Prefix4.parse("203.0.113.0/24"));
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** The name a namespace's veth end gets inside it, so configs can say `interface eth0`. */
    public static final String INNER_DEVICE = "eth0";

    /** A network namespace plugged into the bridge; {@link #INNER_DEVICE} inside carries {@code address}. */
    public record Namespace(String name, IfAddr address) {}

    /** What a command printed (stdout and stderr merged) and its exit code. */
    public record ExecResult(int exitCode, String output) {}

    private final String suffix;
    private final String bridge;
    /** iproute2 commands that undo what was created, run last-first. */
    private final Deque<List<String>> undo = new ArrayDeque<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook;
    private int nextPort;
    private boolean closed;

    private NetNs(String suffix) {
        this.suffix = suffix;
        this.bridge = "ntb" + suffix;
        this.shutdownHook = new Thread(this::cleanUp, "netns-cleanup-" + suffix);
    }

    /**
     * Why this host cannot run it (not root, no `ip netns`), or empty if it can. Tests use it to skip with a
     * clear message rather than fail on a developer machine.
     */
    public static Optional<String> unavailableReason() {
        ExecResult id = runQuietly(List.of("id", "-u"));
        if (id == null || id.exitCode() != 0) return Optional.of("cannot run `id -u`");
        if (!id.output().trim().equals("0")) return Optional.of("not root (uid " + id.output().trim() + "); network namespaces need root");
        ExecResult netns = runQuietly(List.of("ip", "netns", "list"));
        if (netns == null || netns.exitCode() != 0) {
            return Optional.of("`ip netns` is unavailable" + (netns == null ? " (iproute2 not installed?)" : ": " + netns.output().trim()));
        }
        return Optional.empty();
    }

    /** Creates the bridge, up, with no address. */
    public static NetNs create() throws HilSetupError {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) throw new HilSetupError("ip netns", why.get(), "run as root on a host with iproute2");
        NetNs net = new NetNs(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 24)).substring(2));
        Runtime.getRuntime().addShutdownHook(net.shutdownHook);
        try {
            net.ip("link", "add", net.bridge, "type", "bridge");
            net.undo.push(List.of("link", "del", net.bridge));
            net.quiet(null, net.bridge);
            net.ip("link", "set", net.bridge, "up");
        } catch (HilSetupError e) {
            net.close();
            throw e;
        }
        return net;
    }

    public String bridge() { return bridge; }

    /** The random part of every name this instance creates. */
    public String suffix() { return suffix; }

    /**
     * A port for the twin: a veth pair with one end in the bridge and the other, returned, left in the host's
     * namespace, up, without addresses. Open it with {@link TapPort#open}.
     */
    public String addTwinPort() throws HilSetupError {
        int i = nextPort++;
        String outer = "ntw" + i + suffix;
        String inBridge = outer + "b";
        ip("link", "add", outer, "type", "veth", "peer", "name", inBridge);
        undo.push(List.of("link", "del", outer));
        for (String dev : List.of(outer, inBridge)) quiet(null, dev);
        ip("link", "set", inBridge, "master", bridge);
        ip("link", "set", inBridge, "up");
        ip("link", "set", outer, "up");
        return outer;
    }

    /**
     * A network namespace on the bridge with {@code address} on its {@link #INNER_DEVICE} and, if
     * {@code gateway} is not null, a default route through it (inside the namespace only).
     */
    public Namespace addNamespace(String label, String address, String gateway) throws HilSetupError {
        IfAddr addr = IfAddr.parse(address);
        requireDocumentationRange(addr.subnet(), address);
        if (gateway != null) requireDocumentationRange(new Prefix4(Ip4.parse(gateway), 32), gateway);
        if (!label.matches("[a-z0-9]{1,12}")) throw new IllegalArgumentException("namespace label must be 1-12 lowercase letters or digits: " + label);
        String name = "nettwin-" + label + "-" + suffix;
        ip("netns", "add", name);
        undo.push(List.of("netns", "del", name));
        int i = nextPort++;
        String outer = "ntn" + i + suffix;
        String inner = outer + "i";
        ip("link", "add", outer, "type", "veth", "peer", "name", inner);
        undo.push(List.of("link", "del", outer));
        quiet(null, outer);
        ip("link", "set", outer, "master", bridge);
        ip("link", "set", outer, "up");
        ip("link", "set", inner, "netns", name);
        ip("-n", name, "link", "set", inner, "name", INNER_DEVICE);
        quiet(name, INNER_DEVICE);
        ip("-n", name, "link", "set", "lo", "up");
        ip("-n", name, "addr", "add", addr.toString(), "dev", INNER_DEVICE);
        ip("-n", name, "link", "set", INNER_DEVICE, "up");
        if (gateway != null) ip("-n", name, "route", "add", "default", "via", gateway);
        return new Namespace(name, addr);
    }

    /** Package-private for tests: the guard that keeps this helper off real networks. */
    static void requireDocumentationRange(Prefix4 p, String text) {
        boolean inside = p.length() >= 24 && DOCUMENTATION_RANGES.stream().anyMatch(r -> r.contains(p.network()));
        if (!inside) {
            throw new IllegalArgumentException(text + " is outside 198.18.0.0/15 (RFC 2544), 198.51.100.0/24 and 203.0.113.0/24 (RFC 5737)"
                    + "; this helper never assigns addresses that could belong to a real network");
        }
        for (org.nettwin.protocols.value.Ip4 own : hostAddresses()) {
            if (p.contains(own)) {
                throw new IllegalArgumentException(text + " holds " + own + ", an address of this host; pick another range so namespace traffic never reaches the host");
            }
        }
    }

    /** The host's own IPv4 addresses (`ip -4 -o addr show`), read once. */
    private static List<org.nettwin.protocols.value.Ip4> hostAddresses() {
        List<org.nettwin.protocols.value.Ip4> out = new java.util.ArrayList<>();
        try {
            Process p = new ProcessBuilder("ip", "-4", "-o", "addr", "show").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(text);
            while (m.find()) out.add(org.nettwin.protocols.value.Ip4.parse(m.group(1)));
        } catch (java.io.IOException e) {
            return out; // no iproute2: NetNs cannot work anyway and says so elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /**
     * No IPv6 link-local address, so the device sends no router solicitations or MLD reports into the
     * segment (noise the twin would have to drop). Best effort: a kernel without IPv6 has nothing to quiet.
     */
    private void quiet(String namespace, String device) {
        List<String> args = new ArrayList<>(List.of("ip"));
        if (namespace != null) args.addAll(List.of("-n", namespace));
        args.addAll(List.of("link", "set", "dev", device, "addrgenmode", "none"));
        runQuietly(args);
    }

    /** Runs {@code command} inside {@code ns} and waits for it (at most {@code timeout}, then kills it). */
    public ExecResult exec(Namespace ns, Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(inNamespace(ns, command)).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new ExecResult(-1, new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
            }
            return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Starts {@code command} inside {@code ns} in the background, output (merged) appended to {@code log}.
     * `ip netns exec` execs the command, so the process's pid is the command's own. It is stopped on close.
     */
    public synchronized Process start(Namespace ns, Path log, String... command) throws IOException {
        if (closed) throw new IllegalStateException("closed");
        Process p = new ProcessBuilder(inNamespace(ns, command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(p);
        return p;
    }

    private static List<String> inNamespace(Namespace ns, String... command) {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", ns.name()));
        args.addAll(List.of(command));
        return args;
    }

    private void ip(String... args) throws HilSetupError {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ExecResult r = runQuietly(command);
        if (r == null || r.exitCode() != 0) {
            String why = r == null ? "could not run ip" : r.output().trim().replace('\n', ' ');
            throw new HilSetupError("ip", "`" + String.join(" ", command) + "` failed: " + why, "needs root and iproute2");
        }
    }

    /** Runs a short host command; null if it could not be started or did not finish in time. */
    private static ExecResult runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(IP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return new ExecResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stops the processes (SIGTERM, then SIGKILL after a grace period) and removes what was created. Idempotent. */
    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or about to, and cleanUp is idempotent.
        }
    }

    private synchronized void cleanUp() {
        if (closed) return;
        closed = true;
        for (Process p : processes) p.destroy();
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        for (Process p : processes) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        while (!undo.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("ip"));
            command.addAll(undo.pop());
            // A veth goes with its namespace or its peer: "cannot find device" here is not a failure.
            runQuietly(command);
        }
    }

    @Override
    public String toString() {
        return "NetNs[bridge " + bridge + "]";
    }
}
