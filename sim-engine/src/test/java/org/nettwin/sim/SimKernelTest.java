package org.nettwin.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

import static org.nettwin.protocols.env.Time.ms;

class SimKernelTest {

    private static SimKernel kernel(HostMode mode) {
        return new SimKernel(new KernelConfig(7, mode, 2));
    }

    private static List<String> lines(SimKernel kernel) {
        List<String> lines = new ArrayList<>();
        kernel.addTraceListener(r -> lines.add(r.line()));
        return lines;
    }

    @Test
    @DisplayName("kernel actions run by time, and in scheduling order at equal times")
    void eventsRunByTimeThenSequence() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            List<String> order = new ArrayList<>();
            kernel.at(ms(5), "a", () -> order.add("a@" + kernel.now()));
            kernel.at(ms(5), "b", () -> order.add("b@" + kernel.now()));
            kernel.at(ms(1), "c", () -> order.add("c@" + kernel.now()));
            kernel.at(ms(5), "d", () -> order.add("d@" + kernel.now()));
            kernel.runUntil(ms(10));
            assertEquals(List.of("c@1000000", "a@5000000", "b@5000000", "d@5000000"), order);
            assertEquals(ms(10), kernel.now());
        }
    }

    @ParameterizedTest
    @EnumSource(HostMode.class)
    @DisplayName("timers fire at their deadline with a TimerFired trace; a cancelled timer never fires, even when cancelled in its own instant")
    void timersFireAndCancel(HostMode mode) {
        try (SimKernel kernel = kernel(mode)) {
            List<String> lines = lines(kernel);
            AtomicReference<TimerHandle> late = new AtomicReference<>();
            AtomicReference<TimerHandle> sameInstant = new AtomicReference<>();
            AtomicReference<TimerHandle> early = new AtomicReference<>();
            kernel.addNode("n1", new ScriptNode().onBoot(env -> {
                late.set(env.schedule(ms(10), "late", () -> {}));
                early.set(env.schedule(ms(5), "early", () -> sameInstant.get().cancel()));
                sameInstant.set(env.schedule(ms(5), "same-instant", () -> env.trace(new TraceEvent.Log("t", "must not run"))));
                TimerHandle never = env.schedule(ms(3), "cancelled-at-boot", () -> {});
                never.cancel();
                assertFalse(never.isActive());
            }));
            kernel.runUntil(ms(4));
            assertTrue(late.get().isActive());
            kernel.runUntil(ms(20));
            assertEquals(List.of("0.005000000s n1 timer early", "0.010000000s n1 timer late"), lines);
            assertFalse(late.get().isActive(), "a fired timer is no longer active");
            assertFalse(sameInstant.get().isActive());
            assertEquals(ms(10), late.get().deadline());
            assertEquals(2, kernel.stats().timersFired());
        }
    }

    @Test
    @DisplayName("a timer armed in the past fires now; timers armed for now run in a later round of the same instant")
    void pastAndPresentDeadlines() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            List<String> lines = lines(kernel);
            kernel.addNode("n1", new ScriptNode());
            kernel.onNode("n1", ms(3), "arm", env -> {
                env.schedule(ms(1), "past", () -> env.schedule(env.now(), "now", () -> {}));
            });
            kernel.runUntil(ms(5));
            assertEquals(List.of("0.003000000s n1 timer past", "0.003000000s n1 timer now"), lines);
            KernelStats stats = kernel.stats();
            // No link, so no lookahead bound: boot, onNode, "past" and "now" all run in one window of one group.
            assertEquals(1, stats.windows());
            assertEquals(1, stats.groupRuns());
            assertEquals(4, stats.eventsProcessed());
        }
    }

    @ParameterizedTest
    @EnumSource(HostMode.class)
    @DisplayName("outputs of one instant merge in node insertion order, then emission order, whatever thread ran first")
    void mergeOrderIsInsertionThenEmission(HostMode mode) {
        try (SimKernel kernel = kernel(mode)) {
            List<String> lines = lines(kernel);
            for (String name : List.of("zeta", "alpha", "mid")) {
                kernel.addNode(name, new ScriptNode().onBoot(env -> {
                    env.trace(new TraceEvent.Log("boot", "first"));
                    env.trace(new TraceEvent.Log("boot", "second"));
                }));
            }
            // Queued in reverse insertion order: the merge must still follow insertion order.
            for (String name : List.of("mid", "alpha", "zeta")) {
                kernel.onNode(name, ms(1), "poke", env -> env.trace(new TraceEvent.Log("poke", env.nodeName())));
            }
            kernel.runUntil(ms(1));
            assertEquals(List.of(
                    "0.000000000s zeta log boot: first", "0.000000000s zeta log boot: second",
                    "0.000000000s alpha log boot: first", "0.000000000s alpha log boot: second",
                    "0.000000000s mid log boot: first", "0.000000000s mid log boot: second",
                    "0.001000000s zeta log poke: zeta", "0.001000000s alpha log poke: alpha",
                    "0.001000000s mid log poke: mid"), lines);
        }
    }

    @Test
    @DisplayName("zero-delay ping-pong is processed in successive rounds of one instant")
    void zeroDelayRoundsStayInOneInstant() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            ScriptNode.ReceiveHandler bounceUntilFive = (env, port, frame) -> {
                int seq = Frames.seqOf(frame);
                if (seq < 5) env.transmit(port, Frames.frame(60, seq + 1));
            };
            ScriptNode a = new ScriptNode().onBoot(env -> env.transmit(1, Frames.frame(60, 0))).onReceive(bounceUntilFive);
            ScriptNode b = new ScriptNode().onReceive(bounceUntilFive);
            kernel.addNode("a", a);
            kernel.addNode("b", b);
            kernel.connect("ab", new PortRef("a", 1), new PortRef("b", 1), LinkParams.ideal(), LinkParams.ideal());
            kernel.runUntil(ms(1));
            assertEquals(List.of(0, 2, 4), b.receivedSeqs());
            assertEquals(List.of(1, 3, 5), a.receivedSeqs());
            for (ScriptNode.Received r : b.received) assertEquals(0, r.time());
            KernelStats stats = kernel.stats();
            assertEquals(1, stats.windows(), "one window: nothing bounds it but the run's end");
            assertEquals(1, stats.groupRuns(), "the zero-delay link joins a and b into one group, run as one");
            assertEquals(6, stats.framesSent());
            assertEquals(6, stats.framesDelivered());
        }
    }

    @Test
    @DisplayName("stopWhen: runUntil returns after the whole matching instant, and a later runUntil resumes")
    void stopWhenReturnsAfterTheMatchingInstant() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            List<String> lines = lines(kernel);
            kernel.addNode("n1", new ScriptNode().onBoot(env -> {
                for (int i = 1; i <= 4; i++) env.schedule(ms(i * 10L), "t" + i, () -> {});
                env.schedule(ms(20), "t2b", () -> {});
            }));
            kernel.stopWhen(r -> r.event() instanceof TraceEvent.TimerFired f && f.name().equals("t2"));
            kernel.runUntil(ms(100));
            assertTrue(kernel.stoppedEarly());
            assertEquals(ms(20), kernel.now());
            assertEquals(List.of("0.010000000s n1 timer t1", "0.020000000s n1 timer t2", "0.020000000s n1 timer t2b"), lines);
            kernel.clearStopConditions();
            kernel.runUntil(ms(100));
            assertFalse(kernel.stoppedEarly());
            assertEquals(ms(100), kernel.now());
            assertEquals(5, lines.size());
        }
    }

    @Test
    @DisplayName("scheduling for an unknown node or in the past is refused")
    void badSchedulingIsRefused() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                    () -> kernel.onNode("ghost", 0, "noop", env -> {}));
            assertTrue(unknown.getMessage().contains("no node named ghost"), unknown.getMessage());
            kernel.runUntil(ms(5));
            assertThrows(IllegalArgumentException.class, () -> kernel.at(ms(4), "late", () -> {}));
            assertThrows(IllegalArgumentException.class, () -> kernel.runUntil(ms(4)));
        }
    }

    @Test
    @DisplayName("connect refuses unknown nodes, busy ports, self-loops and names shared between nodes and links")
    void connectValidates() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            kernel.addNode("r1", new ScriptNode());
            kernel.addNode("r2", new ScriptNode());
            LinkParams ideal = LinkParams.ideal();
            kernel.connect("l1", new PortRef("r1", 1), new PortRef("r2", 1), ideal, ideal);
            IllegalArgumentException busy = assertThrows(IllegalArgumentException.class,
                    () -> kernel.connect("l2", new PortRef("r1", 2), new PortRef("r2", 1), ideal, ideal));
            assertTrue(busy.getMessage().contains("r2:1 is already connected to link l1"), busy.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernel.connect("l3", new PortRef("r1", 3), new PortRef("r9", 1), ideal, ideal));
            assertThrows(IllegalArgumentException.class, () -> kernel.connect("l1", new PortRef("r1", 4), new PortRef("r2", 4), ideal, ideal));
            assertThrows(IllegalArgumentException.class, () -> kernel.connect("r1", new PortRef("r1", 5), new PortRef("r2", 5), ideal, ideal));
            assertThrows(IllegalArgumentException.class, () -> kernel.connect("loop", new PortRef("r1", 6), new PortRef("r1", 6), ideal, ideal));
            assertThrows(IllegalArgumentException.class, () -> kernel.addNode("l1", new ScriptNode()));
            // The refused attempts left r1:2 free.
            kernel.connect("l2", new PortRef("r1", 2), new PortRef("r2", 2), ideal, ideal);
            assertEquals(List.of("l1", "l2"), kernel.links().stream().map(l -> l.name()).toList());
            assertThrows(IllegalArgumentException.class, () -> kernel.link("nope"));
        }
    }

    @ParameterizedTest
    @EnumSource(HostMode.class)
    @DisplayName("a node added mid-run boots at the time it was added")
    void nodeAddedLaterBootsThen(HostMode mode) {
        try (SimKernel kernel = kernel(mode)) {
            ScriptNode early = new ScriptNode();
            ScriptNode late = new ScriptNode();
            ScriptNode fromAction = new ScriptNode();
            kernel.addNode("early", early);
            kernel.runUntil(ms(7));
            kernel.addNode("late", late);
            kernel.at(ms(9), "add node", () -> kernel.addNode("from-action", fromAction));
            kernel.runUntil(ms(10));
            assertEquals(0, early.bootTime);
            assertEquals(ms(7), late.bootTime);
            assertEquals(ms(9), fromAction.bootTime);
        }
    }

    @ParameterizedTest
    @EnumSource(HostMode.class)
    @DisplayName("the env of a node works only inside that node's processing; the kernel API not at all from nodes")
    void envMisuseFailsFast(HostMode mode) {
        try (SimKernel kernel = kernel(mode)) {
            ScriptNode n1 = new ScriptNode();
            AtomicReference<TimerHandle> timer = new AtomicReference<>();
            kernel.addNode("n1", n1.onBoot(env -> timer.set(env.schedule(ms(5), "t", () -> {}))));
            kernel.runUntil(ms(1));
            assertThrows(IllegalStateException.class, () -> n1.env().now());
            assertThrows(IllegalStateException.class, () -> n1.env().transmit(1, Frames.frame(60, 0)));
            assertThrows(IllegalStateException.class, () -> timer.get().cancel());
            assertEquals("n1", n1.env().nodeName());
        }
        try (SimKernel kernel = kernel(mode)) {
            ScriptNode n1 = new ScriptNode();
            ScriptNode n2 = new ScriptNode();
            kernel.addNode("n1", n1);
            kernel.addNode("n2", n2);
            kernel.runUntil(0);
            kernel.onNode("n2", ms(1), "use n1's env", env -> n1.env().now());
            SimulationException e = assertThrows(SimulationException.class, () -> kernel.runUntil(ms(2)));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getMessage().contains("node n2") && e.getMessage().contains("use n1's env"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> kernel.runUntil(ms(3)), "a failed kernel refuses to go on");
        }
        try (SimKernel kernel = kernel(mode)) {
            kernel.addNode("n1", new ScriptNode().onBoot(env -> kernel.at(ms(1), "from a node", () -> {})));
            SimulationException e = assertThrows(SimulationException.class, () -> kernel.runUntil(ms(2)));
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    @Test
    @DisplayName("a frame sent on an unconnected port is traced as a NO_SUCH_PORT drop at the node")
    void unknownPortDrops() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            List<String> lines = lines(kernel);
            kernel.addNode("n1", new ScriptNode().onBoot(env -> env.transmit(9, Frames.frame(60, 0))));
            kernel.runUntil(0);
            assertEquals(List.of("0.000000000s n1 drop n1:9 " + DropReason.NO_SUCH_PORT + " len=60"), lines);
            assertEquals(1, kernel.stats().framesDropped());
        }
    }

    @Test
    @DisplayName("fingerprint is SHA-256 over every record's line() plus newline")
    void fingerprintIsSha256OfLines() throws Exception {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            MessageDigest oracle = MessageDigest.getInstance("SHA-256");
            List<TraceRecord> records = new ArrayList<>();
            kernel.addTraceListener(records::add);
            assertEquals(HexFormat.of().formatHex(oracle.digest()), kernel.fingerprint(), "empty trace");
            kernel.addNode("n1", new ScriptNode().onBoot(env -> {
                env.trace(new TraceEvent.StateChanged("vrrp/VI_1", "INIT", "BACKUP"));
                env.after(ms(3), "adv", () -> {});
            }));
            kernel.at(ms(2), "fault", () -> kernel.trace("r1-r2", new TraceEvent.FaultApplied("cut", "r1-r2")));
            kernel.runUntil(ms(5));
            assertEquals(3, records.size());
            for (TraceRecord r : records) oracle.update((r.line() + "\n").getBytes(StandardCharsets.UTF_8));
            assertEquals(HexFormat.of().formatHex(oracle.digest()), kernel.fingerprint());
            assertEquals("0.002000000s r1-r2 fault cut r1-r2", records.get(1).line());
        }
    }

    @Test
    @DisplayName("a kernel action is a barrier: it runs first in its instant, then the node events of that instant in key order")
    void kernelActionRunsFirstInItsInstant() {
        try (SimKernel kernel = kernel(HostMode.INLINE)) {
            List<String> order = new ArrayList<>();
            kernel.addNode("n1", new ScriptNode());
            kernel.onNode("n1", ms(1), "before", env -> order.add("node-before"));
            kernel.at(ms(1), "action", () -> order.add("kernel"));
            kernel.onNode("n1", ms(1), "after", env -> order.add("node-after"));
            kernel.runUntil(ms(1));
            assertEquals(List.of("kernel", "node-before", "node-after"), order);
        }
    }
}
