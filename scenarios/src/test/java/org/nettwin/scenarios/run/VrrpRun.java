package org.nettwin.scenarios.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.keepalived.KeepalivedConfParser;
import org.nettwin.protocols.keepalived.KeepalivedConfig;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.VirtualAddress;
import org.nettwin.protocols.vrrp.VrrpInstance;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpTiming;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.NodeKind;
import org.nettwin.topologies.NodeSpec;

/**
 * A finished keepalived scenario run, with the facts every expected time is built from. The facts are read
 * from the scenario's own files (event times, link delays, fork+exec latency, keepalived.conf) and the VRRP
 * arithmetic is keepalived's ({@link VrrpTiming}), so a test never types in an expected instant.
 */
final class VrrpRun {
    /** Every keepalived network of the examples names its instance VI_1, as the seeds do. */
    static final String INSTANCE = "VI_1";
    static final String VRRP = "vrrp/" + INSTANCE;
    static final String PROCESS = "process/keepalived";
    static final String KEEPALIVED = VrrpInstance.PROGRAM;

    final ScenarioSpec spec;
    final ScenarioRunner.CompletedRun run;
    private final Path pcapDir;

    private VrrpRun(ScenarioSpec spec, ScenarioRunner.CompletedRun run, Path pcapDir) {
        this.spec = spec;
        this.run = run;
        this.pcapDir = pcapDir;
    }

    /** Runs an example scenario inline with its own seed, writing a pcap per link into {@code pcapDir}. */
    static VrrpRun execute(String example, Path pcapDir) throws ConfigError {
        ScenarioSpec spec = ScenarioLoader.load(Examples.file(example));
        return new VrrpRun(spec, ScenarioRunner.execute(spec, new RunOptions(null, pcapDir, null, 1, true, null)), pcapDir);
    }

    // ------------------------------------------------------------------ facts from the files

    long eventAt(int index) { return spec.events().get(index).atNs(); }

    NodeSpec node(String name) { return spec.topology().node(name).orElseThrow(); }

    long execLatency(String node) { return node(node).execLatencyNs(); }

    /** One-way delay of a link; the example links have no per-direction override. */
    long delay(String link) {
        LinkSpec l = spec.topology().link(link).orElseThrow();
        assertEquals(l.aToB().delayNs(), l.bToA().delayNs(), link + " must be symmetric for these expectations");
        return l.aToB().delayNs();
    }

    /** One-way delay between two nodes on the same switch, which forwards in zero time. */
    long acrossSwitch(String a, String b) { return accessDelay(a) + accessDelay(b); }

    /** One-way delay of the link between {@code node} and the switch it hangs off. */
    long accessDelay(String node) {
        List<LinkSpec> access = spec.topology().links().stream().filter(l -> l.touchesNode(node))
                .filter(l -> node(l.a().node().equals(node) ? l.b().node() : l.a().node()).kind() == NodeKind.SWITCH).toList();
        assertEquals(1, access.size(), node + " hangs off exactly one switch");
        return delay(access.get(0).name());
    }

    KeepalivedConfig keepalived(String node) {
        NodeSpec n = node(node);
        try {
            return KeepalivedConfParser.parse(n.keepalivedConf(), n.keepalivedProfile());
        } catch (ConfigError | IOException e) {
            throw new IllegalStateException(n.keepalivedConf() + " was loaded by the run, yet does not parse now", e);
        }
    }

    VrrpInstanceConfig instance(String node) { return keepalived(node).instance(INSTANCE).orElseThrow(); }

    int priority(String node) { return instance(node).priority(); }

    long advertInterval(String node) { return VrrpTiming.toNanos(instance(node).advertIntervalMicros()); }

    /** Skew_Time of {@code node}'s instance at {@code priority}, in keepalived's µs arithmetic (protocol-facts §1.4). */
    long skew(String node, int priority) {
        VrrpInstanceConfig c = instance(node);
        return VrrpTiming.toNanos(VrrpTiming.skewMicros(c.version(), priority, c.advertIntervalMicros()));
    }

    /** Master_Down_Interval of {@code node}'s instance at {@code priority} (protocol-facts §1.4). */
    long masterDown(String node, int priority) {
        VrrpInstanceConfig c = instance(node);
        return VrrpTiming.toNanos(VrrpTiming.masterDownMicros(c.version(), priority, c.advertIntervalMicros(), VrrpTiming.DOWN_TIMER_ADVERTS));
    }

    VirtualAddress vip(String node) {
        List<VirtualAddress> vips = instance(node).virtualAddresses();
        assertEquals(1, vips.size(), "one VIP");
        return vips.get(0);
    }

    /** The MAC of {@code node}'s {@code iface}: the runner derives it from the names (no example sets one). */
    Mac mac(String node, String iface) {
        assertNull(node(node).iface(iface).orElseThrow().mac(), "the examples leave MACs to the runner");
        return Network.derivedMac(node, iface);
    }

    /** The MAC of the interface {@code node}'s VI_1 runs on. */
    Mac vrrpMac(String node) { return mac(node, instance(node).interfaceName()); }

    // ------------------------------------------------------------------ the trace

    /** When {@code node}'s {@code machine} went {@code from} -> {@code to}, in order. */
    List<Long> transitions(String node, String machine, String from, String to) {
        return matching(node, e -> e instanceof TraceEvent.StateChanged s && s.machine().equals(machine) && s.from().equals(from) && s.to().equals(to));
    }

    /** When {@code node}'s {@code program} logged exactly {@code text}, in order. */
    List<Long> logs(String node, String program, String text) {
        return matching(node, e -> e instanceof TraceEvent.Log l && l.program().equals(program) && l.text().equals(text));
    }

    /** When keepalived put {@code node}'s VIP on its interface (`ip addr add`, in the node's kernel log). */
    List<Long> vipAdded(String node) { return logs(node, "kernel", "ip addr add " + vipOnDevice(node)); }

    List<Long> vipRemoved(String node) { return logs(node, "kernel", "ip addr del " + vipOnDevice(node)); }

    private String vipOnDevice(String node) {
        VirtualAddress v = vip(node);
        return v.address() + " dev " + v.deviceOr(instance(node).interfaceName());
    }

    /** When {@code host} learnt a new MAC for {@code ip} (the kernel's neighbour update line). */
    List<Long> neighbourChanged(String host, String ip, String dev, Mac from, Mac to) {
        return logs(host, "kernel", "neigh " + ip + " dev " + dev + " lladdr " + from + " -> " + to);
    }

    private List<Long> matching(String node, Predicate<TraceEvent> p) {
        return run.trace().stream().filter(r -> r.node().equals(node) && p.test(r.event())).map(TraceRecord::time).toList();
    }

    /** The only element of {@code times}, failing with the whole list otherwise. */
    static long only(List<Long> times, String what) {
        assertEquals(1, times.size(), what + ": " + formatted(times));
        return times.get(0);
    }

    /** The first of {@code times} at or after {@code from}. */
    static long firstFrom(List<Long> times, long from, String what) {
        return times.stream().filter(t -> t >= from).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": nothing at or after " + Time.format(from) + " in " + formatted(times)));
    }

    static List<String> formatted(List<Long> times) { return times.stream().map(Time::format).toList(); }

    /** Exact-time assertion that prints instants readably. */
    static void assertAt(long expectedNs, long actualNs, String what) {
        assertEquals(Time.format(expectedNs), Time.format(actualNs), what);
    }

    // ------------------------------------------------------------------ the ping probe and the captures

    PingSpec ping() {
        assertEquals(1, spec.probes().size(), "one probe");
        return (PingSpec) spec.probes().get(0);
    }

    ProbeTally tally() { return run.probes().get(ping().name()); }

    /** When the probe sent request {@code seq} (numbered from 1, one per interval from the start). */
    long sentAt(int seq) { return ping().startNs() + (seq - 1) * ping().intervalNs(); }

    /** The requests sent in [{@code from}, {@code to}). */
    List<Integer> seqsSentIn(long from, long to) {
        int last = (int) ((spec.durationNs() - ping().startNs()) / ping().intervalNs()) + 1;
        return IntStream.rangeClosed(1, last).filter(s -> sentAt(s) >= from && sentAt(s) < to).boxed().toList();
    }

    List<LinkCapture.Frame> frames(String link) throws IOException { return LinkCapture.read(pcapDir, link); }
}
