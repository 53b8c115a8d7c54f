package org.nettwin.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.realadapter.HilBinding;
import org.nettwin.realadapter.HilResult;
import org.nettwin.realadapter.HilRun;
import org.nettwin.realadapter.OverrunException;
import org.nettwin.realadapter.OverrunPolicy;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.yaml.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code nettwin hil}: a scenario's network on the wall clock with simulated interfaces bound to host
 * devices, so real programs meet simulated nodes. See docs/hil.md.
 */
@Command(name = "hil", mixinStandardHelpOptions = true,
        description = {"Run a scenario's network in wall-clock time with simulated interfaces bound to host Ethernet devices"
                + " (hardware in the loop); exit 0 when every expectation holds, 1 when one fails or the run fell too far behind,"
                + " 2 for a mistake in a file, an option or the host's setup.", "Needs root (or CAP_NET_RAW and CAP_NET_ADMIN) and libpcap; see docs/hil.md."})
final class HilCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "<scenario.yml>", description = "The scenario file.")
    Path file;

    @Option(names = "--bind", required = true, paramLabel = "NODE:IFACE=DEVICE",
            description = "Wire the simulated interface IFACE of NODE (a spare one: no link may use it), or a new port IFACE of a switch NODE,"
                    + " to the host's Ethernet device DEVICE (a veth end, a TAP held by a VM, a NIC). Repeatable.")
    List<String> bindings = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "D", description = "Run for D (e.g. 30s, 2m) instead of the scenario's duration.")
    String duration;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for the nodes' random streams, instead of the scenario's.")
    Long seed;

    @Option(names = "--max-lag", paramLabel = "D",
            description = "Fail the run when any timer, frame or step starts more than D late (e.g. 20ms). Default: run late work and report the worst lag.")
    String maxLag;

    @ParentCommand Main main;

    @Override public Integer call() throws ConfigError, InterruptedException {
        List<HilBinding> parsed = new ArrayList<>();
        for (String b : bindings) parsed.add(HilBinding.parse(b));
        Long durationNs = duration == null ? null : positiveDuration("--duration", duration);
        OverrunPolicy policy = maxLag == null ? OverrunPolicy.bestEffort() : OverrunPolicy.hardLimit(positiveDuration("--max-lag", maxLag));
        ScenarioSpec scenario = ScenarioLoader.load(file);
        PrintWriter out = spec.commandLine().getOut();
        HilResult result;
        try (HilRun run = HilRun.open(scenario, new HilRun.Options(parsed, durationNs, seed, policy, main.console))) {
            // Ctrl-C ends the JVM; closing first releases the devices and prints nothing half-written.
            Thread onInterrupt = new Thread(run::close, "hil-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            try {
                run.start();
                result = run.await();
            } finally {
                removeHook(onInterrupt);
            }
        } catch (OverrunException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("nettwin hil: " + e.getMessage());
            err.flush();
            out.println("scenario " + scenario.name() + " FAILED: the run fell behind the wall clock");
            out.flush();
            return Main.EXIT_FAILED;
        }
        if (result.passed()) {
            out.println("scenario " + scenario.name() + " passed (hil)");
        } else {
            int n = result.failures().size();
            out.println("scenario " + scenario.name() + " FAILED (hil): " + n + " expectation" + (n == 1 ? "" : "s") + " not met");
        }
        out.flush();
        return result.passed() ? Main.EXIT_OK : Main.EXIT_FAILED;
    }

    private long positiveDuration(String option, String text) {
        try {
            long ns = Units.parseDuration(text);
            if (ns <= 0) throw new IllegalArgumentException("must be longer than 0");
            return ns;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " " + text + ": " + e.getMessage() + " (" + Units.DURATION_EXAMPLES + ")");
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook closes the run.
        }
    }
}
