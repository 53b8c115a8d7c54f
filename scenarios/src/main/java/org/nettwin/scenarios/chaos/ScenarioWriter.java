package org.nettwin.scenarios.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nettwin.scenarios.spec.CaptureSpec;
import org.nettwin.scenarios.spec.EventSpec;
import org.nettwin.scenarios.spec.ExpectSpec;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.scenarios.spec.ProbeSpec;
import org.nettwin.scenarios.spec.ScenarioAction;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.scenarios.spec.TracerouteSpec;
import org.nettwin.topologies.BurstLossSpec;
import org.nettwin.topologies.ImpairmentPatch;
import org.nettwin.topologies.yaml.Units;

/**
 * Writes a {@link ScenarioSpec} back as a scenario file (docs/scenario-format.md) that
 * {@link org.nettwin.scenarios.spec.ScenarioLoader} reads into the same run: same topology (by a path
 * relative to the written file), seed, duration, probes with every field spelt out, events in their order,
 * capture and expectations. Strings are always double-quoted, so names such as "r1:eth1" stay strings.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {}

    /** Writes {@code spec} to {@code file}, {@code comments} first as {@code #} lines. */
    public static void write(ScenarioSpec spec, Path file, List<String> comments) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Files.writeString(file, toYaml(spec, dir, comments), StandardCharsets.UTF_8);
    }

    /** The file's text; the topology path is relative to {@code dir}, where the file will live. */
    public static String toYaml(ScenarioSpec spec, Path dir, List<String> comments) {
        List<String> out = new ArrayList<>();
        for (String c : comments) for (String line : c.split("\n", -1)) out.add(("# " + line).stripTrailing());
        out.add("name: " + quote(spec.name()));
        out.add("topology: " + quote(relative(dir, spec.topology().file())));
        out.add("seed: " + spec.seed());
        out.add("duration: " + Units.formatDuration(spec.durationNs()));
        capture(spec.capture()).ifPresent(c -> out.add("capture: " + c));
        if (!spec.probes().isEmpty()) {
            out.add("probes:");
            for (ProbeSpec p : spec.probes()) out.add("  - " + probe(p));
        }
        if (!spec.events().isEmpty()) {
            out.add("events:");
            for (EventSpec e : spec.events()) out.add("  - " + event(e));
        }
        if (!spec.expectations().isEmpty()) {
            out.add("expect:");
            for (ExpectSpec x : spec.expectations()) out.add("  - " + expectation(x));
        }
        return String.join("\n", out) + "\n";
    }

    private static String relative(Path dir, Path target) {
        Path t = target.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        // Different roots (another drive) cannot be relative; an absolute path still loads.
        String path = t.getRoot() != null && t.getRoot().equals(d.getRoot()) ? d.relativize(t).toString() : t.toString();
        return path.replace('\\', '/');
    }

    private static Optional<String> capture(CaptureSpec c) {
        if (c.all()) return Optional.of("all");
        if (c.links().isEmpty()) return Optional.empty();
        return Optional.of("[" + String.join(", ", c.links().stream().map(ScenarioWriter::quote).toList()) + "]");
    }

    private static String probe(ProbeSpec probe) {
        if (probe instanceof TracerouteSpec t) {
            return "traceroute: { name: " + quote(t.name()) + ", from: " + quote(t.from()) + ", to: " + t.to() + ", start: "
                    + Units.formatDuration(t.startNs()) + ", max-hops: " + t.maxHops() + ", wait: " + Units.formatDuration(t.waitNs()) + " }";
        }
        PingSpec p = (PingSpec) probe;
        List<String> keys = new ArrayList<>(List.of(
                "name: " + quote(p.name()), "from: " + quote(p.from()), "to: " + p.to(),
                "start: " + Units.formatDuration(p.startNs()), "interval: " + Units.formatDuration(p.intervalNs()),
                "count: " + p.count(), "size: " + p.size(), "timeout: " + Units.formatDuration(p.timeoutNs()),
                "style: " + p.style().name().toLowerCase(Locale.ROOT)));
        if (p.sourceInterface() != null) keys.add("source: " + quote(p.sourceInterface()));
        return "ping: { " + String.join(", ", keys) + " }";
    }

    private static String event(EventSpec e) {
        List<String> keys = new ArrayList<>();
        keys.add("at: " + Units.formatDuration(e.atNs()));
        ScenarioAction a = e.action();
        if (a instanceof ScenarioAction.LinkAdmin la) {
            keys.add((la.up() ? "link-up: " : "link-down: ") + quote(la.link()));
        } else if (a instanceof ScenarioAction.LinkCut c) {
            keys.add("cut: " + quote(c.link()));
            from(c.fromNode(), keys);
        } else if (a instanceof ScenarioAction.LinkHeal h) {
            keys.add("heal: " + quote(h.link()));
            from(h.fromNode(), keys);
        } else if (a instanceof ScenarioAction.LinkImpair im) {
            keys.add("impair: " + quote(im.link()));
            from(im.fromNode(), keys);
            impairment(im.patch(), keys);
        } else if (a instanceof ScenarioAction.NodeCommand nc) {
            keys.add("run: " + quote(nc.command()));
            keys.add("on: " + quote(nc.node()));
        } else {
            throw new IllegalStateException("scenario action not written: " + a);
        }
        return "{ " + String.join(", ", keys) + " }";
    }

    private static void from(String node, List<String> keys) {
        if (node != null) keys.add("from: " + quote(node));
    }

    private static void impairment(ImpairmentPatch p, List<String> keys) {
        if (p.delayNs() != null) keys.add("delay: " + Units.formatDuration(p.delayNs()));
        if (p.jitterNs() != null) keys.add("jitter: " + Units.formatDuration(p.jitterNs()));
        if (p.loss() != null) keys.add("loss: " + Units.formatPercent(p.loss()));
        if (p.burst() != null) keys.add("burst-loss: " + burst(p.burst()));
        if (p.rateBps() != null) keys.add("rate: " + Units.formatRate(p.rateBps()));
        if (p.queuePackets() != null) keys.add("queue: " + p.queuePackets());
        if (p.mtu() != null) keys.add("mtu: " + p.mtu());
    }

    private static String burst(BurstLossSpec b) {
        if (b.equals(BurstLossSpec.NONE)) return "none";
        return "{ p-good-bad: " + Units.formatPercent(b.pGoodToBad()) + ", p-bad-good: " + Units.formatPercent(b.pBadToGood())
                + ", loss-good: " + Units.formatPercent(b.lossInGood()) + ", loss-bad: " + Units.formatPercent(b.lossInBad()) + " }";
    }

    private static String expectation(ExpectSpec x) {
        if (x instanceof ExpectSpec.LostAtMost l) return "{ probe: " + quote(l.probe()) + ", lost-at-most: " + l.max() + " }";
        if (x instanceof ExpectSpec.RepliesAtLeast r) return "{ probe: " + quote(r.probe()) + ", replies-at-least: " + r.min() + " }";
        if (x instanceof ExpectSpec.OutageAtMost o) return "{ probe: " + quote(o.probe()) + ", outage-at-most: " + Units.formatDuration(o.maxNs()) + " }";
        throw new IllegalStateException("expectation not written: " + x);
    }

    /** A YAML double-quoted scalar. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
