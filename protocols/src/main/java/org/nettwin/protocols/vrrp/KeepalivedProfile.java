package org.nettwin.protocols.vrrp;

/**
 * Which keepalived the twin imitates. The versions differ in log text, start-up, takeover, fault detection
 * and config parsing (protocol-facts §0, §2.3, §2.4); each method names one such difference so the code
 * that depends on it says why.
 */
public enum KeepalivedProfile {
    /** keepalived 2.x, checked against v2.2.8 (seed 000 assumes the distro's 2.0.19; the paths match). */
    V2_2,
    /** keepalived 1.2.13 (Debian jessie, Raspbian ~2016: seed 002). */
    V1_2;

    public static final KeepalivedProfile DEFAULT = V2_2;

    /** How log lines name an instance: "(VI_1)" since v2.0.0, "VRRP_Instance(VI_1)" up to 1.3.9 (§2.3). */
    public String instanceTag(String instanceName) {
        return this == V2_2 ? "(" + instanceName + ")" : "VRRP_Instance(" + instanceName + ")";
    }

    /** 2.x reports `Unknown keyword 'x'`; 1.2.13 skips unknown keywords silently (lib/parser.c). */
    public boolean logsUnknownKeywords() { return this == V2_2; }

    /** VRRPv3 (and with it `vrrp_version`, `version`, `v3_checksum_as_v2`) arrived after 1.2.13. */
    public boolean supportsVersion3() { return this == V2_2; }

    /** Default priority: 2.x derives 255 from `state MASTER` (vrrp.c:2947-2953); 1.2.13 always uses 100. */
    public int defaultPriority(boolean initialMaster) {
        return this == V2_2 && initialMaster ? 255 : 100;
    }

    /**
     * 2.x keeps a check script in a separate "init" state until its first result; 1.2.13 starts its counter at
     * rise−1, which already reads as failed for the instance (v1.2.13 vrrp_track.c vrrp_script_up).
     */
    public boolean scriptInitCountsAsFailure() { return this == V1_2; }

    /** 2.0.x skips a check run while the previous one is still running (vrrp_scheduler.c:1187-1196); 1.2.13 forks regardless. */
    public boolean skipsCheckWhileRunning() { return this == V2_2; }
}
