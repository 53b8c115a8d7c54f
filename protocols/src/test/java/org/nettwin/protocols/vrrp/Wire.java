package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A tiny in-test L2 segment: adverts sent by one attached host reach the others after a fixed delay.
 * Multicast goes to every other host (keepalived turns IP_MULTICAST_LOOP off); a unicast copy goes to the
 * host owning its destination, itself included (local delivery, no delay). A cut host neither sends nor
 * receives, silently.
 */
public final class Wire {
    private record Port(FakeVrrpHost host, Consumer<ReceivedAdvert> sink) {}

    private final TestClock clock;
    private final long delayNs;
    private final List<Port> ports = new ArrayList<>();
    private final Set<FakeVrrpHost> cut = new HashSet<>();

    public Wire(TestClock clock, long delayNs) {
        this.clock = clock;
        this.delayNs = delayNs;
    }

    /** Attaches {@code host}; adverts for it are given to {@code sink} (an instance's or the process's receive). */
    public void attach(FakeVrrpHost host, Consumer<ReceivedAdvert> sink) {
        ports.add(new Port(host, sink));
        host.wire(a -> carry(host, a));
    }

    public void cut(FakeVrrpHost host) { cut.add(host); }

    public void heal(FakeVrrpHost host) { cut.remove(host); }

    private void carry(FakeVrrpHost from, FakeVrrpHost.Advert a) {
        if (cut.contains(from)) return;
        for (Port p : ports) {
            boolean self = p.host() == from;
            boolean addressed = a.multicast() ? !self : p.host().owns(a.dst());
            if (!addressed) continue;
            ReceivedAdvert rx = new ReceivedAdvert(a.ifName(), a.src(), a.dst(), VrrpPacket.TTL, a.vrrp().clone());
            clock.at(clock.now() + (self ? 0 : delayNs), "wire", () -> {
                if (!cut.contains(p.host())) p.sink().accept(rx);
            });
        }
    }
}
