package org.nettwin.protocols.value;

/** An address assigned to an interface with its prefix length, as `ip addr` shows it ("192.168.0.1/24"). */
public record IfAddr(Ip4 address, int prefixLength) {
    public IfAddr {
        if (prefixLength < 0 || prefixLength > 32) throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }

    public static IfAddr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) return new IfAddr(Ip4.parse(t), 32);
        int len;
        try {
            len = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an interface address: '" + text + "'");
        }
        if (len < 0 || len > 32) throw new IllegalArgumentException("prefix length must be 0..32 in '" + text + "'");
        return new IfAddr(Ip4.parse(t.substring(0, slash)), len);
    }

    public Prefix4 subnet() { return new Prefix4(address, prefixLength); }

    @Override public String toString() { return address + "/" + prefixLength; }
}
