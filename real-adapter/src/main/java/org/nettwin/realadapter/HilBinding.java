package org.nettwin.realadapter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code NODE:IFACE=DEVICE}: the simulated interface {@code IFACE} of {@code NODE} (or a port of a switch
 * node) wired to the host's Ethernet device {@code DEVICE} instead of a simulated link.
 */
public record HilBinding(String node, String iface, String device) {
    private static final Pattern FORM = Pattern.compile("([^:=\\s]+):([^:=\\s]+)=([^:=\\s/]+)");

    public static HilBinding parse(String text) throws HilSetupError {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new HilSetupError("--bind " + text, "is not of the form NODE:IFACE=DEVICE", "e.g. --bind r1:eth0=veth-twin");
        }
        return new HilBinding(m.group(1), m.group(2), m.group(3));
    }

    /** "r1:eth0" */
    public String endpoint() {
        return node + ":" + iface;
    }

    @Override public String toString() {
        return endpoint() + "=" + device;
    }
}
