package org.nettwin.protocols.value;

/** An IPv4 address as an unsigned 32-bit value held in an int. Immutable; compare with equals. */
public record Ip4(int bits) implements Comparable<Ip4> {
    public static final Ip4 ANY = new Ip4(0);
    public static final Ip4 BROADCAST = new Ip4(0xffffffff);

    public static Ip4 of(int a, int b, int c, int d) {
        return new Ip4((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    /** Parses dotted-quad text; throws IllegalArgumentException with the offending text. */
    public static Ip4 parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        int bits = 0;
        for (String p : parts) {
            int v;
            try {
                if (p.isEmpty() || p.length() > 3) throw new NumberFormatException();
                v = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            if (v < 0 || v > 255) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            bits = bits << 8 | v;
        }
        return new Ip4(bits);
    }

    public static Ip4 fromBytes(byte[] b, int off) {
        return new Ip4((b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff));
    }

    public void write(byte[] b, int off) {
        b[off] = (byte) (bits >>> 24);
        b[off + 1] = (byte) (bits >>> 16);
        b[off + 2] = (byte) (bits >>> 8);
        b[off + 3] = (byte) bits;
    }

    public boolean isMulticast() { return (bits >>> 28) == 0xe; }
    public boolean isBroadcast() { return bits == 0xffffffff; }
    public boolean isAny() { return bits == 0; }

    @Override public int compareTo(Ip4 o) { return Integer.compareUnsigned(bits, o.bits); }

    @Override public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
