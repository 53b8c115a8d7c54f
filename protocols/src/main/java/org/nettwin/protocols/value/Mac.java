package org.nettwin.protocols.value;

/** A 48-bit Ethernet MAC address held in the low bits of a long. */
public record Mac(long bits) {
    public static final Mac BROADCAST = new Mac(0xffffffffffffL);
    public static final Mac ZERO = new Mac(0L);

    public Mac {
        if ((bits & ~0xffffffffffffL) != 0) throw new IllegalArgumentException("MAC wider than 48 bits");
    }

    public static Mac parse(String text) {
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length != 6) throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        long v = 0;
        for (String p : parts) {
            if (p.length() != 2) throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            try {
                v = v << 8 | Integer.parseInt(p, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
        }
        return new Mac(v);
    }

    /** The VRRP virtual router MAC 00-00-5E-00-01-{VRID} (RFC 3768 §7.3). */
    public static Mac vrrp(int vrid) { return new Mac(0x00005e000100L | (vrid & 0xff)); }

    public static Mac fromBytes(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 6; i++) v = v << 8 | (b[off + i] & 0xff);
        return new Mac(v);
    }

    public void write(byte[] b, int off) {
        for (int i = 0; i < 6; i++) b[off + i] = (byte) (bits >>> (40 - 8 * i));
    }

    public boolean isBroadcast() { return bits == 0xffffffffffffL; }
    /** Group bit: the least significant bit of the first octet. */
    public boolean isMulticast() { return ((bits >>> 40) & 1) == 1; }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) sb.append(':');
            int o = (int) (bits >>> (40 - 8 * i)) & 0xff;
            sb.append(Character.forDigit(o >> 4, 16)).append(Character.forDigit(o & 0xf, 16));
        }
        return sb.toString();
    }
}
