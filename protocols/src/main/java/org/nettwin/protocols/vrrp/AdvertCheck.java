package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nettwin.protocols.value.Ip4;

/**
 * The receive-path validation of an advert for one instance, in the order keepalived performs it and with
 * the line it logs for the first failure: 2.x vrrp_check_packet (vrrp.c:760-1120), 1.2.13 vrrp_in_chk and
 * vrrp_check_packet (v1.2.13 vrrp.c:220-365, 565-585). The TTL=255 rule for multicast adverts lives here,
 * since it is a property of the IP header the socket delivers (protocol-facts §1.1).
 */
final class AdvertCheck {
    /** OK: act on it. KO: invalid, ignore. DROP: not ours to act on (interval mismatch), ignore. */
    enum Outcome { OK, KO, DROP }

    /** The verdict, the packet when it could be read, and the log lines keepalived prints. */
    record Verdict(Outcome outcome, VrrpPacket packet, List<String> logs) {
        boolean ok() { return outcome == Outcome.OK; }
    }

    private static final int IP_HEADER_LENGTH = 20;

    private AdvertCheck() {}

    static Verdict check(VrrpInstanceConfig cfg, KeepalivedProfile profile, ReceivedAdvert adv, boolean checkVipAddr) {
        return profile == KeepalivedProfile.V1_2 ? checkV1(cfg, adv) : checkV2(cfg, adv, checkVipAddr);
    }

    private static Verdict checkV2(VrrpInstanceConfig cfg, ReceivedAdvert adv, boolean checkVipAddr) {
        String tag = KeepalivedProfile.V2_2.instanceTag(cfg.name());
        byte[] b = adv.vrrp();
        if (b.length < VrrpPacket.HEADER_LENGTH) return new Verdict(Outcome.KO, null, List.of());
        if (adv.dst().isMulticast() == cfg.unicast()) {
            return ko(tag + " Expected " + (cfg.unicast() ? "un" : "mult") + "icast packet but received "
                    + (cfg.unicast() ? "mult" : "un") + "icast packet");
        }
        int count = VrrpPacket.addressCount(b, 0);
        int expected = VrrpPacket.lengthOf(cfg.version(), count);
        if (b.length != expected) {
            return ko(tag + " vrrp packet too " + (b.length > expected ? "long" : "short") + ", length "
                    + (b.length + IP_HEADER_LENGTH) + " and expect " + (expected + IP_HEADER_LENGTH));
        }
        if (!cfg.unicast() && adv.ttl() != VrrpPacket.TTL) {
            return ko(tag + " invalid TTL/HL. Received " + adv.ttl() + " and expect " + VrrpPacket.TTL);
        }
        int version = VrrpPacket.versionNibble(b, 0);
        if (version != cfg.version()) return ko(tag + " wrong version. Received " + version + " and expect " + cfg.version());
        VrrpPacket p = VrrpPacket.parse(b, 0, b.length);
        if (cfg.version() == 2) {
            if (p.authType() > 2) return ko(tag + " Invalid auth type: " + p.authType(), p);
            if (p.authType() != cfg.authType()) return ko(tag + " received a " + p.authType() + " auth, expecting " + cfg.authType() + "!", p);
            if (cfg.authType() == VrrpPacket.AUTH_PASS && !Arrays.equals(p.authData(), cfg.authData())) {
                return ko(tag + " received an invalid passwd!", p);
            }
            if (cfg.advertIntervalMicros() != p.advertInterval() * VrrpTiming.TIMER_HZ) {
                return new Verdict(Outcome.DROP, p, List.of(tag + " advertisement interval mismatch mine="
                        + cfg.advertIntervalMicros() / VrrpTiming.TIMER_HZ + " sec rcv'd=" + p.advertInterval() + " sec"));
            }
        }
        if (p.type() != VrrpPacket.ADVERTISEMENT) return ko(tag + " Invalid packet type. " + p.type() + " and expect " + VrrpPacket.ADVERTISEMENT, p);
        int vipCount = cfg.virtualAddresses().size();
        if (checkVipAddr && count != vipCount) {
            return ko(tag + " received an unexpected ip number count " + count + ", expected " + vipCount + "!", p);
        }
        boolean skipChecksum = cfg.version() == 3 && cfg.v3ChecksumAsV2();
        if (!skipChecksum && !VrrpPacket.checksumValid(b, 0, b.length, cfg.version(), adv.src(), adv.dst(), false)) {
            return ko(tag + " Invalid VRRPv" + cfg.version() + " checksum", p);
        }
        if (checkVipAddr) {
            for (Ip4 vip : cfg.vipAddresses()) {
                if (!p.addresses().contains(vip)) {
                    return ko(tag + " ip address associated with VRID " + cfg.vrid() + " not present in MASTER advert: " + vip, p);
                }
            }
        }
        return new Verdict(Outcome.OK, p, List.of());
    }

    private static Verdict checkV1(VrrpInstanceConfig cfg, ReceivedAdvert adv) {
        List<String> logs = new ArrayList<>();
        Outcome outcome = inChkV1(cfg, adv, logs);
        VrrpPacket p = readable(adv.vrrp()) ? VrrpPacket.parse(adv.vrrp(), 0, adv.vrrp().length) : null;
        // vrrp_check_packet's summary line names the interface the instance runs on.
        if (outcome == Outcome.DROP) logs.add("Sync instance needed on " + cfg.interfaceName() + " !!!");
        if (outcome == Outcome.KO) logs.add("bogus VRRP packet received on " + cfg.interfaceName() + " !!!");
        return new Verdict(outcome, p, List.copyOf(logs));
    }

    private static boolean readable(byte[] b) {
        if (b.length < VrrpPacket.HEADER_LENGTH) return false;
        int v = VrrpPacket.versionNibble(b, 0);
        return (v == 2 || v == 3) && b.length >= VrrpPacket.lengthOf(v, VrrpPacket.addressCount(b, 0));
    }

    /** v1.2.13 vrrp_in_chk, check by check; 1.2.13 speaks VRRPv2 only. */
    private static Outcome inChkV1(VrrpInstanceConfig cfg, ReceivedAdvert adv, List<String> logs) {
        byte[] b = adv.vrrp();
        if (!cfg.unicast() && adv.ttl() != VrrpPacket.TTL) {
            logs.add("invalid ttl. " + adv.ttl() + " and expect " + VrrpPacket.TTL);
            return Outcome.KO;
        }
        if (b.length <= VrrpPacket.HEADER_LENGTH) {
            logs.add("ip payload too short. " + b.length + " and expect at least " + VrrpPacket.HEADER_LENGTH);
            return Outcome.KO;
        }
        int count = VrrpPacket.addressCount(b, 0);
        if (b.length < VrrpPacket.lengthOf(2, count)) return Outcome.KO;
        List<Ip4> vips = cfg.vipAddresses();
        List<Ip4> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) sent.add(Ip4.fromBytes(b, VrrpPacket.HEADER_LENGTH + 4 * i));
        if (!vips.isEmpty()) {
            if (count != vips.size()) {
                logs.add("receive an invalid ip number count associated with VRID!");
                return Outcome.KO;
            }
            for (Ip4 vip : vips) {
                if (!sent.contains(vip)) {
                    logs.add("ip address associated with VRID not present in received packet : " + vip);
                    logs.add("one or more VIP associated with VRID mismatch actual MASTER advert");
                    return Outcome.KO;
                }
            }
        }
        int authType = b[4] & 0xff;
        if (authType == VrrpPacket.AUTH_PASS) {
            // The password is read from the last 8 bytes of the IP packet.
            byte[] pw = Arrays.copyOfRange(b, b.length - VrrpPacket.AUTH_DATA_LENGTH, b.length);
            if (!Arrays.equals(pw, cfg.authData())) {
                logs.add("receive an invalid passwd!");
                return Outcome.KO;
            }
        }
        int version = VrrpPacket.versionNibble(b, 0);
        if (version != 2) {
            logs.add("invalid version. " + version + " and expect 2");
            return Outcome.KO;
        }
        if (!VrrpPacket.checksumValid(b, 0, VrrpPacket.lengthOf(2, count), 2, adv.src(), adv.dst(), false)) {
            logs.add("Invalid vrrp checksum");
            return Outcome.KO;
        }
        if (cfg.authType() != authType) {
            logs.add("receive a " + authType + " auth, expecting " + cfg.authType() + "!");
            return Outcome.KO;
        }
        if (vips.isEmpty() && count > 0) {
            logs.add("receive an invalid ip number count associated with VRID!");
            return Outcome.KO;
        }
        int interval = b[5] & 0xff;
        if (cfg.advertIntervalMicros() / VrrpTiming.TIMER_HZ != interval) {
            // 1.2.13 prints its own interval in µs here ("mine=1000000"), a quirk kept for fidelity.
            logs.add("advertissement interval mismatch mine=" + cfg.advertIntervalMicros() + " rcved=" + interval);
            return Outcome.DROP;
        }
        return Outcome.OK;
    }

    private static Verdict ko(String log) { return new Verdict(Outcome.KO, null, List.of(log)); }

    private static Verdict ko(String log, VrrpPacket p) { return new Verdict(Outcome.KO, p, List.of(log)); }
}
