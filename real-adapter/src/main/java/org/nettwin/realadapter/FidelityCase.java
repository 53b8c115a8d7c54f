package org.nettwin.realadapter;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One failover situation the fidelity comparison runs both on real keepalived and in the twin: a MASTER
 * ({@code masterPriority}, `state MASTER`) and a BACKUP ({@code backupPriority}) of VRID 51 on one segment,
 * VRRPv2 with PASS authentication, and one way the master goes away.
 */
public record FidelityCase(String name, int masterPriority, int backupPriority, int advertSeconds, Failure failure) {

    /** How the master goes away; the same action is taken on the real master and on the twin's. */
    public enum Failure {
        /** SIGTERM: the master sends priority 0 (protocol-facts §2 "Stop"), the backup waits only Skew_Time. */
        STOP("pkill keepalived", false),
        /** SIGKILL of every keepalived process: silence, the backup waits out Master_Down_Interval. */
        KILL("pkill -9 keepalived", true),
        /** `ip link set eth0 down` on the master: it cannot send, the backup waits out Master_Down_Interval. */
        LINK_CUT("ip link set eth0 down", true),
        /** The master's track_script starts failing (its file is removed): after `fall` failures it enters FAULT
         *  and sends priority 0 (§2 MASTER->FAULT, §2.1), the backup waits Skew_Time after that. */
        TRACK_SCRIPT(null, false);

        private final String twinCommand;
        /** Whether the takeover depends on the time since the master's last advert (§1.4: (MDI−adv, MDI]). */
        public final boolean silent;

        Failure(String twinCommand, boolean silent) {
            this.twinCommand = twinCommand;
            this.silent = silent;
        }

        /** The command the twin's master runs at the failure instant; {@code healthFile} for TRACK_SCRIPT. */
        String twinCommand(Path healthFile) {
            return this == TRACK_SCRIPT ? "rm " + healthFile : twinCommand;
        }
    }

    /** vrrp_script of the TRACK_SCRIPT case: `fall 2 rise 2`, checked every second. */
    static final int SCRIPT_INTERVAL_SECONDS = 1;
    static final int SCRIPT_FALL = 2;
    public static final String VIP = "198.18.2.100";
    public static final String MASTER_ADDRESS = "198.18.2.11";
    public static final String BACKUP_ADDRESS = "198.18.2.12";
    public static final String CLIENT_ADDRESS = "198.18.2.10";
    static final int PREFIX = 24;
    static final String INSTANCE = "VI_1";

    /** The catalogue `nettwin fidelity` runs by default. */
    public static final List<FidelityCase> ALL = List.of(
            new FidelityCase("stop-150-100", 150, 100, 1, Failure.STOP),
            new FidelityCase("stop-200-50", 200, 50, 1, Failure.STOP),
            new FidelityCase("stop-150-100-adv2", 150, 100, 2, Failure.STOP),
            new FidelityCase("kill-150-100", 150, 100, 1, Failure.KILL),
            new FidelityCase("kill-200-50", 200, 50, 1, Failure.KILL),
            new FidelityCase("kill-150-100-adv2", 150, 100, 2, Failure.KILL),
            new FidelityCase("linkcut-150-100", 150, 100, 1, Failure.LINK_CUT),
            new FidelityCase("track-150-100", 150, 100, 1, Failure.TRACK_SCRIPT));

    public FidelityCase {
        if (!name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("case name: " + name);
        if (masterPriority <= backupPriority || backupPriority < 1 || masterPriority > 254) {
            throw new IllegalArgumentException(name + ": needs 254 >= master priority > backup priority >= 1");
        }
        if (advertSeconds < 1 || advertSeconds > 255) throw new IllegalArgumentException(name + ": VRRPv2 advert_int is 1-255 s");
    }

    public static FidelityCase named(String name) {
        return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "no fidelity case " + name + "; known: " + ALL.stream().map(FidelityCase::name).toList()));
    }

    /** The master's keepalived.conf; with TRACK_SCRIPT it tracks a script that fails once {@code healthFile} is gone. */
    public String masterConf(Path healthFile) {
        String script = failure != Failure.TRACK_SCRIPT ? "" : String.format(Locale.ROOT, """
                vrrp_script chk_health {
                    script "cat %s"
                    interval %d
                    fall %d
                    rise 2
                    weight 0
                }

                """, healthFile, SCRIPT_INTERVAL_SECONDS, SCRIPT_FALL);
        String track = failure != Failure.TRACK_SCRIPT ? "" : "    track_script {\n        chk_health\n    }\n";
        return "# nettwin fidelity case " + name + ": the master\n" + script + instance("MASTER", masterPriority).replace("__TRACK__", track);
    }

    public String backupConf() {
        return "# nettwin fidelity case " + name + ": the backup\n" + instance("BACKUP", backupPriority).replace("__TRACK__", "");
    }

    private String instance(String state, int priority) {
        return String.format(Locale.ROOT, """
                vrrp_instance %s {
                    state %s
                    interface %s
                    virtual_router_id 51
                    priority %d
                    advert_int %d
                    authentication {
                        auth_type PASS
                        auth_pass fid51pw
                    }
                    virtual_ipaddress {
                        %s/%d dev %s
                    }
                __TRACK__}
                """, INSTANCE, state, NetNs.INNER_DEVICE, priority, advertSeconds, VIP, PREFIX, NetNs.INNER_DEVICE);
    }

    long advertNs() { return advertSeconds * 1_000_000_000L; }
}
