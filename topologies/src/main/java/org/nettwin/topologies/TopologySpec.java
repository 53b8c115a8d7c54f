package org.nettwin.topologies;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded and validated topology: nodes in file order by name, links in file order, the warnings the
 * validator found, and the cloud and carrier APIs the nodes' scripts call, by name in file order. Every
 * cross-reference in it (endpoints, route devices, the nodes and links a cloud names) is known to resolve.
 */
public record TopologySpec(String name, Path file, LinkedHashMap<String, NodeSpec> nodes, List<LinkSpec> links,
                           List<TopologyWarning> warnings, Map<String, CloudSpec> clouds) {
    public TopologySpec {
        nodes = new LinkedHashMap<>(nodes);
        links = List.copyOf(links);
        warnings = List.copyOf(warnings);
        clouds = Collections.unmodifiableMap(new LinkedHashMap<>(clouds));
    }

    /** A topology without clouds. */
    public TopologySpec(String name, Path file, LinkedHashMap<String, NodeSpec> nodes, List<LinkSpec> links,
                        List<TopologyWarning> warnings) {
        this(name, file, nodes, links, warnings, Map.of());
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

    /** Region name to its nodes, both in file order; nodes without a region are in none. */
    public Map<String, List<String>> regions() {
        Map<String, List<String>> regions = new LinkedHashMap<>();
        for (NodeSpec n : nodes.values()) {
            if (n.region() != null) regions.computeIfAbsent(n.region(), k -> new java.util.ArrayList<>()).add(n.name());
        }
        return regions;
    }

    public List<String> linkNames() {
        return links.stream().map(LinkSpec::name).toList();
    }
}
