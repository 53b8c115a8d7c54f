package org.nettwin.protocols.codec;

import java.util.Objects;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/** An Ethernet/IPv4 ARP packet (RFC 826): 28 bytes, padded by the sender's NIC inside a 60-byte frame. */
public record ArpPacket(int op, Mac senderMac, Ip4 senderIp, Mac targetMac, Ip4 targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int LENGTH = 28;

    private static final int HTYPE_ETHERNET = 1;

    public ArpPacket {
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetMac, "targetMac");
        Objects.requireNonNull(targetIp, "targetIp");
        Bytes.requireU16(op, "op");
    }

    /**
     * Decodes {@code b[off, off+len)}; trailing bytes (Ethernet padding) are ignored. Anything but Ethernet
     * hardware with IPv4 protocol addresses, and any op but request or reply, is Malformed: arp_process
     * drops those too, so the stack need not look again.
     */
    public static ArpPacket decode(byte[] b, int off, int len) {
        Bytes.checkRange(b, off, len, "ARP");
        Bytes.requireLength(len, LENGTH, "ARP packet");
        int htype = Bytes.u16(b, off);
        int ptype = Bytes.u16(b, off + 2);
        int hlen = Bytes.u8(b, off + 4);
        int plen = Bytes.u8(b, off + 5);
        if (htype != HTYPE_ETHERNET || ptype != EtherType.IPV4 || hlen != 6 || plen != 4) {
            throw new MalformedPacketException("not Ethernet/IPv4 ARP: htype=" + htype + " ptype=0x"
                    + Integer.toHexString(ptype) + " hlen=" + hlen + " plen=" + plen);
        }
        int op = Bytes.u16(b, off + 6);
        if (op != REQUEST && op != REPLY) throw new MalformedPacketException("ARP op " + op + " is neither request nor reply");
        return new ArpPacket(op, Mac.fromBytes(b, off + 8), Ip4.fromBytes(b, off + 14),
                Mac.fromBytes(b, off + 18), Ip4.fromBytes(b, off + 24));
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        Bytes.put16(out, 0, HTYPE_ETHERNET);
        Bytes.put16(out, 2, EtherType.IPV4);
        out[4] = 6;
        out[5] = 4;
        Bytes.put16(out, 6, op);
        senderMac.write(out, 8);
        senderIp.write(out, 14);
        targetMac.write(out, 18);
        targetIp.write(out, 24);
        return out;
    }

    /** A gratuitous ARP announces its own address: sender and target IP are the same (RFC 5227 §3). */
    public boolean isGratuitous() {
        return senderIp.equals(targetIp);
    }
}
