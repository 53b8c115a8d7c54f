package org.nettwin.topologies;

/**
 * A point-to-point link between two interfaces (a switch port counts as an interface). {@code name} is
 * unique in the topology; by default "a--b" from the endpoints as written.
 */
public record LinkSpec(String name, Endpoint a, Endpoint b, ImpairmentSpec aToB, ImpairmentSpec bToA, SourcePos pos) {

    public static String defaultName(Endpoint a, Endpoint b) {
        return a + "--" + b;
    }

    public boolean touches(Endpoint e) {
        return a.equals(e) || b.equals(e);
    }

    public boolean touchesNode(String node) {
        return a.node().equals(node) || b.node().equals(node);
    }
}
