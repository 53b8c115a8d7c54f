package org.nettwin.protocols.vrrp;

import org.nettwin.protocols.vrrp.VrrpInstance.Want;

/**
 * keepalived 1.2.13 (protocol-facts §2.4): the VRRP_FSM table of v1.2.13 vrrp_scheduler.c (vrrp_backup,
 * vrrp_goto_master, vrrp_master, vrrp_fault, vrrp_leave_master/fault, vrrp_become_master) and v1.2.13 vrrp.c
 * (vrrp_state_backup, vrrp_state_goto_master, vrrp_state_master_tx/rx, vrrp_state_fault_rx,
 * vrrp_state_leave_master). Tracking is polled: the instance looks at its scripts and interfaces only at
 * its own timer expiries and when adverts arrive, and recomputes its priority every advert interval.
 */
final class V1Rules implements VrrpInstance.Rules {
    /** vrrp_send_link_update sends five rounds, fixed in 1.2.13. */
    private static final int GARP_ROUNDS = 5;

    @Override public void start(VrrpInstance i) {
        i.startPriorityTick(() -> i.effectivePriority = i.trackedPriority());
        if (i.cfg.preemptDelayMicros() > 0) i.preemptTimeNs = i.env.now() + VrrpTiming.toNanos(i.cfg.preemptDelayMicros());
        if (i.basePriority == 255 || i.want == Want.MASTER) {
            // `state MASTER` starts in GOTO_MASTER: it claims mastership one advert interval later.
            i.masterAnnounced = false;
            i.setState(VrrpState.GOTO_MASTER);
        } else {
            i.msDownTimerMicros = i.masterDownMicros();
            i.log(i.tag() + " Entering BACKUP STATE");
            i.restoreInterface(false);
            i.setState(VrrpState.BACKUP);
            i.notifyState(VrrpState.BACKUP);
        }
        initInstanceSands(i);
    }

    @Override public void timerExpired(VrrpInstance i) {
        switch (i.state) {
            case BACKUP -> gotoMaster(i);
            case GOTO_MASTER -> {
                if (i.masterAnnounced) master(i);
                else gotoMaster(i);
            }
            case MASTER -> master(i);
            case FAULT -> fault(i);
            default -> { }
        }
        initInstanceSands(i);
    }

    @Override public void advertReceived(VrrpInstance i, ReceivedAdvert adv) {
        switch (i.state) {
            case BACKUP -> backup(i, adv);
            case GOTO_MASTER -> {
                if (i.masterAnnounced) leaveMasterRx(i, adv);
                else {
                    // vrrp_become_master: any advert for the VRID makes a pending GOTO_MASTER claim at once.
                    i.want = Want.MASTER;
                    stateGotoMaster(i);
                }
            }
            case MASTER -> leaveMasterRx(i, adv);
            case FAULT -> leaveFaultRx(i, adv);
            default -> { }
        }
        initInstanceSands(i);
    }

    /** 1.2.13 does not react to tracking events; it polls (VRRP_ISUP at timer expiries and adverts). */
    @Override public void trackingChanged(VrrpInstance i) { }

    @Override public void stopReleasing(VrrpInstance i) {
        if (i.state == VrrpState.MASTER || (i.state == VrrpState.GOTO_MASTER && i.masterAnnounced)) {
            i.log(i.tag() + " sending 0 priority");
            i.restoreInterface(true);
        }
    }

    @Override public void stopNotifying(VrrpInstance i) {
        i.setState(VrrpState.STOP);
        i.notifyState(VrrpState.STOP);
    }

    @Override public void resumeAsMaster(VrrpInstance i) {
        i.startPriorityTick(() -> i.effectivePriority = i.trackedPriority());
        i.armTimer(0);
    }

    // ------------------------------------------------------------------ transitions

    private static boolean isUp(VrrpInstance i) { return !i.trackedFault(); }

    /** vrrp_goto_master: FAULT if something tracked is down, else claim mastership. */
    private static void gotoMaster(VrrpInstance i) {
        if (!isUp(i)) {
            logInterfacesDown(i);
            i.log(i.tag() + " Now in FAULT state");
            // Notified twice on entry, once more when already in FAULT: as the source does.
            if (i.state != VrrpState.FAULT) i.notifyState(VrrpState.FAULT);
            i.setState(VrrpState.FAULT);
            i.msDownTimerMicros = i.masterDownMicros();
            i.notifyState(VrrpState.FAULT);
        } else {
            i.want = Want.MASTER;
            stateGotoMaster(i);
        }
    }

    /** vrrp_state_goto_master: first phase of the two-phase takeover, an advert and no VIPs yet. */
    private static void stateGotoMaster(VrrpInstance i) {
        i.sendAdvert(i.effectivePriority);
        i.masterAnnounced = true;
        i.log(i.tag() + " Transition to MASTER STATE");
        i.setState(VrrpState.GOTO_MASTER);
    }

    /** vrrp_master, at each advert tick: the only place a MASTER notices a fault. */
    private static void master(VrrpInstance i) {
        if (i.want != Want.FAULT && !isUp(i)) {
            logInterfacesDown(i);
            i.want = Want.FAULT;
        }
        if (i.want == Want.FAULT || i.want == Want.BACKUP) {
            i.msDownTimerMicros = i.masterDownMicros();
            leaveMaster(i);
            i.log(i.tag() + " Now in " + i.state.name() + " state");
        } else {
            masterTx(i);
        }
    }

    /** vrrp_state_master_tx: second phase (VIPs, 5 GARPs, notify) on the first tick, then adverts. */
    private static void masterTx(VrrpInstance i) {
        if (!i.vipSet) {
            i.log(i.tag() + " Entering MASTER STATE");
            i.masterAnnounced = false;
            i.setState(VrrpState.MASTER);
            i.becomeMaster(GARP_ROUNDS);
            long delay = i.cfg.garp().masterDelayMicros();
            i.scheduleDelayedGarps(delay > 0 ? delay : VrrpInstanceConfig.Garp.DEFAULT.masterDelayMicros(), GARP_ROUNDS);
        } else {
            i.refreshGarpsIfDue(GARP_ROUNDS);
        }
        i.sendAdvert(i.effectivePriority);
    }

    /** vrrp_state_leave_master to {@code want}; unlike 2.x, FAULT deletes the VIPs and notifies before priority 0. */
    private static void leaveMaster(VrrpInstance i) {
        if (i.want == Want.BACKUP) {
            i.log(i.tag() + " Entering BACKUP STATE");
            i.restoreInterface(false);
            i.masterAnnounced = false;
            i.setState(VrrpState.BACKUP);
            i.notifyState(VrrpState.BACKUP);
        } else if (i.want == Want.FAULT) {
            i.log(i.tag() + " Entering FAULT STATE");
            i.restoreInterface(false);
            i.masterAnnounced = false;
            i.setState(VrrpState.FAULT);
            i.notifyState(VrrpState.FAULT);
            i.sendAdvert(0);
        }
        i.msDownTimerMicros = i.masterDownMicros();
    }

    /** vrrp_fault at the FAULT timer: back to the configured initial state once everything tracked is up. */
    private static void fault(VrrpInstance i) {
        if (!isUp(i)) return;
        logInterfacesUp(i);
        if (i.cfg.initialState() == VrrpInstanceConfig.InitialState.BACKUP) {
            i.setState(VrrpState.BACKUP);
            i.notifyState(VrrpState.BACKUP);
        } else {
            gotoMaster(i);
        }
    }

    /** vrrp_state_backup: a lower advert with preempt forces an election at once (2.x waits for its timer). */
    private static void backup(VrrpInstance i, ReceivedAdvert adv) {
        AdvertCheck.Verdict v = AdvertCheck.check(i.cfg, i.profile, adv, true);
        v.logs().forEach(i::log);
        VrrpPacket p = v.packet();
        if (v.outcome() == AdvertCheck.Outcome.KO || p == null) {
            i.log(i.tag() + " ignoring received advertisment...");
            i.msDownTimerMicros = i.masterDownMicros();
        } else if (p.priority() == 0) {
            i.msDownTimerMicros = i.skewMicros();
        } else if (i.cfg.nopreempt() || p.priority() >= i.effectivePriority || i.preemptTimeNs > i.env.now()) {
            i.msDownTimerMicros = i.masterDownMicros();
        } else {
            i.log(i.tag() + " forcing a new MASTER election");
            i.want = Want.GOTO_MASTER;
            i.sendAdvert(i.effectivePriority);
        }
    }

    /** vrrp_leave_master: a fault is noticed here too, when an advert arrives. */
    private static void leaveMasterRx(VrrpInstance i, ReceivedAdvert adv) {
        if (!isUp(i)) {
            logInterfacesDown(i);
            i.want = Want.FAULT;
            leaveMaster(i);
        } else if (masterRx(i, adv)) {
            leaveMaster(i);
        }
    }

    /** vrrp_state_master_rx; true when a higher advert sends the instance to BACKUP. */
    private static boolean masterRx(VrrpInstance i, ReceivedAdvert adv) {
        AdvertCheck.Verdict v = AdvertCheck.check(i.cfg, i.profile, adv, true);
        v.logs().forEach(i::log);
        if (!v.ok()) {
            i.log(i.tag() + " Dropping received VRRP packet...");
            return false;
        }
        VrrpPacket p = v.packet();
        // Priority 0 is lower than any of ours, so it lands here too: advert plus GARPs.
        if (p.priority() < i.effectivePriority) {
            i.log(i.tag() + " Received lower prio advert, forcing new election");
            i.sendAdvert(i.effectivePriority);
            i.sendGarps(GARP_ROUNDS);
            return false;
        }
        if (p.priority() > i.effectivePriority || (p.priority() == i.effectivePriority && i.compareWithOurAddress(adv.src()) > 0)) {
            // A last advert so the new master refreshes its side before we leave.
            i.sendAdvert(i.effectivePriority);
            i.log(i.tag() + " Received higher prio advert");
            i.msDownTimerMicros = i.masterDownMicros();
            i.want = Want.BACKUP;
            return true;
        }
        return false;
    }

    /** vrrp_leave_fault: the first advert after recovery decides between claiming mastership and BACKUP. */
    private static void leaveFaultRx(VrrpInstance i, ReceivedAdvert adv) {
        if (!isUp(i)) return;
        AdvertCheck.Verdict v = AdvertCheck.check(i.cfg, i.profile, adv, true);
        v.logs().forEach(i::log);
        boolean claim = false;
        if (!v.ok()) {
            i.log(i.tag() + " Dropping received VRRP packet...");
        } else {
            int prio = v.packet().priority();
            claim = (i.effectivePriority > prio || prio == 255) && !i.cfg.nopreempt();
        }
        if (claim) {
            i.log(i.tag() + " prio is higher than received advert");
            i.want = Want.MASTER;
            stateGotoMaster(i);
        } else {
            i.log(i.tag() + " Entering BACKUP STATE");
            i.setState(VrrpState.BACKUP);
            i.notifyState(VrrpState.BACKUP);
        }
    }

    private static void logInterfacesDown(VrrpInstance i) {
        if (!i.host.interfaceUp(i.cfg.interfaceName())) i.log("Kernel is reporting: interface " + i.cfg.interfaceName() + " DOWN");
        for (VrrpInstanceConfig.TrackInterface t : i.cfg.trackInterfaces()) {
            if (!i.host.interfaceUp(t.interfaceName())) i.log("Kernel is reporting: interface " + t.interfaceName() + " DOWN");
        }
    }

    private static void logInterfacesUp(VrrpInstance i) {
        if (i.host.interfaceUp(i.cfg.interfaceName())) i.log("Kernel is reporting: interface " + i.cfg.interfaceName() + " UP");
        if (!i.cfg.trackInterfaces().isEmpty()) i.log("Kernel is reporting: tracked interface are UP");
    }

    /** v1.2.13 vrrp_init_instance_sands: one advert interval while mastering or electing, else the down timer. */
    private static void initInstanceSands(VrrpInstance i) {
        if (i.state == VrrpState.MASTER || i.state == VrrpState.GOTO_MASTER || i.want == Want.GOTO_MASTER) {
            i.armTimer(i.cfg.advertIntervalMicros());
        } else if (i.state == VrrpState.BACKUP) {
            i.armDownTimer();
        } else if (i.state == VrrpState.FAULT) {
            i.armTimer(i.msDownTimerMicros);
        } else {
            i.disarmTimer();
        }
    }
}
