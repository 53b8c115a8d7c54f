package org.nettwin.protocols.vrrp;

import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * The gratuitous ARP keepalived sends for a VIP (vrrp_arp.c:120-145; protocol-facts §2 "GARP"): an ARP
 * request broadcast from {@code senderMac} (the interface MAC, or the virtual MAC under use_vmac) with
 * SHA = senderMac, SPA = TPA = VIP and THA = broadcast. 42 bytes; padding is the NIC's business.
 */
public final class GratuitousArp {
    private GratuitousArp() {}

    public static byte[] frame(Mac senderMac, Ip4 vip) {
        ArpPacket arp = new ArpPacket(ArpPacket.REQUEST, senderMac, vip, Mac.BROADCAST, vip);
        return new EthernetFrame(Mac.BROADCAST, senderMac, EtherType.ARP, arp.encode()).encode();
    }
}
