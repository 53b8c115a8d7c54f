package org.nettwin.topologies;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One node of a topology. For a switch, {@code interfaces} holds its ports, including those created by the
 * links that name them. {@code keepalivedConf} is null unless given (already resolved against the topology
 * file's directory, and known to exist).
 */
public record NodeSpec(String name, NodeKind kind, List<InterfaceSpec> interfaces, List<RouteSpec> routes,
                       boolean forwarding, Path keepalivedConf, SourcePos pos) {
    public NodeSpec {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
    }

    public Optional<InterfaceSpec> iface(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    public List<String> interfaceNames() {
        return interfaces.stream().map(InterfaceSpec::name).toList();
    }
}
