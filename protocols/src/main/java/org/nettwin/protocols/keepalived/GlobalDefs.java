package org.nettwin.protocols.keepalived;

import java.util.List;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;

/**
 * The global_defs block, as far as the twin uses it. {@code garp} holds the vrrp_garp_master_* values every
 * instance inherits unless it sets its own; {@code vrrpVersion} is the default VRRP version (2).
 */
public record GlobalDefs(String routerId, List<String> notificationEmails, String notificationEmailFrom, String smtpServer,
                         String scriptUser, boolean enableScriptSecurity, int vrrpVersion, VrrpInstanceConfig.Garp garp,
                         boolean vrrpStrict, boolean skipCheckAdvAddr, boolean v3ChecksumAsV2) {
    public static final GlobalDefs DEFAULT = new GlobalDefs(null, List.of(), null, null, null, false, 2,
            VrrpInstanceConfig.Garp.DEFAULT, false, false, false);

    public GlobalDefs {
        notificationEmails = List.copyOf(notificationEmails);
    }
}
