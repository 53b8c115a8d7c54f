package org.nettwin.realadapter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.HostedNode;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.HostMode;
import org.nettwin.sim.KernelConfig;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/** The NodeEnv contract on the wall clock; no root needed. Bounds are lower bounds or Awaitility timeouts, never timings. */
class WallClockRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A node that records what reaches it ("boot", "rx:port:len@ns", "carrier:port:up") and runs a boot hook. */
    static final class Recorder implements HostedNode {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Consumer<NodeEnv> onBoot;
        volatile NodeEnv env;

        Recorder(Consumer<NodeEnv> onBoot) {
            this.onBoot = onBoot;
        }

        @Override public void boot(NodeEnv e) {
            env = e;
            events.add("boot");
            onBoot.accept(e);
        }

        @Override public void receive(int port, byte[] frame) {
            events.add("rx:" + port + ":" + frame.length + "@" + env.now());
        }

        @Override public void carrier(int port, boolean up) {
            events.add("carrier:" + port + ":" + up);
        }
    }

    @Test
    @DisplayName("timers of one deadline fire in the order armed, never before the deadline (NodeEnv.schedule contract)")
    void timersOfOneInstantFireInArmOrder() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        long deadline = Time.ms(40);
        Recorder node = new Recorder(env -> {
            for (String name : List.of("t1", "t2", "t3", "t4")) {
                env.schedule(deadline, name, () -> fired.add(name + (env.now() >= deadline ? "" : " EARLY at " + env.now())));
            }
        });
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", node);
            rt.start();
            rt.runUntil(Time.ms(80));
            assertEquals(List.of("t1", "t2", "t3", "t4"), fired);
        }
    }

    @Test
    @DisplayName("a cancelled timer never fires, although its wake-up was armed with Pekko's scheduler")
    void cancelReallyCancels() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        AtomicReference<TimerHandle> cancelled = new AtomicReference<>();
        Recorder node = new Recorder(env -> {
            TimerHandle t = env.after(Time.ms(30), "doomed", () -> fired.add("doomed"));
            env.after(Time.ms(60), "sentinel", () -> fired.add("sentinel"));
            t.cancel();
            cancelled.set(t);
        });
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", node);
            rt.start();
            await().atMost(WAIT).until(() -> fired.contains("sentinel"));
            assertEquals(List.of("sentinel"), fired, "the sentinel, due after the cancelled timer, proves the lane passed its deadline");
            assertFalse(cancelled.get().isActive());
        }
    }

    @Test
    @DisplayName("a frame crosses a simulated link no earlier than its delay, traced frame-sent then frame-delivered")
    void linkDeliversAfterItsDelay() throws Exception {
        long delay = Time.ms(40);
        byte[] frame = new byte[60];
        frame[0] = (byte) 0xff;
        Recorder a = new Recorder(env -> env.transmit(0, frame));
        Recorder b = new Recorder(env -> { });
        List<TraceRecord> trace = Collections.synchronizedList(new ArrayList<>());
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", a);
            rt.addNode("b", b);
            rt.connect("ab", new PortRef("a", 0), new PortRef("b", 0), LinkParams.ideal().withDelay(delay), LinkParams.ideal());
            rt.addTraceListener(trace::add);
            rt.start();
            await().atMost(WAIT).until(() -> b.events.stream().anyMatch(e -> e.startsWith("rx:")));
            String rx = b.events.stream().filter(e -> e.startsWith("rx:")).findFirst().orElseThrow();
            long at = Long.parseLong(rx.substring(rx.indexOf('@') + 1));
            assertTrue(rx.startsWith("rx:0:60@"), rx);
            assertTrue(at >= delay, "delivered at " + Time.format(at) + ", before the link delay " + Time.format(delay));
            List<String> linkTrace;
            synchronized (trace) {
                linkTrace = trace.stream().filter(r -> r.node().equals("ab")).map(r -> r.event().describe().split(" ")[0]).toList();
            }
            assertEquals(List.of("frame-sent", "frame-delivered"), linkTrace);
        }
    }

    @Test
    @DisplayName("a link fault from at() reaches both ends as carrier down, and frames sent meanwhile are dropped LINK_DOWN")
    void linkFaultsRunOnTheScenarioLane() throws Exception {
        Recorder a = new Recorder(env -> env.after(Time.ms(50), "send", () -> env.transmit(0, new byte[60])));
        Recorder b = new Recorder(env -> { });
        List<String> drops = new CopyOnWriteArrayList<>();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", a);
            rt.addNode("b", b);
            var link = rt.connect("ab", new PortRef("a", 0), new PortRef("b", 0), LinkParams.ideal(), LinkParams.ideal());
            rt.addTraceListener(r -> {
                if (r.event() instanceof TraceEvent.Dropped d) drops.add(d.where() + " " + d.reason());
            });
            rt.at(Time.ms(20), "link-down ab", () -> link.setAdminUp(false));
            rt.start();
            rt.runUntil(Time.ms(100));
            assertTrue(a.events.contains("carrier:0:false"), a.events.toString());
            assertTrue(b.events.contains("carrier:0:false"), b.events.toString());
            assertEquals(List.of("ab LINK_DOWN"), drops);
            assertTrue(b.events.stream().noneMatch(e -> e.startsWith("rx:")), b.events.toString());
        }
    }

    @Test
    @DisplayName("random(path) gives the simulator's stream for the same seed and node (seeded by path, architecture 'Determinism')")
    void randomStreamsMatchTheSimulator() throws Exception {
        long seed = 20240607L;
        AtomicReference<long[]> onWallClock = new AtomicReference<>();
        AtomicReference<long[]> onSimulator = new AtomicReference<>();
        try (WallClockRuntime rt = new WallClockRuntime(seed, OverrunPolicy.bestEffort())) {
            rt.addNode("r1", new Recorder(env -> onWallClock.set(draws(env))));
            rt.start();
            rt.runUntil(Time.ms(10));
        }
        try (SimKernel kernel = new SimKernel(new KernelConfig(seed, HostMode.INLINE, 1))) {
            kernel.addNode("r1", new Recorder(env -> onSimulator.set(draws(env))));
            kernel.runUntil(0);
        }
        assertEquals(List.of(box(onSimulator.get())), List.of(box(onWallClock.get())), "seed " + seed);
    }

    private static long[] draws(NodeEnv env) {
        // Two calls with one path continue one stream, as on the simulator.
        return new long[] {env.random("vrrp/VI_1/skew").nextLong(), env.random("vrrp/VI_1/skew").nextLong(), env.random("arp").nextLong()};
    }

    private static List<Long> box(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Test
    @DisplayName("best effort runs late work and reports how late (ns-3 RealtimeSimulatorImpl SYNC_BEST_EFFORT)")
    void bestEffortReportsTheWorstLag() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", new Recorder(env -> { }));
            rt.start();
            await().atMost(WAIT).until(() -> rt.now() > Time.ms(30));
            // Due at 0, submitted after 30 ms: at least 30 ms late whatever the machine does.
            rt.onNode("a", 0, "late step", env -> ran.add("late step"));
            rt.runUntil(rt.now() + Time.ms(10));
            assertEquals(List.of("late step"), ran);
            LagReport lag = rt.lag();
            assertTrue(lag.worstLagNs() >= Time.ms(30), lag.describe());
            assertEquals("a: action 'late step'", lag.worstLabel());
            assertTrue(lag.describe().startsWith("wall-clock lag: worst "), lag.describe());
        }
    }

    @Test
    @DisplayName("a hard limit fails the run instead of running work later than the limit (ns-3 SYNC_HARD_LIMIT)")
    void hardLimitFailsTheRun() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.hardLimit(Time.ms(10)))) {
            rt.addNode("a", new Recorder(env -> { }));
            rt.start();
            await().atMost(WAIT).until(() -> rt.now() > Time.ms(30));
            rt.onNode("a", 0, "late step", env -> ran.add("late step"));
            OverrunException e = assertThrows(OverrunException.class, () -> rt.runUntil(rt.now() + Time.s(2)));
            assertTrue(e.lagNs() > Time.ms(10), e.getMessage());
            assertTrue(e.getMessage().startsWith("a: action 'late step' was due at 0.000000000s"), e.getMessage());
            assertEquals(List.of(), ran);
        }
    }

    @Test
    @DisplayName("runUntil returns only after the work due at its end time has run")
    void runUntilIncludesTheEndInstant() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", new Recorder(env -> { }));
            rt.onNode("a", Time.ms(50), "finish", env -> ran.add("finish at or after 50 ms: " + (env.now() >= Time.ms(50))));
            rt.start();
            rt.runUntil(Time.ms(50));
            assertEquals(List.of("finish at or after 50 ms: true"), ran);
        }
    }

    @Test
    @DisplayName("an exception in node code fails the run with the node, the work item and the cause")
    void nodeFailureStopsTheRun() throws Exception {
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("r7", new Recorder(env -> env.after(Time.ms(5), "explode", () -> {
                throw new ArithmeticException("boom");
            })));
            rt.start();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> rt.runUntil(Time.s(2)));
            assertTrue(e.getMessage().startsWith("r7 failed in timer 'explode' at "), e.getMessage());
            assertTrue(e.getMessage().endsWith("java.lang.ArithmeticException: boom"), e.getMessage());
        }
    }

    @Test
    @DisplayName("a node's env used from another thread is refused, as on the simulator")
    void envOutsideTheNodeIsRefused() throws Exception {
        Recorder node = new Recorder(env -> { });
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            rt.addNode("a", node);
            rt.start();
            rt.runUntil(Time.ms(5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.env.transmit(0, new byte[60]));
            assertTrue(e.getMessage().contains("lane a used outside its own processing"), e.getMessage());
        }
    }
}
