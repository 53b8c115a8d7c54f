package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nettwin.protocols.codec.ArpPacket;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * A node as keepalived sees it, for tests: interfaces with MAC, address and up state; everything keepalived
 * does to the node is recorded with its time. Check commands end after a duration the test chooses; adverts
 * go to an optional {@link Wire}.
 */
public final class FakeVrrpHost implements VrrpHost {
    /** One advert handed to the node. {@code dst} is 224.0.0.18 for multicast. */
    public record Advert(long time, String ifName, Ip4 src, Ip4 dst, Mac srcMac, byte[] vrrp) {
        public VrrpPacket packet() { return VrrpPacket.parse(vrrp, 0, vrrp.length); }
        public int priority() { return packet().priority(); }
        public boolean multicast() { return dst.isMulticast(); }
    }

    public record Frame(long time, String ifName, byte[] bytes) {
        /** The gratuitous ARP in this frame, or null if it is none. */
        public ArpPacket garp() {
            if (EthernetFrame.peekEtherType(bytes) != EtherType.ARP) return null;
            ArpPacket a = ArpPacket.decode(bytes, EthernetFrame.HEADER_LENGTH, bytes.length - EthernetFrame.HEADER_LENGTH);
            return a.isGratuitous() ? a : null;
        }
    }

    public record Notify(long time, List<String> argv) {}

    public record Check(long time, String script, List<String> argv, long timeoutNs) {}

    /** How long a check command runs and how it exits; a duration at or past the timeout means it is killed. */
    public record CheckOutcome(long durationNs, int status) {}

    @FunctionalInterface
    public interface CheckBehaviour {
        CheckOutcome run(String script, List<String> argv, long now);
    }

    private record Iface(Mac mac, Ip4 primary, boolean up) {}

    private final String node;
    private final NodeEnv env;
    private final Map<String, Iface> ifaces = new LinkedHashMap<>();
    private final Map<String, List<VirtualAddress>> vips = new LinkedHashMap<>();
    public final List<Advert> adverts = new ArrayList<>();
    public final List<Frame> frames = new ArrayList<>();
    public final List<Notify> notifies = new ArrayList<>();
    public final List<Check> checks = new ArrayList<>();
    /** Everything done to the node, in order: "advert 150 172.16.0.100>224.0.0.18", "vip+ ...", "garp ...", "notify ...". */
    public final List<String> journal = new ArrayList<>();
    private CheckBehaviour checkBehaviour = (s, a, t) -> new CheckOutcome(Time.ms(5), 0);
    private InterfaceListener listener;
    private Consumer<Advert> wire = a -> { };

    public FakeVrrpHost(TestClock clock, String node) {
        this.node = node;
        this.env = clock.env(node);
    }

    public String node() { return node; }

    public NodeEnv env() { return env; }

    public FakeVrrpHost iface(String name, Mac mac, Ip4 primary) {
        ifaces.put(name, new Iface(mac, primary, true));
        return this;
    }

    public void checks(CheckBehaviour b) { this.checkBehaviour = b; }

    void wire(Consumer<Advert> w) { this.wire = w; }

    /** Carrier/admin change: the interface listener hears it, as from netlink. */
    public void setUp(String ifName, boolean up) {
        Iface i = ifaces.get(ifName);
        ifaces.put(ifName, new Iface(i.mac(), i.primary(), up));
        if (listener != null) listener.interfaceChanged(ifName, up);
    }

    public List<VirtualAddress> vipsOn(String ifName) { return List.copyOf(vips.getOrDefault(ifName, List.of())); }

    public boolean owns(Ip4 ip) {
        for (Iface i : ifaces.values()) if (ip.equals(i.primary())) return true;
        return vips.values().stream().flatMap(List::stream).anyMatch(v -> v.ip().equals(ip));
    }

    public List<Advert> advertsBetween(long from, long to) {
        return adverts.stream().filter(a -> a.time() >= from && a.time() < to).toList();
    }

    public List<Frame> garpsBetween(long from, long to) {
        return frames.stream().filter(f -> f.time() >= from && f.time() < to && f.garp() != null).toList();
    }

    @Override public Mac interfaceMac(String ifName) { return ifaces.get(ifName).mac(); }

    @Override public Ip4 primaryAddress(String ifName) { return ifaces.get(ifName).primary(); }

    @Override public boolean interfaceUp(String ifName) {
        Iface i = ifaces.get(ifName);
        return i != null && i.up();
    }

    @Override public void setInterfaceListener(InterfaceListener l) { this.listener = l; }

    @Override public void sendMulticastAdvert(String ifName, Ip4 src, Mac srcMac, byte[] vrrp) {
        send(new Advert(env.now(), ifName, src, VrrpPacket.MULTICAST_GROUP, srcMac, vrrp));
    }

    @Override public void sendUnicastAdvert(String ifName, Ip4 src, Ip4 dst, byte[] vrrp) {
        send(new Advert(env.now(), ifName, src, dst, null, vrrp));
    }

    private void send(Advert a) {
        adverts.add(a);
        journal.add("advert " + a.priority() + " " + a.src() + ">" + a.dst());
        if (interfaceUp(a.ifName())) wire.accept(a);
    }

    @Override public void sendFrame(String ifName, byte[] frame) {
        Frame f = new Frame(env.now(), ifName, frame);
        frames.add(f);
        journal.add(f.garp() != null ? "garp " + f.garp().senderIp() : "frame");
    }

    @Override public void addVip(String ifName, VirtualAddress vip, Mac vmac) {
        vips.computeIfAbsent(ifName, k -> new ArrayList<>()).add(vip);
        journal.add("vip+ " + vip + " on " + ifName);
    }

    @Override public void removeVip(String ifName, VirtualAddress vip) {
        List<VirtualAddress> l = vips.get(ifName);
        if (l != null && l.remove(vip)) journal.add("vip- " + vip + " on " + ifName);
    }

    @Override public void runCheck(String scriptName, List<String> argv, long timeoutNs, Consumer<CheckResult> done) {
        checks.add(new Check(env.now(), scriptName, List.copyOf(argv), timeoutNs));
        CheckOutcome o = checkBehaviour.run(scriptName, argv, env.now());
        if (o.durationNs() >= timeoutNs) env.after(timeoutNs, "check-timeout", () -> done.accept(new CheckResult.TimedOut()));
        else env.after(o.durationNs(), "check-exit", () -> done.accept(new CheckResult.Exited(o.status())));
    }

    @Override public void runNotify(List<String> argv) {
        notifies.add(new Notify(env.now(), List.copyOf(argv)));
        journal.add("notify " + String.join(" ", argv));
    }
}
