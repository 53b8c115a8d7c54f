package org.nettwin.protocols.keepalived;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.vrrp.ReceivedAdvert;
import org.nettwin.protocols.vrrp.VrrpHost;
import org.nettwin.protocols.vrrp.VrrpInstance;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpScript;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;

/**
 * The keepalived process of one node: owns the vrrp_scripts and vrrp_instances of a parsed configuration,
 * demultiplexes received adverts to them, and models how the process ends. The differences matter for a
 * failover (ARCHITECTURE "Processes matter for fidelity"):
 * <ul>
 *   <li>{@link #stop()} (SIGTERM, `systemctl stop`): scripts are killed, every MASTER sends priority 0 and
 *       deletes its VIPs, then every instance ends in STOP with its notifications (vrrp_daemon.c
 *       vrrp_terminate_phase1/2, vrrp.c:2657-2671, vrrp_notify.c notify_shutdown).</li>
 *   <li>{@link #kill()} (SIGKILL): nothing is sent, the VIPs stay on the interfaces, all timers die.</li>
 *   <li>{@link #reload} (SIGHUP): instances that still exist keep their state, removed ones are released.</li>
 * </ul>
 */
public final class Keepalived {
    private static final String MACHINE = "process/keepalived";

    private final NodeEnv env;
    private final VrrpHost host;
    private KeepalivedConfig config;
    private final Map<String, VrrpScript> scripts = new LinkedHashMap<>();
    private final List<VrrpInstance> instances = new ArrayList<>();
    private boolean running;

    public Keepalived(KeepalivedConfig config, NodeEnv env, VrrpHost host) {
        this.config = config;
        this.env = env;
        this.host = host;
    }

    public KeepalivedConfig config() { return config; }

    public boolean running() { return running; }

    public List<VrrpInstance> instances() { return Collections.unmodifiableList(instances); }

    public Optional<VrrpInstance> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VrrpScript> script(String name) { return Optional.ofNullable(scripts.get(name)); }

    /**
     * Starts the process: logs what keepalived logs while reading the configuration, initialises every
     * instance (vrrp_init_state), then starts the scripts (vrrp_init_script), in that order.
     */
    public void start() {
        if (running) throw new IllegalStateException("keepalived already running on " + env.nodeName());
        running = true;
        env.trace(new TraceEvent.StateChanged(MACHINE, "STOPPED", "RUNNING"));
        config.warnings().forEach(w -> env.trace(new TraceEvent.Log(VrrpInstance.PROGRAM, w.text())));
        config.notes().forEach(n -> env.trace(new TraceEvent.Diagnostic("warn", "keepalived.conf", n.toString())));
        host.setInterfaceListener(this::interfaceChanged);
        List<VrrpScript> created = createScripts(config.scripts(), Map.of());
        for (VrrpInstanceConfig c : config.instances()) instances.add(newInstance(c));
        instances.forEach(VrrpInstance::start);
        created.forEach(VrrpScript::start);
    }

    /** SIGTERM. */
    public void stop() {
        if (!running) return;
        scripts.values().forEach(VrrpScript::stop);
        instances.forEach(VrrpInstance::stopReleasing);
        instances.forEach(VrrpInstance::stopNotifying);
        end("STOPPED");
    }

    /** SIGKILL. */
    public void kill() {
        if (!running) return;
        scripts.values().forEach(VrrpScript::stop);
        instances.forEach(VrrpInstance::kill);
        end("KILLED");
    }

    private void end(String how) {
        host.setInterfaceListener(null);
        running = false;
        instances.clear();
        scripts.clear();
        env.trace(new TraceEvent.StateChanged(MACHINE, "RUNNING", how));
    }

    /**
     * SIGHUP with {@code next}: unchanged scripts keep running with their counters; an instance with the
     * same name, VRID and interface continues from its state (a MASTER keeps its VIPs and advertises at once,
     * added VIPs get GARPs, removed VIPs go); an instance that disappeared is released like on stop and
     * notified FAULT (keepalived's default without notify_deleted); new instances start fresh.
     */
    public void reload(KeepalivedConfig next) {
        if (!running) throw new IllegalStateException("reload needs a running keepalived");
        config = next;
        env.trace(new TraceEvent.Log(VrrpInstance.PROGRAM, "Reloading"));
        config.warnings().forEach(w -> env.trace(new TraceEvent.Log(VrrpInstance.PROGRAM, w.text())));
        Map<String, VrrpScript> previous = new LinkedHashMap<>(scripts);
        scripts.clear();
        List<VrrpScript> created = createScripts(next.scripts(), previous);
        List<VrrpInstance> old = new ArrayList<>(instances);
        instances.clear();
        List<VrrpInstance> fresh = new ArrayList<>();
        for (VrrpInstanceConfig c : next.instances()) {
            VrrpInstance successor = newInstance(c);
            instances.add(successor);
            VrrpInstance match = old.stream().filter(o -> sameInstance(o.config(), c)).findFirst().orElse(null);
            if (match != null) {
                old.remove(match);
                match.handOver(successor);
            } else {
                fresh.add(successor);
            }
        }
        old.forEach(VrrpInstance::removeOnReload);
        fresh.forEach(VrrpInstance::start);
        created.forEach(VrrpScript::start);
    }

    /** vrrp_exist: the same instance across a reload. */
    private static boolean sameInstance(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        return a.name().equals(b.name()) && a.vrid() == b.vrid() && a.interfaceName().equals(b.interfaceName());
    }

    /** Fills {@link #scripts} from {@code configs}, reusing unchanged ones from {@code previous}; returns the new ones. */
    private List<VrrpScript> createScripts(List<VrrpScriptConfig> configs, Map<String, VrrpScript> previous) {
        List<VrrpScript> created = new ArrayList<>();
        Map<String, VrrpScript> retired = new LinkedHashMap<>(previous);
        for (VrrpScriptConfig c : configs) {
            VrrpScript kept = retired.get(c.name());
            if (kept != null && kept.config().equals(c)) {
                scripts.put(c.name(), kept);
                retired.remove(c.name());
            } else {
                VrrpScript s = new VrrpScript(c, config.profile(), env, host);
                scripts.put(c.name(), s);
                created.add(s);
            }
        }
        retired.values().forEach(VrrpScript::stop);
        return created;
    }

    private VrrpInstance newInstance(VrrpInstanceConfig c) {
        return new VrrpInstance(c, config.profile(), env, host, scripts);
    }

    /**
     * An advert arrived (IP protocol 112) on {@code adv.ifName()}: given to the instance with its VRID on that
     * interface; a unicast instance takes it from any interface, since self-addressed copies come back
     * through the local path. Adverts for unknown VRIDs are ignored silently (log_unknown_vrids is off).
     */
    public void receive(ReceivedAdvert adv) {
        if (!running) return;
        int vrid = adv.vrid();
        for (VrrpInstance i : instances) {
            VrrpInstanceConfig c = i.config();
            if (c.vrid() == vrid && (c.interfaceName().equals(adv.ifName()) || c.unicast())) {
                i.receive(adv);
                return;
            }
        }
    }

    private void interfaceChanged(String ifName, boolean up) {
        if (!running) return;
        for (VrrpInstance i : List.copyOf(instances)) i.interfaceChanged(ifName, up);
    }
}
