package org.nettwin.reports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.reports.metrics.TraceQueries;
import org.nettwin.reports.metrics.VrrpTimerModel;
import org.nettwin.reports.model.ExpectationResult;
import org.nettwin.reports.model.LinkCounterRow;
import org.nettwin.reports.model.Prediction;
import org.nettwin.reports.model.ProbeInfo;
import org.nettwin.reports.model.RunData;
import org.nettwin.reports.model.RunInfo;

/**
 * A hand-built run shaped like the seed 000 demo (protocol-facts §8.0 items 1, 2, 4): P1 (priority 150) MASTER after
 * its MDI, keepalived stopped on P1 at 20 s, P2 (priority 100) MASTER skew(100) later, P1 back at 46 s and MASTER
 * again MDI(150) later. A device pings the VIP once a second; seq 20 and 21 are lost around the stop.
 */
public final class SampleRuns {
    public static final long STOP = Time.s(20);
    public static final long RETURN = Time.s(46);

    private SampleRuns() {}

    /** A file under the repository's examples/ directory, found from the working directory upwards. */
    public static Path example(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("examples").resolve(relative);
    }

    public static RunData seed000Demo() {
        VrrpTimerModel p1 = VrrpTimerModel.keepalived(150), p2 = VrrpTimerModel.keepalived(100);
        long p2Master = STOP + p2.takeoverAfterPriorityZeroNs();
        long p1Back = RETURN + p1.masterDownNs();
        TraceBuilder t = new TraceBuilder();
        for (String n : List.of("p1", "p2")) t.state(0, n, "vrrp/VI_1", "INIT", "BACKUP").log(0, n, "Keepalived_vrrp", "(VI_1) Entering BACKUP STATE (init)");
        t.state(p1.masterDownNs(), "p1", "vrrp/VI_1", "BACKUP", "MASTER").log(p1.masterDownNs(), "p1", "Keepalived_vrrp", "(VI_1) Entering MASTER STATE");
        t.log(p1.masterDownNs(), "p1", "kernel", "ip addr add 172.16.0.150/32 dev vxlan0");
        t.fault(STOP, "run", "p1: systemctl stop keepalived");
        t.log(STOP, "p1", "Keepalived_vrrp", "Stopping");
        t.state(STOP, "p1", "vrrp/VI_1", "MASTER", "STOP");
        t.state(p2Master, "p2", "vrrp/VI_1", "BACKUP", "MASTER").log(p2Master, "p2", "Keepalived_vrrp", "(VI_1) Entering MASTER STATE");
        t.fault(RETURN, "run", "p1: systemctl start keepalived");
        t.state(RETURN, "p1", "vrrp/VI_1", "STOP", "BACKUP");
        t.log(RETURN + 1_000_000, "p1", "Keepalived_vrrp", "(VI_1) received lower priority (100) advert from 172.16.0.101 - discarding");
        t.state(p1Back, "p1", "vrrp/VI_1", "BACKUP", "MASTER");
        t.state(p1Back + 300_000, "p2", "vrrp/VI_1", "MASTER", "BACKUP");
        t.log(p1Back + 300_000, "p2", "Keepalived_vrrp", "(VI_1) Master received advert from 172.16.0.100 with higher priority 150, ours 100");
        t.log(Time.s(30), "p2", "kernel", "ip route replace 172.16.0.0/16 dev vxlan0");
        t.log(Time.ms(500), "device", "ping/vip", "PING 172.16.0.150 (172.16.0.150) 56(84) bytes of data.");
        for (int seq = 1; seq <= 58; seq++) {
            long sent = Time.s(seq);
            if (seq == 20 || seq == 21) {
                t.timeout("vip", seq, sent, Time.s(2));
                t.linkDrop(sent + Time.ms(1), "vpg-p1", DropReason.LINK_DOWN);
            } else {
                long rtt = Time.ms(20) + (seq % 7) * Time.us(850);
                t.reply("vip", seq, sent, rtt);
                t.log(sent + rtt, "device", "ping/vip", "64 bytes from 172.16.0.150: icmp_seq=" + seq + " ttl=64 time=" + (rtt / 100_000) / 10.0 + " ms");
            }
        }
        for (int i = 0; i < 12; i++) t.linkDrop(Time.s(30) + i * Time.ms(400), "p1-p2", i % 3 == 0 ? DropReason.QUEUE_FULL : DropReason.LOSS);
        List<TraceRecord> trace = t.build();
        List<Prediction> predictions = List.of(
                new Prediction("cold start: P1 MASTER after MDI(150)", p1.masterDownNs(), TraceQueries.firstEntry(trace, 0, "p1", "vrrp/VI_1", "MASTER"), VrrpTimerModel.SOURCE),
                new Prediction("stop P1: P2 MASTER after Skew_Time(100)", p2.takeoverAfterPriorityZeroNs(), TraceQueries.delayUntil(trace, STOP, "p2", "vrrp/VI_1", "MASTER"), VrrpTimerModel.SOURCE),
                new Prediction("P1 returns: preempts after MDI(150)", p1.masterDownNs(), TraceQueries.delayUntil(trace, RETURN, "p1", "vrrp/VI_1", "MASTER"), VrrpTimerModel.SOURCE),
                new Prediction("ping loss during P2 takeover (upper bound)", Time.s(1), null, "protocol-facts §8.0"));
        RunInfo info = new RunInfo("seed000-demo", "examples/seed000/demo.scenario.yml", 42L, Time.s(60), "3f2a9c", false,
                List.of(new ProbeInfo("vip", Time.s(1), Time.s(1), 1)), RunData.faultsIn(trace),
                List.of(new ExpectationResult("probe vip loses at most 2 (demo.scenario.yml:20)", true, null),
                        new ExpectationResult("probe vip loses at most 0 (demo.scenario.yml:21)", false,
                                "demo.scenario.yml:21: probe vip lost 2 (seq [20, 21]), expected at most 0 <&\"'>")),
                List.of(new LinkCounterRow("vpg-p1", "A_TO_B", 70, 6860, 68, Map.of("LINK_DOWN", 2L)),
                        new LinkCounterRow("vpg-p1", "B_TO_A", 66, 6468, 66, Map.of()),
                        new LinkCounterRow("p1-p2", "A_TO_B", 120, 4800, 108, Map.of("LOSS", 8L, "QUEUE_FULL", 4L))),
                predictions);
        return new RunData(info, trace);
    }

}
