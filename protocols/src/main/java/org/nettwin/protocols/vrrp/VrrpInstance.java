package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * One keepalived vrrp_instance: the VRRP state machine of RFC 3768/5798 as keepalived implements it, driven
 * only by {@link NodeEnv} (time, timers, trace) and {@link VrrpHost} (frames, addresses, scripts).
 *
 * <p>This class holds the instance's data and the actions both keepalived versions share (send an advert,
 * take or release the VIPs, send gratuitous ARPs, run notify scripts, log). When to do what differs enough
 * between 2.x and 1.2.13 that each version's rules live in their own class ({@link V2Rules},
 * {@link V1Rules}), each following its own source.
 *
 * <p>Like keepalived, one timer ("sands") drives the instance: the master-down timer in BACKUP, the advert
 * timer in MASTER. Durations are computed in keepalived's integer microseconds ({@link VrrpTiming}).
 */
public final class VrrpInstance {
    /** The program name keepalived's VRRP child logs under. */
    public static final String PROGRAM = "Keepalived_vrrp";

    /** Where the instance wants to go (keepalived's wantstate); GOTO_MASTER is 1.2.13's pending election. */
    enum Want { BACKUP, MASTER, FAULT, GOTO_MASTER }

    /** Something the instance tracks: its own interface, a track_interface or a track_script. */
    record Tracker(int weight, String interfaceName, VrrpScript script) {
        boolean isScript() { return script != null; }
    }

    final VrrpInstanceConfig cfg;
    final KeepalivedProfile profile;
    final NodeEnv env;
    final VrrpHost host;
    final List<Tracker> trackers = new ArrayList<>();
    private final Rules rules;
    private final VrrpScript.Listener scriptListener = s -> trackingChanged();

    VrrpState state = VrrpState.INIT;
    Want want;
    int basePriority;
    int effectivePriority;
    long masterAdverIntMicros;
    /** keepalived's ms_down_timer: what the next BACKUP/FAULT timer arming uses. */
    long msDownTimerMicros;
    boolean vipSet;
    /** 1.2.13: the instance has sent its "Transition to MASTER STATE" advert and waits to take the VIPs. */
    boolean masterAnnounced;
    /** 2.x: tracked state last acted on (num_script_if_fault &gt; 0, num_script_init &gt; 0). */
    boolean faultTracked;
    boolean initTracked;
    Ip4 masterAddress;
    /** 2.x preempt_delay deadline in ns, 0 when not running; 1.2.13 preempt deadline measured from start. */
    long preemptTimeNs;
    long garpRefreshDueNs = -1;
    private TimerHandle sands;
    private TimerHandle garpDelay;
    private TimerHandle priorityTick;
    private boolean alive;

    /** Rules of one keepalived version; every entry point runs on the node's thread. */
    interface Rules {
        void start(VrrpInstance i);
        void timerExpired(VrrpInstance i);
        void advertReceived(VrrpInstance i, ReceivedAdvert adv);
        void trackingChanged(VrrpInstance i);
        void stopReleasing(VrrpInstance i);
        void stopNotifying(VrrpInstance i);
        /** After a reload that kept this MASTER: re-read tracking, advertise at once (reload_master). */
        void resumeAsMaster(VrrpInstance i);
    }

    /**
     * @param scripts the process's running vrrp_scripts by name; track_script entries naming none are skipped
     *                (the parser has already warned as keepalived does)
     */
    public VrrpInstance(VrrpInstanceConfig cfg, KeepalivedProfile profile, NodeEnv env, VrrpHost host, Map<String, VrrpScript> scripts) {
        if (cfg.version() == 3 && !profile.supportsVersion3()) throw new IllegalArgumentException("keepalived 1.2.13 has no VRRPv3: " + cfg.name());
        this.cfg = cfg;
        this.profile = profile;
        this.env = env;
        this.host = host;
        this.rules = profile == KeepalivedProfile.V1_2 ? new V1Rules() : new V2Rules();
        this.basePriority = cfg.priority();
        this.effectivePriority = cfg.priority();
        this.masterAdverIntMicros = cfg.advertIntervalMicros();
        this.want = cfg.initialState() == VrrpInstanceConfig.InitialState.MASTER ? Want.MASTER : Want.BACKUP;
        if (!cfg.dontTrackPrimary()) trackers.add(new Tracker(0, cfg.interfaceName(), null));
        for (VrrpInstanceConfig.TrackInterface t : cfg.trackInterfaces()) {
            trackers.add(new Tracker(t.weight(), t.interfaceName(), null));
        }
        for (VrrpInstanceConfig.TrackScript t : cfg.trackScripts()) {
            VrrpScript s = scripts.get(t.script());
            if (s != null) trackers.add(new Tracker(t.weight(), null, s));
        }
    }

    // ------------------------------------------------------------------ public face

    public String name() { return cfg.name(); }

    public VrrpInstanceConfig config() { return cfg; }

    public KeepalivedProfile profile() { return profile; }

    public VrrpState state() { return state; }

    public int effectivePriority() { return effectivePriority; }

    /** Whether the VIPs are on the interface (keepalived's vipset). */
    public boolean ownsVips() { return vipSet; }

    /** The deadline (ns) of the instance timer, or -1 when none is armed. */
    public long timerDeadline() { return sands != null && sands.isActive() ? sands.deadline() : -1; }

    /** Master_Down_Interval (µs) at the current effective priority and master advert interval. */
    public long masterDownMicros() {
        return VrrpTiming.masterDownMicros(cfg.version(), skewPriority(), masterAdverIntMicros, VrrpTiming.DOWN_TIMER_ADVERTS);
    }

    /** Skew_Time (µs) at the current priority. */
    public long skewMicros() { return VrrpTiming.skewMicros(cfg.version(), skewPriority(), masterAdverIntMicros); }

    /** Starts the instance as keepalived's vrrp_init_state does. Scripts are started by their owner. */
    public void start() {
        if (alive) throw new IllegalStateException(cfg.name() + " already started");
        alive = true;
        for (Tracker t : trackers) if (t.isScript()) t.script().addListener(scriptListener);
        rules.start(this);
    }

    /** An advert for this instance's VRID arrived on its interface. */
    public void receive(ReceivedAdvert adv) {
        if (alive) rules.advertReceived(this, adv);
    }

    /** Netlink: an interface went up or down. */
    public void interfaceChanged(String ifName, boolean up) {
        if (!alive) return;
        for (Tracker t : trackers) {
            if (ifName.equals(t.interfaceName())) {
                trackingChanged();
                return;
            }
        }
    }

    /** SIGTERM, first phase (all instances before any notify): a MASTER sends priority 0 and drops its VIPs. */
    public void stopReleasing() {
        if (!alive) return;
        rules.stopReleasing(this);
        cancelTimers();
    }

    /** SIGTERM, second phase: the instance ends in STOP and runs its stop notifications. */
    public void stopNotifying() {
        if (!alive) return;
        alive = false;
        detachScripts();
        rules.stopNotifying(this);
    }

    /** `systemctl stop` for this instance alone: both phases. */
    public void stop() {
        stopReleasing();
        stopNotifying();
    }

    /** SIGKILL: the process vanishes. Nothing is sent, the VIPs stay where they are, timers die. */
    public void kill() {
        alive = false;
        detachScripts();
        cancelTimers();
    }

    /** Whether the instance still runs (not stopped or killed). */
    public boolean alive() { return alive; }

    // ------------------------------------------------------------------ reload

    /**
     * SIGHUP, instance kept: stops this instance's timers without releasing anything and hands its state to
     * {@code successor}, which takes over the VIPs it still owns (keepalived's reload path, simplified:
     * vrrp.c clear_diff_vrrp and vrrp_init_state with reload_master).
     */
    public void handOver(VrrpInstance successor) {
        if (!alive || successor.alive) throw new IllegalStateException("hand over needs a live instance and a fresh one");
        alive = false;
        detachScripts();
        cancelTimers();
        successor.resumeFrom(this);
    }

    /**
     * SIGHUP, instance no longer configured (vrrp.c clear_diff_vrrp): released as on stop, then notified
     * FAULT, keepalived's default without notify_deleted, unless it already was in FAULT.
     */
    public void removeOnReload() {
        if (!alive) return;
        boolean wasFault = state == VrrpState.FAULT;
        stopReleasing();
        alive = false;
        detachScripts();
        if (!wasFault) notifyState(VrrpState.FAULT);
        setState(VrrpState.DELETED);
    }

    private void resumeFrom(VrrpInstance old) {
        alive = true;
        for (Tracker t : trackers) if (t.isScript()) t.script().addListener(scriptListener);
        boolean wasMaster = old.vipSet && old.state == VrrpState.MASTER;
        if (!wasMaster || trackedFault()) {
            // A detected fault wins over the carried state (vrrp.c: "If we have detected a fault, don't override it").
            if (old.vipSet) old.restoreInterface(wasMaster);
            if (old.state == VrrpState.BACKUP) state = VrrpState.BACKUP;
            rules.start(this);
            return;
        }
        state = VrrpState.MASTER;
        want = Want.MASTER;
        vipSet = true;
        List<VirtualAddress> keep = cfg.virtualAddresses();
        for (VirtualAddress v : old.cfg.virtualAddresses()) if (!keep.contains(v)) host.removeVip(old.vipDevice(v), v);
        boolean added = false;
        for (VirtualAddress v : keep) {
            if (!old.cfg.virtualAddresses().contains(v)) {
                host.addVip(vipDevice(v), v, vmac(v));
                added = true;
            }
        }
        if (added) sendGarps(cfg.garp().masterRepeat());
        garpRefreshDueNs = old.garpRefreshDueNs;
        if (added && cfg.garp().masterRefreshMicros() > 0) garpRefreshDueNs = env.now() + VrrpTiming.toNanos(cfg.garp().masterRefreshMicros());
        rules.resumeAsMaster(this);
    }

    // ------------------------------------------------------------------ shared actions (used by the rules)

    int skewPriority() {
        // 1.2.13 computes the skew from the configured priority (v1.2.13 vrrp.h:210), 2.x from the effective one.
        return profile == KeepalivedProfile.V1_2 ? basePriority : effectivePriority;
    }

    String tag() { return profile.instanceTag(cfg.name()); }

    void log(String text) { env.trace(new TraceEvent.Log(PROGRAM, text)); }

    void setState(VrrpState to) {
        if (to == state) return;
        VrrpState from = state;
        state = to;
        env.trace(new TraceEvent.StateChanged("vrrp/" + cfg.name(), from.name(), to.name()));
    }

    /** The address adverts come from: unicast_src_ip / mcast_src_ip, else the interface's primary address. */
    Ip4 sourceAddress() {
        if (cfg.sourceIp() != null) return cfg.sourceIp();
        Ip4 primary = host.primaryAddress(cfg.interfaceName());
        return primary != null ? primary : Ip4.ANY;
    }

    /** keepalived's vrrp_saddr_cmp: the sign of (sender − our source address), compared as unsigned numbers. */
    int compareWithOurAddress(Ip4 sender) { return Integer.signum(sender.compareTo(sourceAddress())); }

    /** Sends one advert with {@code priority}: multicast, or one unicast copy per unicast_peer. */
    void sendAdvert(int priority) {
        VrrpPacket p = cfg.version() == 2
                ? VrrpPacket.v2(cfg.vrid(), priority, cfg.advertIntervalWire(), cfg.authType(), cfg.authData(), cfg.vipAddresses())
                : VrrpPacket.v3(cfg.vrid(), priority, cfg.advertIntervalWire(), cfg.vipAddresses());
        Ip4 src = sourceAddress();
        if (cfg.unicast()) {
            for (Ip4 peer : cfg.unicastPeers()) host.sendUnicastAdvert(cfg.interfaceName(), src, peer, p.encode(src, peer, cfg.v3ChecksumAsV2()));
        } else {
            Mac srcMac = cfg.useVmac() ? Mac.vrrp(cfg.vrid()) : host.interfaceMac(cfg.interfaceName());
            host.sendMulticastAdvert(cfg.interfaceName(), src, srcMac, p.encode(src, VrrpPacket.MULTICAST_GROUP, cfg.v3ChecksumAsV2()));
        }
    }

    String vipDevice(VirtualAddress v) { return v.deviceOr(cfg.interfaceName()); }

    /** The virtual MAC a VIP answers ARP with, or null for the interface MAC. */
    Mac vmac(VirtualAddress v) {
        return cfg.useVmac() && vipDevice(v).equals(cfg.interfaceName()) ? Mac.vrrp(cfg.vrid()) : null;
    }

    /** {@code repeat} rounds of one gratuitous ARP per VIP, only while the VIPs are set (vrrp_send_link_update). */
    void sendGarps(int repeat) {
        if (!vipSet) return;
        for (int round = 0; round < repeat; round++) {
            for (VirtualAddress v : cfg.virtualAddresses()) {
                Mac vmac = vmac(v);
                Mac sender = vmac != null ? vmac : host.interfaceMac(vipDevice(v));
                host.sendFrame(vipDevice(v), GratuitousArp.frame(sender, v.ip()));
            }
        }
    }

    /** vrrp_state_become_master: VIPs on, GARPs, refresh clock, MASTER notifications. */
    void becomeMaster(int garpRepeat) {
        for (VirtualAddress v : cfg.virtualAddresses()) host.addVip(vipDevice(v), v, vmac(v));
        vipSet = true;
        sendGarps(garpRepeat);
        if (cfg.garp().masterRefreshMicros() > 0) garpRefreshDueNs = env.now() + VrrpTiming.toNanos(cfg.garp().masterRefreshMicros());
        notifyState(VrrpState.MASTER);
    }

    /** The second round of GARPs, {@code delayMicros} after becoming MASTER (vrrp_gratuitous_arp_thread). */
    void scheduleDelayedGarps(long delayMicros, int repeat) {
        if (delayMicros <= 0) return;
        garpDelay = env.after(VrrpTiming.toNanos(delayMicros), "vrrp/" + cfg.name() + "/garp-delay", () -> sendGarps(repeat));
    }

    /** GARP refresh while MASTER: checked at each advert tick, strictly after the deadline (vrrp_state_master_tx). */
    void refreshGarpsIfDue(int repeat) {
        if (cfg.garp().masterRefreshMicros() <= 0 || garpRefreshDueNs < 0 || env.now() <= garpRefreshDueNs) return;
        sendGarps(repeat);
        garpRefreshDueNs = env.now() + VrrpTiming.toNanos(cfg.garp().masterRefreshMicros());
    }

    /** vrrp_restore_interface: optionally a priority-0 advert, then the VIPs go. */
    void restoreInterface(boolean sendPriorityZero) {
        if (sendPriorityZero) sendAdvert(0);
        if (vipSet) removeVips();
    }

    void removeVips() {
        for (VirtualAddress v : cfg.virtualAddresses()) host.removeVip(vipDevice(v), v);
        vipSet = false;
    }

    /**
     * notify_master|backup|fault|stop first, then the generic notify with "INSTANCE name STATE priority"
     * (protocol-facts §2.2). 1.2.13 has no generic notify for STOP.
     */
    void notifyState(VrrpState s) {
        VrrpInstanceConfig.NotifyScripts n = cfg.notifyScripts();
        List<String> specific = switch (s) {
            case MASTER -> n.master();
            case BACKUP -> n.backup();
            case FAULT -> n.fault();
            case STOP -> n.stop();
            default -> List.of();
        };
        if (!specific.isEmpty()) host.runNotify(specific);
        if (n.generic().isEmpty() || (s == VrrpState.STOP && profile == KeepalivedProfile.V1_2)) return;
        List<String> argv = new ArrayList<>(n.generic());
        argv.add("INSTANCE");
        argv.add(cfg.name());
        argv.add(s.name());
        argv.add(Integer.toString(effectivePriority));
        host.runNotify(argv);
    }

    /** Arms the instance timer {@code micros} from now, replacing any armed one. */
    void armTimer(long micros) {
        if (sands != null) sands.cancel();
        sands = env.after(VrrpTiming.toNanos(micros), "vrrp/" + cfg.name() + "/timer", this::timerFired);
    }

    /**
     * Arms the BACKUP master-down timer with keepalived's ms_down_timer and traces which timer that is, so a
     * report can pair it with the takeover it decides: Skew_Time (set after a priority-0 advert, protocol-facts
     * §1.5) or Master_Down_Interval (§1.4). Any other value (the owner's 1 µs start) is "other".
     */
    void armDownTimer() {
        armTimer(msDownTimerMicros);
        String which = msDownTimerMicros == skewMicros() ? "skew" : msDownTimerMicros == masterDownMicros() ? "master-down" : "other";
        env.trace(new TraceEvent.TimerArmed("vrrp/" + cfg.name() + "/timer", sands.deadline(),
                which + " prio=" + skewPriority() + " adv=" + masterAdverIntMicros + "us vrrp=" + cfg.version() + " keepalived=" + profile.name()));
    }

    /** Moves the armed timer by {@code deltaMicros} (2.x, when the effective priority changes in BACKUP). */
    void shiftTimer(long deltaMicros) {
        if (sands == null || !sands.isActive()) return;
        long deadline = sands.deadline() + VrrpTiming.toNanos(deltaMicros);
        sands.cancel();
        sands = env.schedule(deadline, "vrrp/" + cfg.name() + "/timer", this::timerFired);
    }

    /** Microseconds left on the armed timer (0 if none), keepalived's "sands − now". */
    long timerRemainingMicros() {
        if (sands == null || !sands.isActive()) return 0;
        return Math.max(0, (sands.deadline() - env.now()) / 1_000L);
    }

    void disarmTimer() {
        if (sands != null) sands.cancel();
        sands = null;
    }

    /** 1.2.13's vrrp_update_priority thread: every advert interval from start. */
    void startPriorityTick(Runnable recompute) {
        priorityTick = env.after(VrrpTiming.toNanos(cfg.advertIntervalMicros()), "vrrp/" + cfg.name() + "/priority", () -> {
            recompute.run();
            startPriorityTick(recompute);
        });
    }

    private void timerFired() {
        if (alive) rules.timerExpired(this);
    }

    private void trackingChanged() {
        if (alive) rules.trackingChanged(this);
    }

    private void cancelTimers() {
        disarmTimer();
        if (garpDelay != null) garpDelay.cancel();
        if (priorityTick != null) priorityTick.cancel();
    }

    private void detachScripts() {
        for (Tracker t : trackers) if (t.isScript()) t.script().removeListener(scriptListener);
    }

    // ------------------------------------------------------------------ tracking

    boolean trackerUp(Tracker t) {
        return t.isScript() ? t.script().status() == VrrpScript.Status.OK : host.interfaceUp(t.interfaceName());
    }

    boolean trackerInit(Tracker t) {
        return t.isScript() && t.script().status() == VrrpScript.Status.INIT;
    }

    /** A weight-0 tracked object is down: the instance belongs in FAULT (keepalived's num_script_if_fault &gt; 0). */
    boolean trackedFault() {
        for (Tracker t : trackers) if (t.weight() == 0 && !trackerInit(t) && !trackerUp(t)) return true;
        return false;
    }

    /** A weight-0 script has not reported yet (2.x num_script_init &gt; 0). */
    boolean trackedInit() {
        for (Tracker t : trackers) if (t.weight() == 0 && trackerInit(t)) return true;
        return false;
    }

    /**
     * The priority the tracked objects give: base plus positive weights of what is up and negative weights of
     * what is down, clamped to [1,254]; an owner (255) is never changed (vrrp_track.c:557-583).
     */
    int trackedPriority() {
        if (basePriority == 255) return 255;
        int total = basePriority;
        for (Tracker t : trackers) {
            if (t.weight() == 0 || trackerInit(t)) continue;
            boolean up = trackerUp(t);
            if (up && t.weight() > 0) total += t.weight();
            if (!up && t.weight() < 0) total += t.weight();
        }
        return Math.max(1, Math.min(254, total));
    }

    @Override public String toString() {
        return "VrrpInstance[" + cfg.name() + " " + state + " prio=" + effectivePriority + (vipSet ? " vips" : "") + "]";
    }
}
