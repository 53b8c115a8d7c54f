package org.nettwin.protocols.vrrp;

import org.nettwin.protocols.vrrp.VrrpInstance.Want;

/**
 * keepalived 2.x (v2.2.8; the same on these paths in 2.0.19): vrrp_scheduler.c vrrp_init_state,
 * vrrp_dispatcher_read(_timeout), try_up_instance; vrrp.c vrrp_state_backup, vrrp_state_master_rx/tx,
 * vrrp_state_leave_master/fault; vrrp_track.c down_instance, vrrp_set_effective_priority.
 */
final class V2Rules implements VrrpInstance.Rules {

    @Override public void start(VrrpInstance i) {
        i.faultTracked = i.trackedFault();
        i.initTracked = i.trackedInit();
        i.effectivePriority = i.trackedPriority();
        boolean up = !i.faultTracked;
        for (VrrpInstance.Tracker t : i.trackers) {
            if (t.weight() == 0 && !t.isScript() && !i.trackerUp(t)) {
                // initialise_interface_tracking_priorities, before vrrp_init_state: FAULT without notification.
                i.log("(" + i.cfg.name() + "): entering FAULT state (interface " + t.interfaceName() + " down)");
                i.setState(VrrpState.FAULT);
            }
        }
        VrrpState begin = i.state;
        if (up && !i.initTracked && i.want == Want.MASTER && i.basePriority == 255) {
            // "The simplest way to become master is to timeout from the backup state very quickly (1usec)".
            i.setState(VrrpState.BACKUP);
            i.msDownTimerMicros = 1;
            i.armTimer(1);
            return;
        }
        i.msDownTimerMicros = i.masterDownMicros();
        i.restoreInterface(false);
        if (up && !i.initTracked) {
            if (i.state != VrrpState.BACKUP) {
                i.log(i.tag() + " Entering BACKUP STATE (init)");
                i.setState(VrrpState.BACKUP);
            }
        } else {
            // Scripts still in init hold the instance in FAULT without a log line or notification.
            i.setState(VrrpState.FAULT);
        }
        if (begin != i.state && (i.state != VrrpState.FAULT || i.faultTracked)) i.notifyState(i.state);
        initInstanceSands(i);
    }

    @Override public void timerExpired(VrrpInstance i) {
        if (i.state == VrrpState.BACKUP) gotoMaster(i);
        else if (i.state == VrrpState.MASTER) masterTx(i);
        initInstanceSands(i);
    }

    @Override public void advertReceived(VrrpInstance i, ReceivedAdvert adv) {
        // Adverts in FAULT or INIT are ignored outright.
        if (i.state == VrrpState.BACKUP) {
            if (backupRx(i, adv)) initInstanceSands(i);
        } else if (i.state == VrrpState.MASTER) {
            if (masterRx(i, adv)) leaveMaster(i, false);
            // Any advert read while MASTER re-arms the advert timer from now ("If we have sent an advert, reset the timer").
            initInstanceSands(i);
        }
    }

    @Override public void trackingChanged(VrrpInstance i) {
        boolean fault = i.trackedFault();
        boolean init = i.trackedInit();
        boolean wasFault = i.faultTracked;
        boolean wasInit = i.initTracked;
        i.faultTracked = fault;
        i.initTracked = init;
        if (fault && !wasFault) downInstance(i);
        else if (!fault && !init && (wasFault || wasInit)) tryUpInstance(i);
        setEffectivePriority(i, i.trackedPriority());
    }

    @Override public void stopReleasing(VrrpInstance i) {
        if (i.state == VrrpState.MASTER) i.restoreInterface(true);
    }

    @Override public void stopNotifying(VrrpInstance i) {
        i.setState(VrrpState.STOP);
        i.notifyState(VrrpState.STOP);
    }

    @Override public void resumeAsMaster(VrrpInstance i) {
        i.faultTracked = i.trackedFault();
        // Scripts new at a reload do not hold a running instance back (SCRIPT_INIT_STATE_INIT_RELOAD).
        i.initTracked = false;
        i.effectivePriority = i.trackedPriority();
        i.armTimer(0);
    }

    // ------------------------------------------------------------------ transitions

    private static void gotoMaster(VrrpInstance i) {
        i.want = Want.MASTER;
        i.masterAnnounced = false;
        i.armTimer(i.cfg.advertIntervalMicros());
        masterTx(i);
    }

    /** vrrp_state_master_tx: advert first (so the old master drops the VIPs before our GARPs), then MASTER. */
    private static void masterTx(VrrpInstance i) {
        i.sendAdvert(i.effectivePriority);
        if (!i.vipSet) {
            i.log(i.tag() + " Entering MASTER STATE");
            i.setState(VrrpState.MASTER);
            i.becomeMaster(i.cfg.garp().masterRepeat());
            i.scheduleDelayedGarps(i.cfg.garp().masterDelayMicros(), i.cfg.garp().masterRepeat());
        } else {
            i.refreshGarpsIfDue(i.cfg.garp().masterRefreshRepeat());
        }
    }

    /** vrrp_state_backup; returns false when the advert was ignored and the timer keeps running. */
    private static boolean backupRx(VrrpInstance i, ReceivedAdvert adv) {
        boolean checkAddr = !i.cfg.skipCheckAdvAddr() || i.masterAddress == null || !i.masterAddress.equals(adv.src());
        AdvertCheck.Verdict v = AdvertCheck.check(i.cfg, i.profile, adv, checkAddr);
        v.logs().forEach(i::log);
        if (!v.ok()) return ignored(i);
        VrrpPacket p = v.packet();
        long now = i.env.now();
        boolean preemptDelayRunning = i.cfg.preemptDelayMicros() > 0 && (i.preemptTimeNs == 0 || i.preemptTimeNs > now);
        if (p.priority() == 0) {
            i.msDownTimerMicros = i.skewMicros();
        } else if (i.cfg.nopreempt() || p.priority() >= i.effectivePriority || preemptDelayRunning) {
            learnMasterInterval(i, p);
            i.msDownTimerMicros = i.masterDownMicros();
            i.masterAddress = adv.src();
            if (i.cfg.preemptDelayMicros() > 0) {
                if (p.priority() >= i.effectivePriority) i.preemptTimeNs = 0;
                else if (i.preemptTimeNs == 0) i.preemptTimeNs = now + VrrpTiming.toNanos(i.cfg.preemptDelayMicros());
            }
            i.want = Want.BACKUP;
        } else {
            i.log(i.tag() + " received lower priority (" + p.priority() + ") advert from " + adv.src() + " - discarding");
            i.masterAddress = adv.src();
            return ignored(i);
        }
        return true;
    }

    /** An ignored advert leaves the master-down timer running: ms_down_timer becomes what is left of it. */
    private static boolean ignored(VrrpInstance i) {
        i.msDownTimerMicros = i.timerRemainingMicros();
        return false;
    }

    /** vrrp_state_master_rx; returns true when the instance must leave MASTER for BACKUP. */
    private static boolean masterRx(VrrpInstance i, ReceivedAdvert adv) {
        AdvertCheck.Verdict v = AdvertCheck.check(i.cfg, i.profile, adv, true);
        v.logs().forEach(i::log);
        if (!v.ok()) return false;
        VrrpPacket p = v.packet();
        int cmp = i.compareWithOurAddress(adv.src());
        if (p.priority() == 0) {
            i.sendAdvert(i.effectivePriority);
            return false;
        }
        if (p.priority() == i.effectivePriority) {
            if (cmp == 0) {
                i.log(i.tag() + " WARNING - equal priority advert received from remote host with our IP address.");
            } else if (i.effectivePriority == 255) {
                i.log(i.tag() + " CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority");
                i.effectivePriority = 254;
                i.basePriority = 254;
            }
        }
        if (p.priority() < i.effectivePriority || (p.priority() == i.effectivePriority && cmp < 0)) {
            i.log(i.tag() + " Received advert from " + adv.src() + " with lower priority " + p.priority() + ", ours "
                    + i.effectivePriority + ", forcing new election");
            i.sendAdvert(i.effectivePriority);
            return false;
        }
        if (p.priority() > i.effectivePriority || (p.priority() == i.effectivePriority && cmp > 0)) {
            if (p.priority() > i.effectivePriority) {
                i.log(i.tag() + " Master received advert from " + adv.src() + " with higher priority " + p.priority() + ", ours " + i.effectivePriority);
            } else {
                i.log(i.tag() + " Master received advert from " + adv.src() + " with same priority " + p.priority() + " but higher IP address than ours");
            }
            learnMasterInterval(i, p);
            i.msDownTimerMicros = i.masterDownMicros();
            i.want = Want.BACKUP;
            return true;
        }
        return false;
    }

    /** RFC 5798 §6.4.2: a v3 backup adopts the master's advertised interval. */
    private static void learnMasterInterval(VrrpInstance i, VrrpPacket p) {
        if (i.cfg.version() == 3) i.masterAdverIntMicros = p.advertInterval() * VrrpTiming.TIMER_CENTI_HZ;
    }

    /** vrrp_state_leave_master, to {@code want} (BACKUP or FAULT). */
    private static void leaveMaster(VrrpInstance i, boolean sendPriorityZero) {
        if (i.want == Want.BACKUP) {
            i.log(i.tag() + " Entering BACKUP STATE");
            i.preemptTimeNs = 0;
        } else {
            i.log(i.tag() + " Entering FAULT STATE");
            i.sendAdvert(0);
        }
        i.restoreInterface(sendPriorityZero);
        i.setState(i.want == Want.BACKUP ? VrrpState.BACKUP : VrrpState.FAULT);
        i.notifyState(i.state);
        i.msDownTimerMicros = i.masterDownMicros();
        initInstanceSands(i);
    }

    /** down_instance: the first fault takes the instance to FAULT (a MASTER sends priority 0 twice). */
    private static void downInstance(VrrpInstance i) {
        i.want = Want.FAULT;
        if (i.state == VrrpState.MASTER) leaveMaster(i, true);
        else leaveFault(i);
    }

    /** try_up_instance: the last fault cleared; BACKUP with a full Master_Down_Interval (an owner goes MASTER). */
    private static void tryUpInstance(VrrpInstance i) {
        i.want = i.want == Want.MASTER && i.basePriority == 255 ? Want.MASTER : Want.BACKUP;
        i.masterAdverIntMicros = i.cfg.advertIntervalMicros();
        leaveFault(i);
        // Unicast: refresh the peers' ARP cache for our source so the master can reach us at once.
        if (i.cfg.unicast() && i.cfg.sourceIp() != null) {
            i.host.sendFrame(i.cfg.interfaceName(), GratuitousArp.frame(i.host.interfaceMac(i.cfg.interfaceName()), i.cfg.sourceIp()));
        }
    }

    /** vrrp_state_leave_fault, to {@code want}. */
    private static void leaveFault(VrrpInstance i) {
        if (i.want == Want.MASTER) {
            gotoMaster(i);
        } else {
            VrrpState to = i.want == Want.BACKUP ? VrrpState.BACKUP : VrrpState.FAULT;
            if (i.state != to) i.log(i.tag() + " Entering " + to.name() + " STATE");
            i.setState(to);
            i.notifyState(to);
            if (to == VrrpState.BACKUP) i.preemptTimeNs = 0;
        }
        i.masterAdverIntMicros = i.cfg.advertIntervalMicros();
        i.msDownTimerMicros = i.masterDownMicros();
        initInstanceSands(i);
    }

    /** vrrp_set_effective_priority: logged, and a BACKUP's running timer moves by the change in MDI. */
    private static void setEffectivePriority(VrrpInstance i, int priority) {
        if (i.basePriority == 255 || i.effectivePriority == priority) return;
        i.log(i.tag() + " Changing effective priority from " + i.effectivePriority + " to " + priority);
        long oldDown = i.msDownTimerMicros;
        i.effectivePriority = priority;
        i.msDownTimerMicros = i.masterDownMicros();
        if (i.state == VrrpState.BACKUP) i.shiftTimer(i.msDownTimerMicros - oldDown);
    }

    /** vrrp_init_instance_sands: MASTER one advert interval on, BACKUP the master-down timer, else none. */
    private static void initInstanceSands(VrrpInstance i) {
        switch (i.state) {
            case MASTER -> i.armTimer(i.cfg.advertIntervalMicros());
            case BACKUP -> i.armDownTimer();
            default -> i.disarmTimer();
        }
    }
}
