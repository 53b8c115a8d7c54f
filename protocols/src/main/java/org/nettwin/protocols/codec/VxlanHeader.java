package org.nettwin.protocols.codec;

import java.util.Arrays;

/**
 * VXLAN encapsulation (RFC 7348 §5): an 8-byte header — flags (I = 0x08 must be set), 24 reserved bits,
 * the 24-bit VNI, 8 reserved bits — followed by the inner Ethernet frame; carried in UDP.
 */
public record VxlanHeader(int vni, byte[] innerFrame) {
    public static final int HEADER_LENGTH = 8;
    /** IANA's port; Linux uses 8472 when `dstport` is not given (drivers/net/vxlan). */
    public static final int IANA_PORT = 4789;
    public static final int LINUX_DEFAULT_PORT = 8472;
    /** Outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8: Linux's VXLAN_HEADROOM, so the device MTU is 50 below the lower one. */
    public static final int OVERHEAD = 50;
    private static final int FLAG_I = 0x08;

    public VxlanHeader {
        if (vni < 0 || vni > 0xffffff) throw new IllegalArgumentException("VNI out of range: " + vni);
    }

    public static VxlanHeader decode(byte[] b, int off, int len) {
        if (len < HEADER_LENGTH + EthernetFrame.HEADER_LENGTH) throw new MalformedPacketException("VXLAN datagram too short: " + len);
        if ((b[off] & FLAG_I) == 0) throw new MalformedPacketException("VXLAN I flag not set");
        int vni = (b[off + 4] & 0xff) << 16 | (b[off + 5] & 0xff) << 8 | (b[off + 6] & 0xff);
        return new VxlanHeader(vni, Arrays.copyOfRange(b, off + HEADER_LENGTH, off + len));
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER_LENGTH + innerFrame.length];
        out[0] = FLAG_I;
        out[4] = (byte) (vni >>> 16);
        out[5] = (byte) (vni >>> 8);
        out[6] = (byte) vni;
        System.arraycopy(innerFrame, 0, out, HEADER_LENGTH, innerFrame.length);
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof VxlanHeader v && v.vni == vni && Arrays.equals(v.innerFrame, innerFrame);
    }

    @Override public int hashCode() { return 31 * vni + Arrays.hashCode(innerFrame); }

    @Override public String toString() { return "VxlanHeader[vni=" + vni + ", inner=" + innerFrame.length + " bytes]"; }
}
