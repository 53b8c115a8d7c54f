package org.nettwin.topologies;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A loaded and validated topology: nodes in file order by name, links in file order, and the warnings the
 * validator found. Every cross-reference in it (endpoints, route devices) is known to resolve.
 */
public record TopologySpec(String name, Path file, LinkedHashMap<String, NodeSpec> nodes, List<LinkSpec> links,
                           List<TopologyWarning> warnings) {
    public TopologySpec {
        nodes = new LinkedHashMap<>(nodes);
        links = List.copyOf(links);
        warnings = List.copyOf(warnings);
    }

    public TopologySpec(String name, Path file, LinkedHashMap<String, NodeSpec> nodes, List<LinkSpec> links) {
        this(name, file, nodes, links, List.of());
    }

    public Optional<NodeSpec> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** A link by its name or by either endpoint string ("r1:eth1"), the two ways scenarios refer to links. */
    public Optional<LinkSpec> link(String nameOrEndpoint) {
        for (LinkSpec l : links) if (l.name().equals(nameOrEndpoint)) return Optional.of(l);
        for (LinkSpec l : links) {
            if (l.a().toString().equals(nameOrEndpoint) || l.b().toString().equals(nameOrEndpoint)) return Optional.of(l);
        }
        return Optional.empty();
    }

    public List<String> linkNames() {
        return links.stream().map(LinkSpec::name).toList();
    }
}
