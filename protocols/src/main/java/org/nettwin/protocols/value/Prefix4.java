package org.nettwin.protocols.value;

/** An IPv4 prefix (network address + length). The network address is normalised (host bits cleared). */
public record Prefix4(Ip4 network, int length) {
    public static final Prefix4 DEFAULT = new Prefix4(Ip4.ANY, 0);

    public Prefix4 {
        if (length < 0 || length > 32) throw new IllegalArgumentException("prefix length out of range: " + length);
        network = new Ip4(network.bits() & mask(length));
    }

    public static int mask(int length) { return length == 0 ? 0 : -1 << (32 - length); }

    public static Prefix4 of(Ip4 addr, int length) { return new Prefix4(addr, length); }

    /** Parses "a.b.c.d/len" or a bare address (taken as /32), or "default". */
    public static Prefix4 parse(String text) {
        String t = text.trim();
        if (t.equals("default")) return DEFAULT;
        int slash = t.indexOf('/');
        if (slash < 0) return new Prefix4(Ip4.parse(t), 32);
        int len;
        try {
            len = Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 prefix: '" + text + "'");
        }
        if (len < 0 || len > 32) throw new IllegalArgumentException("prefix length must be 0..32 in '" + text + "'");
        return new Prefix4(Ip4.parse(t.substring(0, slash)), len);
    }

    public boolean contains(Ip4 addr) { return (addr.bits() & mask(length)) == network.bits(); }

    public Ip4 broadcast() { return new Ip4(network.bits() | ~mask(length)); }

    @Override public String toString() { return network + "/" + length; }
}
