package org.nettwin.reports.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nettwin.reports.TraceBuilder.s;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.env.Time;
import org.nettwin.reports.TraceBuilder;
import org.nettwin.reports.model.RunData;
import org.nettwin.reports.model.RunInfo;

class RoleOwnershipTest {
    private static RunMetrics metrics(TraceBuilder t, long end) {
        return RunMetrics.of(new RunData(RunInfo.minimal("roles", end, List.of()), t.build()));
    }

    @Test @DisplayName("seed 000 §8.0 item 3: a partial cut makes both peers MASTER until the path heals (split brain)")
    void splitBrainInterval() {
        TraceBuilder t = new TraceBuilder()
                .state(s(3.414062), "p1", "vrrp/VI_1", "BACKUP", "MASTER")
                .state(0, "p2", "vrrp/VI_1", "INIT", "BACKUP")
                .state(0, "p1", "vrrp/VI_1", "INIT", "BACKUP")
                .state(s(13.609375), "p2", "vrrp/VI_1", "BACKUP", "MASTER")
                .state(s(20.001), "p2", "vrrp/VI_1", "MASTER", "BACKUP");
        RunMetrics m = metrics(t, Time.s(30));
        RoleOwnership r = m.roles().get(0);
        assertEquals("vrrp/VI_1", r.machine());
        assertEquals(List.of(
                new RoleOwnership.Segment(0, s(3.414062), List.of()),
                new RoleOwnership.Segment(s(3.414062), s(13.609375), List.of("p1")),
                new RoleOwnership.Segment(s(13.609375), s(20.001), List.of("p1", "p2")),
                new RoleOwnership.Segment(s(20.001), Time.s(30), List.of("p1"))), r.timeline());
        assertEquals(s(20.001) - s(13.609375), r.splitBrainNs());
        assertEquals(r.splitBrainNs(), m.splitBrainNs());
        assertEquals(List.of(new FlapCount("p1", "vrrp/VI_1", 2), new FlapCount("p2", "vrrp/VI_1", 3)), m.flaps());
    }

    @Test @DisplayName("changes within one instant are not split brain; cluster roles count ACTIVE (protocol-facts §4)")
    void sameInstantHandOverAndCluster() {
        TraceBuilder t = new TraceBuilder()
                .state(Time.s(1), "a", "vrrp/VI_1", "BACKUP", "MASTER")
                .state(Time.s(5), "b", "vrrp/VI_1", "BACKUP", "MASTER")
                .state(Time.s(5), "a", "vrrp/VI_1", "MASTER", "BACKUP")
                .state(Time.s(2), "a", "cluster/aws", "STANDBY", "ACTIVE")
                .state(Time.s(22), "c", "cluster/aws", "STANDBY", "ACTIVE");
        RunMetrics m = metrics(t, Time.s(30));
        RoleOwnership cluster = m.roles().get(0);
        RoleOwnership vrrp = m.roles().get(1);
        assertEquals("cluster/aws", cluster.machine());
        assertEquals(Time.s(8), cluster.splitBrainNs(), "both ACTIVE from 22 s to the end at 30 s");
        assertEquals(0, vrrp.splitBrainNs());
        assertEquals(List.of("b"), vrrp.timeline().get(vrrp.timeline().size() - 1).owners());
    }

    @Test @DisplayName("route changes are followed from the kernel's 'ip route' log lines")
    void routesFromLogLines() {
        TraceBuilder t = new TraceBuilder()
                .log(Time.s(4), "main", "kernel", "ip route replace default via 192.168.0.254 dev eth0")
                .log(Time.s(9), "main", "kernel", "ip route del default")
                .log(Time.s(12), "main", "kernel", "ip route add default dev ppp0");
        List<StateSegment> routes = metrics(t, Time.s(20)).states();
        assertEquals(List.of(
                new StateSegment("main", "route/default", "via 192.168.0.254 dev eth0", Time.s(4), Time.s(9)),
                new StateSegment("main", "route/default", "absent", Time.s(9), Time.s(12)),
                new StateSegment("main", "route/default", "dev ppp0", Time.s(12), Time.s(20))), routes);
    }
}
