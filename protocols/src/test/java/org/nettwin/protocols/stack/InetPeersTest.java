package org.nettwin.protocols.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;

/** Linux's shared inet_peer token bucket (protocol-facts §7 "rate limit per source: cost 1 s, burst 5 s"). */
class InetPeersTest {
    private static final Ip4 CLIENT = Ip4.parse("192.168.0.102");

    /** Both ip_error and icmp_send charge the same bucket, as a Net Unreachable at input does. */
    private static boolean netUnreachable(InetPeers p, long now) {
        return p.allowInputError(CLIENT, now) && p.allowIcmp(CLIENT, now);
    }

    @Test @DisplayName("§7 + seed 002 trace: a 1 pps sender gets 4 Net Unreachables, then they stop")
    void fourUnreachablesAtOnePerSecond() {
        InetPeers peers = new InetPeers();
        List<Integer> sentFor = new ArrayList<>();
        for (int i = 0; i < 10; i++) if (netUnreachable(peers, Time.s(100 + i))) sentFor.add(i);
        assertEquals(List.of(0, 1, 2, 3), sentFor);
    }

    @Test @DisplayName("a slow sender (one packet every 3 s) is never limited")
    void slowSenderNotLimited() {
        InetPeers peers = new InetPeers();
        for (int i = 0; i < 10; i++) assertEquals(true, netUnreachable(peers, Time.s(100 + 3L * i)), "packet " + i);
    }

    @Test @DisplayName("redirects back off: at most 9, spaced 20 ms << n, reset after 20.48 s of silence")
    void redirectBackoff() {
        InetPeers peers = new InetPeers();
        int sent = 0;
        for (int i = 0; i < 200; i++) if (peers.allowRedirect(CLIENT, Time.s(1) + i * Time.ms(100))) sent++;
        // sent at 1.0, 1.1, 1.2, 1.4, 1.8, 2.5, 3.8, 6.4, 11.6 s: gaps must exceed 20 ms << n, and 9 is the cap
        assertEquals(9, sent);
        assertEquals(true, peers.allowRedirect(CLIENT, Time.s(1) + 199 * Time.ms(100) + InetPeers.REDIRECT_SILENCE + 1));
    }
}
