package org.nettwin.protocols.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.value.Ip4;

class PingFormatTest {
    @Test @DisplayName("iputils prints three significant digits")
    void iputilsRtt() {
        assertEquals("131", Ping.iputilsMs(131_398_000L));
        assertEquals("40.1", Ping.iputilsMs(40_058_000L));
        assertEquals("5.14", Ping.iputilsMs(5_142_000L));
        assertEquals("0.512", Ping.iputilsMs(512_000L));
        assertEquals("20.0", Ping.iputilsMs(20_000_000L));
    }

    @Test @DisplayName("BSD prints %.3f ms, as in the seed 002 trace (time=131.398 ms)")
    void bsdRtt() {
        assertEquals("131.398", Ping.bsdMs(131_398_000L));
        assertEquals("5.142", Ping.bsdMs(5_142_000L));
    }

    @Test void lossPercentLikeC() {
        assertEquals("0", Ping.percentG(0));
        assertEquals("40", Ping.percentG(40));
        assertEquals("33.3333", Ping.percentG(100.0 / 3));
    }

    private static Ipv4Packet clientEcho(int id, int ttl) {
        byte[] icmp = IcmpMessage.echoRequest(0x1234, 28, new byte[56]).encode();
        return new Ipv4Packet(0, id, false, false, 0, ttl, IpProto.ICMP, Ip4.parse("192.168.0.102"), Ip4.parse("8.8.8.8"), icmp);
    }

    @Test @DisplayName("seed 002 trace: the quoted-header dump of a Net Unreachable matches line for line")
    void bsdDumpUnreachable() {
        Ipv4Packet q = clientEcho(0x8904, 64);
        IcmpMessage err = IcmpMessage.destUnreachable(IcmpMessage.NET_UNREACHABLE, q.encode());
        assertEquals(List.of(
                "Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst",
                " 4  5  00 5400 8904   0 0000  40  01 2087 192.168.0.102  8.8.8.8 ",
                ""), Ping.bsdQuotedHeader(err, q));
    }

    @Test @DisplayName("seed 002 trace: the Redirect's dump shows TTL 3f and checksum 52db (forwarded, TTL-1)")
    void bsdDumpRedirect() {
        Ipv4Packet q = clientEcho(0x57b0, 63);
        IcmpMessage err = IcmpMessage.redirect(IcmpMessage.REDIRECT_HOST, Ip4.parse("192.168.0.254"), q.encode());
        assertEquals(" 4  5  00 0054 57b0   0 0000  3f  01 52db 192.168.0.102  8.8.8.8 ", Ping.bsdQuotedHeader(err, q).get(1));
    }

    @Test @DisplayName("pr_icmph texts: fragmentation needed with the next-hop MTU (iputils ping4.c, BSD ping.c) and reassembly timeout (ICMP 11/1)")
    void mtuAndReassemblyTexts() {
        byte[] quote = clientEcho(1, 64).encode();
        IcmpMessage fragNeeded = IcmpMessage.fragNeeded(1476, quote);
        assertEquals("Frag needed and DF set (mtu = 1476)", Ping.describe(fragNeeded, PingStyle.IPUTILS));
        assertEquals("frag needed and DF set (MTU 1476)", Ping.describe(fragNeeded, PingStyle.BSD));
        IcmpMessage reassembly = IcmpMessage.timeExceeded(IcmpMessage.FRAG_REASSEMBLY_TIME_EXCEEDED, quote);
        assertEquals("Frag reassembly time exceeded", Ping.describe(reassembly, PingStyle.IPUTILS));
        assertEquals("Frag reassembly time exceeded", Ping.describe(reassembly, PingStyle.BSD));
        assertEquals("Time to live exceeded", Ping.describe(IcmpMessage.timeExceeded(IcmpMessage.TTL_EXCEEDED_IN_TRANSIT, quote), PingStyle.IPUTILS));
    }
}
