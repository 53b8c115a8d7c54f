package org.nettwin.protocols.shell;

import org.nettwin.protocols.config.ConfigError;

/**
 * The users' scripts of the seed networks, as files. Seed 000's page (seeds/000_*.txt, lines ~181-183) lost
 * its line breaks when it was scraped; they are restored here (the "####path" headings were the blog's code
 * titles, not file content). Seed 002's IMSI placeholder `<SORACOM Air SIM の IMSI>` would be parsed by sh
 * as redirections; a 15-digit IMSI stands in for it. Everything else, including the em dashes in
 * `—-imsi`/`—imsi` and the bogus `"MASTER"` commands, is kept as published.
 */
final class SeedScripts {
    private SeedScripts() {}

    static final String TRIGGER_PATH = "/usr/local/bin/switch-route-trigger.sh";
    static final String SWITCH_PATH = "/usr/local/bin/switch-route.sh";

    /** Seed 000, VRRP Master's notify script. Line 6 runs a command named MASTER (exit 127). */
    static final String SWITCH_ROUTE_TRIGGER = """
            TYPE=$1
            NAME=$2
            STATE=$3

            case $STATE in
                    "MASTER") "MASTER"
                              /usr/local/bin/switch-route.sh
                              exit 0
                              ;;
                    "BACKUP") "BACKUP"
                              exit 0
                              ;;
                    "FAULT")  "FAULT"
                              exit 0
                              ;;
                    *)        echo "unknown state"
                              exit 1
                              ;;
            esac
            """;

    /** Seed 000: points the cloud route for 172.16.0.0/16 at this instance (delete, then create). */
    static final String SWITCH_ROUTE = """
            ROUTE_TABLE_ID="rtb-212ba845" #ターゲットべた書きなのはご容赦を
            TARGET_CIDR="172.16.0.0/16"
            echo "switching route to ${TARGET_CIDR} of route table ${ROUTE_TABLE_ID}"
            aws ec2 delete-route --region ap-northeast-1 --route-table-id ${ROUTE_TABLE_ID} --destination-cidr-block ${TARGET_CIDR}
            aws ec2 create-route --region ap-northeast-1 --route-table-id ${ROUTE_TABLE_ID} --destination-cidr-block ${TARGET_CIDR} --instance-id `wget -q -O - http://169.254.169.254/latest/meta-data/instance-id`
            """;

    static final String MASTER_PATH = "/etc/keepalived/master.sh";
    static final String BACKUP_PATH = "/etc/keepalived/backup.sh";
    static final String IMSI = "440103123456789";

    /** Seed 002, main: back to the FTTH line. */
    static final String MAIN_MASTER = """
            #!/bin/sh
            ip route replace default dev ppp0
            """;

    /** Seed 002, main: send everything to the VIP, which sub then owns. */
    static final String MAIN_BACKUP = """
            #!/bin/sh
            ip route replace default via 192.168.0.254 dev eth0
            """;

    /** Seed 002, sub: route over SORACOM, forward, and buy speed. */
    static final String SUB_MASTER = """
            #!/bin/sh
            ip route replace default dev ppp0
            echo 1 > /proc/sys/net/ipv4/ip_forward
            /usr/local/bin/soracom sim update_speed_class —-imsi=%s --speed-class=s1.fast --profile=keepalived > /dev/null 2>&1
            """.formatted(IMSI);

    /** Seed 002, sub: slow the SIM down, stop forwarding, default via the VIP. */
    static final String SUB_BACKUP = """
            #!/bin/sh
            /usr/local/bin/soracom sim update_speed_class —imsi=%s --speed-class=s1.minimum --profile=keepalived > /dev/null 2>&1
            echo 0 > /proc/sys/net/ipv4/ip_forward
            ip route replace default via 192.168.0.254 dev eth0
            """.formatted(IMSI);

    static ShellScript parse(String path, String text) {
        try {
            return ShellScript.parse(path, text);
        } catch (ConfigError e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
