package org.nettwin.realadapter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;

/**
 * Measures how faithfully the twin reproduces real keepalived's failover timing (docs/fidelity.md).
 *
 * <p>The quantity, on both sides: the time from the failure to the new master's first advertisement. Real
 * side: two Debian keepalived processes in network namespaces on a Linux bridge, a tcpdump on the bridge
 * timestamping every VRRP packet (µs, CLOCK_REALTIME) and the failure instant read from the same clock just
 * before the action. Twin side: the same two keepalived.conf files on two simulated routers on a switch
 * (zero link delay, like the bridge), the same action at the same phase, and the backup's transition to
 * MASTER in the trace (keepalived sends its first advert at that instant, protocol-facts §2 "Becoming MASTER").
 *
 * <p>Fairness: a silent failure's takeover is MDI minus the time since the master's last advert (§1.4), so each
 * real repeat measures that phase from the capture and the twin is run at exactly that phase. The same pairing
 * is right for a track_script failure: keepalived arms the script timer when it starts and the master's advert
 * timer one MDI later, in the real program as in the twin, so the script's phase is a fixed offset from the
 * advert phase (0.586 s at priority 150, advert_int 1) and the advert phase determines it.
 */
public final class Fidelity {
    public static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    /** |real − twin| within 10 % of the twin's value or 100 ms, whichever is larger. */
    static final double TOLERANCE_FRACTION = 0.10;
    static final long TOLERANCE_FLOOR_NS = 100_000_000L;
    private static final String VRRP_MACHINE = "vrrp/" + FidelityCase.INSTANCE;
    private static final String VRRP_TIMER = VRRP_MACHINE + "/timer";
    /** One line of `tcpdump -n -tt`: "1763775361.123456 IP 198.18.2.11 > 224.0.0.18: VRRPv2, Advertisement, vrid 51, prio 150, ..." */
    private static final Pattern ADVERT = Pattern.compile("^(\\d+)\\.(\\d{6}) IP (\\S+) > (\\S+): VRRPv\\d, Advertisement, vrid \\d+, prio (\\d+)");

    private Fidelity() {}

    /** One real failover: takeover = failure -> new master's first advert; phase = master's last advert -> failure. */
    public record RealSample(long takeoverNs, long phaseNs) {}

    /** A case's result: real samples and, paired with them (same failure phase), the twin's takeovers. */
    public record Row(FidelityCase fidelityCase, List<RealSample> real, List<Long> twin) {
        public double realMeanNs() { return real.stream().mapToLong(RealSample::takeoverNs).average().orElseThrow(); }

        /** Half the range of the real takeovers: the spread the table shows as ±. */
        public long realSpreadNs() {
            LongStream.Builder b = LongStream.builder();
            real.forEach(s -> b.add(s.takeoverNs()));
            long[] v = b.build().toArray();
            return (LongStream.of(v).max().orElseThrow() - LongStream.of(v).min().orElseThrow()) / 2;
        }

        public double twinMeanNs() { return twin.stream().mapToLong(Long::longValue).average().orElseThrow(); }

        public double differenceNs() { return realMeanNs() - twinMeanNs(); }

        public long toleranceNs() { return Math.max(TOLERANCE_FLOOR_NS, Math.round(TOLERANCE_FRACTION * twinMeanNs())); }

        public boolean withinTolerance() { return Math.abs(differenceNs()) <= toleranceNs(); }
    }

    /** Runs {@code cases}, each {@code repeats} times on the real pair and as often in the twin. */
    public static List<Row> compare(List<FidelityCase> cases, int repeats, Path workDir, PrintStream progress)
            throws ConfigError, IOException, InterruptedException {
        requireRealKeepalived();
        List<Row> rows = new ArrayList<>();
        for (FidelityCase c : cases) {
            Path caseDir = Files.createDirectories(workDir.resolve(c.name()));
            List<RealSample> real = new ArrayList<>();
            for (int i = 0; i < repeats; i++) {
                RealSample s = measureReal(c, Files.createDirectories(caseDir.resolve("real-" + i)));
                progress.printf(Locale.ROOT, "%s: real takeover %s (phase %s)%n", c.name(), ms(s.takeoverNs()), ms(s.phaseNs()));
                real.add(s);
            }
            Twin twin = new Twin(c, Files.createDirectories(caseDir.resolve("twin")));
            List<Long> twinTakeovers = new ArrayList<>();
            for (RealSample s : real) twinTakeovers.add(twin.takeover(s.phaseNs()));
            progress.printf(Locale.ROOT, "%s: twin takeovers %s%n", c.name(), twinTakeovers.stream().map(Fidelity::ms).toList());
            rows.add(new Row(c, real, twinTakeovers));
        }
        return rows;
    }

    /** The comparison table of docs/fidelity.md, one row per case. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "| %-22s | %-20s | %-9s | %-10s | %-9s | %-6s |%n",
                "case", "real (mean ± spread)", "twin", "difference", "tolerance", "within"));
        sb.append("|").append("-".repeat(24)).append("|").append("-".repeat(22)).append("|").append("-".repeat(11)).append("|")
                .append("-".repeat(12)).append("|").append("-".repeat(11)).append("|").append("-".repeat(8)).append("|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %-22s | %-20s | %-9s | %-10s | %-9s | %-6s |%n", r.fidelityCase().name() + " ×" + r.real().size(),
                    ms(r.realMeanNs()) + " ± " + ms(r.realSpreadNs()), ms(r.twinMeanNs()), signedMs(r.differenceNs()), ms(r.toleranceNs()),
                    r.withinTolerance() ? "yes" : "NO"));
        }
        return sb.toString();
    }

    static String ms(double ns) { return String.format(Locale.ROOT, "%.1f ms", ns / 1e6); }

    private static String signedMs(double ns) { return String.format(Locale.ROOT, "%+.1f ms", ns / 1e6); }

    /** Why real keepalived cannot run here (not root, no netns, no keepalived, no tcpdump), or empty. */
    public static Optional<String> unavailableReason() {
        Optional<String> netns = NetNs.unavailableReason();
        if (netns.isPresent()) return netns;
        if (!Files.isExecutable(KEEPALIVED)) return Optional.of(KEEPALIVED + " is missing (apt-get install keepalived)");
        if (!Files.isExecutable(Path.of("/usr/bin/tcpdump")) && !Files.isExecutable(Path.of("/usr/sbin/tcpdump"))) {
            return Optional.of("tcpdump is missing (apt-get install tcpdump)");
        }
        return Optional.empty();
    }

    private static void requireRealKeepalived() throws HilSetupError {
        Optional<String> why = unavailableReason();
        if (why.isPresent()) throw new HilSetupError("fidelity", why.get(), "run as root on a host with iproute2, keepalived and tcpdump");
    }

    // ------------------------------------------------------------------ the real pair

    /** One real failover of {@code c}: both keepalived up, master steady, failure at a random phase, takeover. */
    public static RealSample measureReal(FidelityCase c, Path dir) throws ConfigError, IOException, InterruptedException {
        Path health = dir.resolve("healthy");
        Files.writeString(health, "ok\n");
        Path masterConf = Files.writeString(dir.resolve("r1.conf"), c.masterConf(health));
        Path backupConf = Files.writeString(dir.resolve("r2.conf"), c.backupConf());
        Path masterLog = dir.resolve("r1.log");
        Path backupLog = dir.resolve("r2.log");
        Path capture = dir.resolve("vrrp.txt");
        long adv = c.advertNs();
        try (NetNs net = NetNs.create()) {
            NetNs.Namespace r1 = net.addNamespace("r1", FidelityCase.MASTER_ADDRESS + "/" + FidelityCase.PREFIX, null);
            NetNs.Namespace r2 = net.addNamespace("r2", FidelityCase.BACKUP_ADDRESS + "/" + FidelityCase.PREFIX, null);
            NetNs.Namespace client = net.addNamespace("client", FidelityCase.CLIENT_ADDRESS + "/" + FidelityCase.PREFIX, null);
            Process tcpdump = new ProcessBuilder("tcpdump", "-i", net.bridge(), "-n", "-tt", "-l", "-U", "--immediate-mode", "ip", "proto", "112")
                    .redirectErrorStream(false).redirectOutput(capture.toFile()).redirectError(dir.resolve("tcpdump.err").toFile()).start();
            try {
                awaitFile(dir.resolve("tcpdump.err"), "listening on", Duration.ofSeconds(5));
                Process master = startKeepalived(net, r1, masterConf, masterLog, dir, "r1");
                // Both start BACKUP (§2 `state MASTER` below 255); the master is given its whole MDI alone so it wins.
                awaitFile(masterLog, "Entering MASTER STATE", Duration.ofNanos(5 * adv + 3_000_000_000L));
                startKeepalived(net, r2, backupConf, backupLog, dir, "r2");
                awaitFile(backupLog, "Entering BACKUP STATE", Duration.ofSeconds(5));
                net.start(client, dir.resolve("ping.log"), "ping", "-n", "-i", "0.1", "-W", "1", FidelityCase.VIP);
                // Two adverts under a steady master, then a failure at a random phase of the advert timer.
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(2 * adv + ThreadLocalRandom.current().nextLong(adv)));

                long failedAt = fail(c, net, r1, master, health);
                long deadline = 3 * adv + adv + 2_000_000_000L;
                awaitFile(backupLog, "Entering MASTER STATE", Duration.ofNanos(deadline));
                Thread.sleep(200); // the takeover advert reaches the capture file (-U writes each packet)
                List<Advert> adverts = adverts(capture);
                long lastMasterAdvert = adverts.stream().filter(a -> a.source().equals(FidelityCase.MASTER_ADDRESS) && a.priority() > 0 && a.epochNs() <= failedAt)
                        .mapToLong(Advert::epochNs).max().orElseThrow(() -> new IllegalStateException("no advert of the master before the failure in " + capture));
                long takeoverAdvert = adverts.stream().filter(a -> a.source().equals(FidelityCase.BACKUP_ADDRESS) && a.epochNs() > failedAt)
                        .mapToLong(Advert::epochNs).min().orElseThrow(() -> new IllegalStateException("no advert of the new master after the failure in " + capture));
                return new RealSample(takeoverAdvert - failedAt, failedAt - lastMasterAdvert);
            } finally {
                tcpdump.destroy();
                tcpdump.waitFor(2, TimeUnit.SECONDS);
                tcpdump.destroyForcibly();
            }
        }
    }

    private static Process startKeepalived(NetNs net, NetNs.Namespace ns, Path conf, Path log, Path dir, String label) throws IOException {
        return net.start(ns, log, KEEPALIVED.toString(), "--dont-fork", "--log-console", "--vrrp", "--use-file", conf.toString(),
                "--pid", dir.resolve(label + ".pid").toString(), "--vrrp_pid", dir.resolve(label + "-vrrp.pid").toString());
    }

    /** Takes the master down and returns when (epoch ns) the failure took effect. */
    private static long fail(FidelityCase c, NetNs net, NetNs.Namespace master, Process keepalived, Path health) throws IOException, InterruptedException {
        long before = nowEpochNs();
        switch (c.failure()) {
            case STOP -> keepalived.destroy(); // SIGTERM to the parent, which stops its VRRP child cleanly
            case KILL -> {
                // The VRRP child first: killed after its parent it would get PR_SET_PDEATHSIG (SIGTERM) and stop
                // cleanly, and a parent that outlived it would restart it. Both signals leave within microseconds.
                keepalived.descendants().forEach(ProcessHandle::destroyForcibly);
                keepalived.destroyForcibly();
            }
            case LINK_CUT -> {
                // `ip` downs the link just before it exits; its fork+exec (milliseconds) comes before that.
                NetNs.ExecResult r = net.exec(master, Duration.ofSeconds(5), "ip", "link", "set", NetNs.INNER_DEVICE, "down");
                if (r.exitCode() != 0) throw new IOException("ip link set down failed: " + r.output());
                return nowEpochNs();
            }
            case TRACK_SCRIPT -> Files.delete(health);
        }
        return before;
    }

    record Advert(long epochNs, String source, int priority) {}

    static List<Advert> adverts(Path tcpdumpText) throws IOException {
        List<Advert> out = new ArrayList<>();
        for (String line : Files.readAllLines(tcpdumpText, StandardCharsets.UTF_8)) {
            Matcher m = ADVERT.matcher(line);
            if (m.find()) {
                out.add(new Advert(Long.parseLong(m.group(1)) * 1_000_000_000L + Long.parseLong(m.group(2)) * 1_000L, m.group(3), Integer.parseInt(m.group(5))));
            }
        }
        return out;
    }

    /** Epoch ns from the clock tcpdump stamps packets with (CLOCK_REALTIME; Instant.now() has µs resolution on Linux). */
    private static long nowEpochNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static void awaitFile(Path file, String text, Duration atMost) throws IOException, InterruptedException {
        BooleanSupplier seen = () -> {
            try {
                return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).contains(text);
            } catch (IOException e) {
                return false;
            }
        };
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!seen.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("waited " + atMost.toMillis() + " ms for \"" + text + "\" in " + file + ":\n"
                        + (Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no file)"));
            }
            Thread.sleep(10);
        }
    }

    // ------------------------------------------------------------------ the twin

    /**
     * The twin's side of one case: a generated topology and scenario in {@code dir} with the same two
     * keepalived.conf files, run in virtual time. A first run without failure finds the master's advert
     * instants; each measured run fails the master at one of them plus a phase.
     */
    public static final class Twin {
        private final FidelityCase c;
        private final Path dir;
        private final Path health;
        private long anchorNs = -1;
        private long execLatencyNs;

        public Twin(FidelityCase c, Path dir) throws IOException {
            this.c = c;
            this.dir = dir;
            // The twin's files live in the node's memory; the path only has to be the one the conf names.
            this.health = Path.of("/run/nettwin-fidelity/healthy");
            Files.writeString(dir.resolve("r1.conf"), c.masterConf(health));
            Files.writeString(dir.resolve("r2.conf"), c.backupConf());
            Files.writeString(dir.resolve("fidelity.topo.yml"), topology());
        }

        /**
         * Takeover (failure -> the backup's MASTER transition) with the failure {@code phaseNs} after a master
         * advert. The failure is the moment the command takes effect: the twin runs a `run:` command after the
         * node's fork+exec latency, so the event is scheduled that much earlier.
         */
        public long takeover(long phaseNs) throws ConfigError, IOException {
            long failAt = anchor() + phaseNs;
            ScenarioRunner.CompletedRun run = run(failAt - execLatencyNs, failAt + 3 * c.advertNs() + c.advertNs() + 2_000_000_000L);
            return masterTransitions(run.trace(), "r2").stream().filter(t -> t >= failAt).findFirst()
                    .orElseThrow(() -> new IllegalStateException(c.name() + ": the twin's backup never became MASTER after the failure at " + ms(failAt)))
                    - failAt;
        }

        /** A steady-state advert of the master: the first at least two intervals after it became MASTER. */
        long anchor() throws ConfigError, IOException {
            if (anchorNs >= 0) return anchorNs;
            ScenarioRunner.CompletedRun baseline = run(-1, 12 * c.advertNs());
            execLatencyNs = baseline.spec().topology().node("r1").orElseThrow().execLatencyNs();
            List<TraceRecord> trace = baseline.trace();
            long mastered = masterTransitions(trace, "r1").stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException(c.name() + ": the twin's master never became MASTER"));
            anchorNs = trace.stream().filter(r -> r.node().equals("r1") && r.event() instanceof TraceEvent.TimerFired t && t.name().equals(VRRP_TIMER))
                    .mapToLong(TraceRecord::time).filter(t -> t >= mastered + 2 * c.advertNs()).findFirst()
                    .orElseThrow(() -> new IllegalStateException(c.name() + ": no advert timer of the twin's master"));
            return anchorNs;
        }

        private ScenarioRunner.CompletedRun run(long failAtNs, long durationNs) throws ConfigError, IOException {
            String events = failAtNs < 0 ? "events: []\n" : String.format(Locale.ROOT, "events:%n  - { at: %dus, run: \"%s\", on: r1 }%n",
                    failAtNs / 1_000, c.failure().twinCommand(health));
            Path scenario = Files.writeString(dir.resolve("fidelity.scenario.yml"), String.format(Locale.ROOT, """
                    # Generated by nettwin fidelity (case %s): the real pair's two keepalived.conf files on a switch.
                    name: fidelity-%s
                    topology: fidelity.topo.yml
                    seed: 1
                    duration: %dus
                    probes:
                      - ping: { name: vip, from: client, to: %s, interval: 100ms, start: 1s }
                    """, c.name(), c.name(), durationNs / 1_000, FidelityCase.VIP) + events);
            return ScenarioRunner.execute(ScenarioLoader.load(scenario), RunOptions.quiet());
        }

        private String topology() {
            String setup = c.failure() == FidelityCase.Failure.TRACK_SCRIPT ? ", setup: [ \"echo ok > " + health + "\" ]" : "";
            return String.format(Locale.ROOT, """
                    # Generated by nettwin fidelity: the namespaces of the real run, a switch for the bridge (no delay).
                    name: fidelity-%s
                    nodes:
                      client: { kind: host, interfaces: { eth0: { address: %s/%d } } }
                      lan: { kind: switch }
                      r1: { kind: router, interfaces: { eth0: { address: %s/%d } }, keepalived: r1.conf%s }
                      r2: { kind: router, interfaces: { eth0: { address: %s/%d } }, keepalived: r2.conf }
                    links:
                      - { endpoints: ["client:eth0", "lan:p1"], name: client-lan }
                      - { endpoints: ["r1:eth0", "lan:p2"], name: r1-lan }
                      - { endpoints: ["r2:eth0", "lan:p3"], name: r2-lan }
                    """, c.name(), FidelityCase.CLIENT_ADDRESS, FidelityCase.PREFIX, FidelityCase.MASTER_ADDRESS, FidelityCase.PREFIX, setup,
                    FidelityCase.BACKUP_ADDRESS, FidelityCase.PREFIX);
        }

        private static List<Long> masterTransitions(List<TraceRecord> trace, String node) {
            return trace.stream().filter(r -> r.node().equals(node) && r.event() instanceof TraceEvent.StateChanged s
                    && s.machine().equals(VRRP_MACHINE) && s.to().equals("MASTER")).map(TraceRecord::time).toList();
        }
    }
}
