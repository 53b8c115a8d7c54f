package org.nettwin.protocols.vrrp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * One VRRP instance on one fake node, with a fake peer whose adverts the test injects at chosen times.
 * The node is "r1": eth0, MAC 02:00:00:00:00:01, 192.168.0.1; the VIP is 192.168.0.254/24.
 */
final class Bench {
    static final String NODE = "r1";
    static final String IF = "eth0";
    static final Mac MAC = Mac.parse("02:00:00:00:00:01");
    static final Ip4 SELF = Ip4.parse("192.168.0.1");
    static final Ip4 PEER = Ip4.parse("192.168.0.2");
    static final VirtualAddress VIP = VirtualAddress.of(IfAddr.parse("192.168.0.254/24"));

    final TestClock clock = new TestClock(7);
    final FakeVrrpHost host = new FakeVrrpHost(clock, NODE).iface(IF, MAC, SELF);
    final Map<String, VrrpScript> scripts = new LinkedHashMap<>();
    final KeepalivedProfile profile;
    VrrpInstance instance;

    Bench(KeepalivedProfile profile) { this.profile = profile; }

    /** keepalived's defaults plus VRID 51, auth PASS "secret" and the VIP on eth0. */
    static VrrpInstanceConfig.Builder config(int priority, VrrpInstanceConfig.InitialState state) {
        return VrrpInstanceConfig.builder("VI_1", IF, 51).priority(priority).initialState(state).authPass("secret").virtualAddress(VIP);
    }

    Bench script(VrrpScriptConfig c) {
        scripts.put(c.name(), new VrrpScript(c, profile, host.env(), host));
        return this;
    }

    /** Starts the instance, then its scripts, at the current time (vrrp_register_workers order). */
    Bench start(VrrpInstanceConfig cfg) {
        instance = new VrrpInstance(cfg, profile, host.env(), host, scripts);
        instance.start();
        scripts.values().forEach(VrrpScript::start);
        return this;
    }

    /** An advert the fake peer sends as the instance's config would (interval, auth, VIPs). */
    ReceivedAdvert advertFrom(Ip4 src, int priority) {
        VrrpInstanceConfig c = instance.config();
        VrrpPacket p = c.version() == 2
                ? VrrpPacket.v2(c.vrid(), priority, c.advertIntervalWire(), c.authType(), c.authData(), c.vipAddresses())
                : VrrpPacket.v3(c.vrid(), priority, c.advertIntervalWire(), c.vipAddresses());
        Ip4 dst = c.unicast() ? SELF : VrrpPacket.MULTICAST_GROUP;
        return new ReceivedAdvert(IF, src, dst, VrrpPacket.TTL, p.encode(src, dst, c.v3ChecksumAsV2()));
    }

    /** The peer's advert with {@code priority} arrives at {@code time}. */
    void peerAdvert(long time, int priority) { deliver(time, advertFrom(PEER, priority)); }

    /** The peer advertises every {@code interval} from {@code from} until before {@code until}. */
    void peerAdverts(long from, long until, long interval, int priority) {
        for (long t = from; t < until; t += interval) peerAdvert(t, priority);
    }

    void deliver(long time, ReceivedAdvert adv) { clock.at(time, "rx", () -> instance.receive(adv)); }

    void runUntil(long t) { clock.runUntil(t); }

    void runSeconds(double s) { clock.runUntil(Time.seconds(s)); }

    /** Time (ns) of the first change of VI_1 to {@code state} at or after {@code from}, or -1. */
    long when(VrrpState state, long from) {
        TraceRecord r = clock.first(from, TestClock.stateTo(NODE, "vrrp/VI_1", state.name()));
        return r == null ? -1 : r.time();
    }

    long whenLog(String text) { return whenLog(text, 0); }

    /** Time (ns) of the first log line equal to {@code text} at or after {@code from}, or -1. */
    long whenLog(String text, long from) {
        TraceRecord r = clock.first(from, TestClock.log(NODE, text));
        return r == null ? -1 : r.time();
    }

    List<String> logs() {
        return clock.traces().stream().filter(r -> r.event() instanceof TraceEvent.Log).map(r -> ((TraceEvent.Log) r.event()).text()).toList();
    }

    List<FakeVrrpHost.Advert> advertsBetween(long from, long to) { return host.advertsBetween(from, to); }
}
