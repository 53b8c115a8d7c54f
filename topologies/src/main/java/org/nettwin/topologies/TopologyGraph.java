package org.nettwin.topologies;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * A topology as a JGraphT graph: vertices are node names, edges are the links themselves. It is a
 * pseudograph (parallel links are normal in redundant designs; a node may cable two of its own ports).
 * Queries return sets in topology file order, so output built from them is stable.
 */
public final class TopologyGraph {
    private final TopologySpec topology;
    private final Graph<String, LinkSpec> graph;

    private TopologyGraph(TopologySpec topology, Graph<String, LinkSpec> graph) {
        this.topology = topology;
        this.graph = graph;
    }

    public static TopologyGraph of(TopologySpec topology) {
        Graph<String, LinkSpec> g = GraphTypeBuilder.<String, LinkSpec>undirected()
                .allowingMultipleEdges(true).allowingSelfLoops(true).weighted(false).buildGraph();
        topology.nodes().keySet().forEach(g::addVertex);
        for (LinkSpec l : topology.links()) g.addEdge(l.a().node(), l.b().node(), l);
        return new TopologyGraph(topology, new AsUnmodifiableGraph<>(g));
    }

    /** The read-only graph, for JGraphT algorithms (shortest paths, cuts) beyond the queries here. */
    public Graph<String, LinkSpec> graph() {
        return graph;
    }

    /** Node sets that links join, each in file order, the set holding the first node first. */
    public List<Set<String>> connectedComponents() {
        ConnectivityInspector<String, LinkSpec> inspector = new ConnectivityInspector<>(graph);
        List<Set<String>> components = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String node : topology.nodes().keySet()) {
            if (seen.contains(node)) continue;
            Set<String> component = inFileOrder(inspector.connectedSetOf(node));
            seen.addAll(component);
            components.add(component);
        }
        return components;
    }

    public boolean isConnected() {
        return connectedComponents().size() <= 1;
    }

    /** Nodes no chain of links joins to {@code from}, in file order. */
    public Set<String> unreachableFrom(String from) {
        requireNode(from);
        Set<String> reachable = new ConnectivityInspector<>(graph).connectedSetOf(from);
        Set<String> unreachable = new LinkedHashSet<>(topology.nodes().keySet());
        unreachable.removeAll(reachable);
        return unreachable;
    }

    /** Nodes one link away from {@code node} (itself only if it cables two of its own ports), in file order. */
    public Set<String> neighbours(String node) {
        requireNode(node);
        return inFileOrder(new LinkedHashSet<>(Graphs.neighborListOf(graph, node)));
    }

    /** The links touching {@code node}, in file order. */
    public List<LinkSpec> linksOf(String node) {
        requireNode(node);
        return topology.links().stream().filter(l -> l.touchesNode(node)).toList();
    }

    private void requireNode(String node) {
        if (!graph.containsVertex(node)) throw new IllegalArgumentException("no node named '" + node + "'");
    }

    private Set<String> inFileOrder(Set<String> nodes) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String n : topology.nodes().keySet()) if (nodes.contains(n)) ordered.add(n);
        return ordered;
    }
}
