package org.nettwin.scenarios.spec;

import org.nettwin.topologies.SourcePos;

/**
 * A scenario with every source position (and what is named after one) made the same, so that a scenario loaded
 * from a file and the same scenario written with {@link Scenario} compare equal: they differ only in where each
 * item was written (a file's line and column, or a Java file's line) and, by that, in the file itself and in the
 * names of {@code reachable} expectations' pings ("reachable-LINE").
 */
public final class WithoutPositions {
    private static final SourcePos NOWHERE = new SourcePos("", 0, 0);

    private WithoutPositions() {}

    public static ScenarioSpec of(ScenarioSpec s) {
        return new ScenarioSpec(s.name(), null, s.topology(), s.seed(), s.durationNs(),
                s.probes().stream().map(WithoutPositions::probe).toList(),
                s.events().stream().map(e -> new EventSpec(e.atNs(), e.action(), NOWHERE)).toList(),
                s.capture(),
                s.expectations().stream().map(WithoutPositions::expectation).toList());
    }

    private static ProbeSpec probe(ProbeSpec p) {
        if (p instanceof PingSpec g) {
            return new PingSpec(g.name(), g.from(), g.to(), g.startNs(), g.intervalNs(), g.count(), g.size(), g.timeoutNs(),
                    g.sourceInterface(), g.style(), NOWHERE);
        }
        if (p instanceof TracerouteSpec t) return new TracerouteSpec(t.name(), t.from(), t.to(), t.startNs(), t.maxHops(), t.waitNs(), NOWHERE);
        UdpSpec u = (UdpSpec) p;
        return new UdpSpec(u.name(), u.from(), u.to(), u.receiver(), u.port(), u.sourcePort(), u.intervalNs(), u.size(), u.startNs(),
                u.stopNs(), u.timeoutNs(), NOWHERE);
    }

    private static ExpectSpec expectation(ExpectSpec x) {
        if (x instanceof ExpectSpec.LostAtMost l) return new ExpectSpec.LostAtMost(l.probe(), l.max(), NOWHERE);
        if (x instanceof ExpectSpec.RepliesAtLeast r) return new ExpectSpec.RepliesAtLeast(r.probe(), r.min(), NOWHERE);
        if (x instanceof ExpectSpec.OutageAtMost o) return new ExpectSpec.OutageAtMost(o.probe(), o.maxNs(), NOWHERE);
        if (x instanceof ExpectSpec.VrrpState v) return new ExpectSpec.VrrpState(v.node(), v.instance(), v.state(), v.atNs(), NOWHERE);
        if (x instanceof ExpectSpec.SingleMaster m) return new ExpectSpec.SingleMaster(m.instance(), m.afterNs(), NOWHERE);
        ExpectSpec.Reachable r = (ExpectSpec.Reachable) x;
        PingSpec p = r.ping();
        return new ExpectSpec.Reachable(new PingSpec("reachable", p.from(), p.to(), p.startNs(), p.intervalNs(), p.count(), p.size(),
                p.timeoutNs(), p.sourceInterface(), p.style(), NOWHERE), NOWHERE);
    }
}
