package org.nettwin.protocols.keepalived;

import java.util.List;
import java.util.Optional;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;

/**
 * A keepalived.conf as one keepalived version reads it.
 *
 * @param warnings what keepalived itself logs while reading (e.g. 2.x `Unknown keyword 'raise'`), in file order
 * @param notes    what the twin does not model or what this version skips without a word (1.2.13's unknown
 *                 keywords, sync groups, LVS): never silent for the twin's user, but not keepalived's output
 */
public record KeepalivedConfig(String file, KeepalivedProfile profile, GlobalDefs global, List<VrrpScriptConfig> scripts,
                               List<VrrpInstanceConfig> instances, List<ParseWarning> warnings, List<ParseWarning> notes) {
    public KeepalivedConfig {
        scripts = List.copyOf(scripts);
        instances = List.copyOf(instances);
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    public Optional<VrrpInstanceConfig> instance(String name) {
        return instances.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public Optional<VrrpScriptConfig> script(String name) {
        return scripts.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
