package org.nettwin.topologies;

/** One end of a link, written "node:interface" as in containerlab ("r1:eth0", "sw1:p1"). */
public record Endpoint(String node, String iface) {
    /** Splits "node:interface" at its only ':'; throws IllegalArgumentException with the text otherwise. */
    public static Endpoint parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("endpoint '" + text + "' is not of the form node:interface");
        }
        return new Endpoint(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override public String toString() {
        return node + ":" + iface;
    }
}
