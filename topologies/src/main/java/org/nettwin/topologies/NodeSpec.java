package org.nettwin.topologies;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import java.util.Optional;

/**
 * One node of a topology. {@code files} maps absolute paths on the node (e.g. /etc/keepalived/master.sh,
 * as keepalived.conf names them) to the user's files, so notify and check scripts are read, not re-typed.
 * {@code keepalivedProfile} picks the keepalived version to imitate (2.2 unless `keepalived: {version: 1.2}`).
 * {@code execLatencyNs} is what starting a program costs on the node (notify scripts, commands). For a switch, {@code interfaces} holds its ports, including those created by the
 * links that name them. {@code keepalivedConf} is null unless given (already resolved against the topology
 * file's directory, and known to exist). {@code region} is null unless given: the failure domain a scenario's
 * {@code region-outage} takes down as a whole (a site, a data centre, a cloud region).
 */
public record NodeSpec(String name, NodeKind kind, List<InterfaceSpec> interfaces, List<RouteSpec> routes,
                       boolean forwarding, Path keepalivedConf, KeepalivedProfile keepalivedProfile,
                       Map<String, Path> files, List<SetupCommand> setup, long execLatencyNs, String region, SourcePos pos) {
    /** fork+exec of a program on an ordinary Linux box; a Raspberry Pi takes several times that. */
    public static final long DEFAULT_EXEC_LATENCY_NS = 1_000_000L;

    public NodeSpec {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        setup = List.copyOf(setup);
    }

    /** A node in no region. */
    public NodeSpec(String name, NodeKind kind, List<InterfaceSpec> interfaces, List<RouteSpec> routes,
                    boolean forwarding, Path keepalivedConf, KeepalivedProfile keepalivedProfile,
                    Map<String, Path> files, List<SetupCommand> setup, long execLatencyNs, SourcePos pos) {
        this(name, kind, interfaces, routes, forwarding, keepalivedConf, keepalivedProfile, files, setup, execLatencyNs, null, pos);
    }

    /** The same node with other interfaces (a switch's ports as its links create them). */
    public NodeSpec withInterfaces(List<InterfaceSpec> ports) {
        return new NodeSpec(name, kind, ports, routes, forwarding, keepalivedConf, keepalivedProfile, files, setup, execLatencyNs, region, pos);
    }

    /** A command run on the node at boot, before anything else (sysctl, iptables, ip ...), with where it was written. */
    public record SetupCommand(String command, SourcePos pos) {}

    public Optional<InterfaceSpec> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public List<String> interfaceNames() {
        return interfaces.stream().map(InterfaceSpec::name).toList();
    }
}
