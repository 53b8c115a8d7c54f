package org.nettwin.topologies;

/** Something in a topology that is legal but probably not meant (an interface with no link). */
public record TopologyWarning(SourcePos pos, String message) {
    /** "lab.topo.yml:7:9: warning: ..." like a compiler. */
    @Override public String toString() {
        return pos + ": warning: " + message;
    }
}
