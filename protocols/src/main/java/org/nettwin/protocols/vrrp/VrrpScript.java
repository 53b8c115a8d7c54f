package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * A running vrrp_script: runs its check command every {@code interval} through the host and keeps
 * keepalived's counter (protocol-facts §2.1; vrrp_scheduler.c:1346-1369, v1.2.13 vrrp_scheduler.c:1025-1060).
 *
 * <p>The counter {@code result} lies in [0, rise+fall−1] and the script is OK when result ≥ rise. It starts at
 * rise−1, so one success is enough; from steady OK exactly {@code fall} consecutive failures make it KO,
 * and from KO {@code rise} consecutive successes make it OK. Listeners hear each logged transition.
 */
public final class VrrpScript {
    /** INIT: 2.x has not seen a first result yet. */
    public enum Status { INIT, OK, KO }

    /** Told when the script changes between OK and KO (or leaves INIT). */
    @FunctionalInterface
    public interface Listener {
        void scriptChanged(VrrpScript script);
    }

    private final VrrpScriptConfig config;
    private final KeepalivedProfile profile;
    private final NodeEnv env;
    private final VrrpHost host;
    private final List<Listener> listeners = new ArrayList<>();
    private int result;
    private boolean awaitingFirstResult;
    /** 2.x reports changes of the exit status; it starts at 0 (the struct is zeroed). */
    private int lastStatus;
    private boolean running;
    /** Bumped on start and stop, so results of runs from an earlier life are ignored. */
    private long generation;
    private TimerHandle tick;

    public VrrpScript(VrrpScriptConfig config, KeepalivedProfile profile, NodeEnv env, VrrpHost host) {
        this.config = config;
        this.profile = profile;
        this.env = env;
        this.host = host;
        // Instances are initialised before their scripts start and must already see the script's init state.
        this.result = config.rise() - 1;
        this.awaitingFirstResult = true;
    }

    public VrrpScriptConfig config() { return config; }

    public String name() { return config.name(); }

    public void addListener(Listener l) { listeners.add(l); }

    public void removeListener(Listener l) { listeners.remove(l); }

    /** Current status as the tracking instances see it. */
    public Status status() {
        if (awaitingFirstResult && !profile.scriptInitCountsAsFailure()) return Status.INIT;
        return result >= config.rise() ? Status.OK : Status.KO;
    }

    /** The raw counter, for tests and inspection. */
    public int result() { return result; }

    /** keepalived's vrrp_init_script: counter at rise−1 and a first run right away (a thread event, not a timer). */
    public void start() {
        generation++;
        result = config.rise() - 1;
        awaitingFirstResult = true;
        running = false;
        lastStatus = 0;
        tick = env.schedule(env.now(), timerName(), this::runAndRearm);
    }

    /** SIGTERM/SIGKILL of keepalived: no more runs, outstanding results are ignored. */
    public void stop() {
        generation++;
        running = false;
        if (tick != null) tick.cancel();
        tick = null;
    }

    private String timerName() { return "vrrp_script/" + config.name(); }

    private void runAndRearm() {
        // The next run is armed every interval whether or not this one finishes (vrrp_scheduler.c:1187).
        tick = env.after(VrrpTiming.toNanos(config.intervalMicros()), timerName(), this::runAndRearm);
        if (running && profile.skipsCheckWhileRunning()) {
            log("Track script " + config.name() + " is already running, expect idle - skipping run");
            return;
        }
        running = true;
        long runGeneration = generation;
        host.runCheck(config.name(), config.argv(), VrrpTiming.toNanos(config.effectiveTimeoutMicros()),
                r -> finished(runGeneration, r));
    }

    private void finished(long runGeneration, VrrpHost.CheckResult r) {
        if (runGeneration != generation) return;
        running = false;
        boolean changed = profile == KeepalivedProfile.V1_2 ? countV1(r) : countV2(r);
        awaitingFirstResult = false;
        if (changed) List.copyOf(listeners).forEach(l -> l.scriptChanged(this));
    }

    /** 2.x vrrp_script_child_thread; returns true when the transition is reported to the instances. */
    private boolean countV2(VrrpHost.CheckResult r) {
        boolean success;
        String failure;
        if (r instanceof VrrpHost.CheckResult.Exited e) {
            if (e.status() != lastStatus) log("Script `" + config.name() + "` now returning " + e.status());
            lastStatus = e.status();
            success = e.status() == 0;
            failure = "failed (exited with status " + e.status() + ")";
        } else {
            success = false;
            failure = "timed_out";
        }
        int rise = config.rise();
        int top = rise + config.fall() - 1;
        if (success) {
            if (result < rise - 1) {
                result++;
                return false;
            }
            if (result == top) return false;
            boolean report = result < rise;
            result = top;
            if (report) log("VRRP_Script(" + config.name() + ") succeeded");
            return report;
        }
        if (result > rise) {
            result--;
            return false;
        }
        boolean report = result == rise || awaitingFirstResult;
        result = 0;
        if (report) log("VRRP_Script(" + config.name() + ") " + failure);
        return report;
    }

    /** v1.2.13 vrrp_script_child_thread: the same counter, older log text, no report of the first failure. */
    private boolean countV1(VrrpHost.CheckResult r) {
        int rise = config.rise();
        if (r instanceof VrrpHost.CheckResult.Exited e && e.status() == 0) {
            if (result < rise - 1) {
                result++;
                return false;
            }
            boolean report = result < rise;
            result = rise + config.fall() - 1;
            if (report) log("VRRP_Script(" + config.name() + ") succeeded");
            return report;
        }
        if (result > rise) {
            result--;
            return false;
        }
        boolean report = result == rise;
        result = 0;
        if (report) log("VRRP_Script(" + config.name() + ") " + (r instanceof VrrpHost.CheckResult.TimedOut ? "timed out" : "failed"));
        return report;
    }

    private void log(String text) { env.trace(new TraceEvent.Log(VrrpInstance.PROGRAM, text)); }

    @Override public String toString() { return "vrrp_script " + config.name() + " " + status() + " result=" + result; }
}
