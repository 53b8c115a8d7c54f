package org.nettwin.reports.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;

class TraceLogTest {

    @Test @DisplayName("golden lines in the runner's format read back into typed records")
    void goldenLines() {
        assertEquals(new TraceRecord(12_000_000_000L, "r1", new TraceEvent.StateChanged("vrrp/VI_1", "BACKUP", "MASTER")),
                TraceLog.parse("12.000000000s r1 state vrrp/VI_1 BACKUP->MASTER"));
        assertEquals(new TraceRecord(33_131_000_000L, "client", new TraceEvent.ProbeResult("p1", 34, ProbeOutcome.REPLY, 131_000_000L, Ip4.of(8, 8, 8, 8), "")),
                TraceLog.parse("33.131000000s client probe p1 seq=34 REPLY rtt=131000000ns from=8.8.8.8"));
        assertEquals(new TraceRecord(5, "client", new TraceEvent.ProbeResult("p1", 33, ProbeOutcome.REDIRECT, -1, Ip4.of(192, 168, 0, 1), "Redirect Host(New addr: 192.168.0.254)")),
                TraceLog.parse("0.000000005s client probe p1 seq=33 REDIRECT from=192.168.0.1 Redirect Host(New addr: 192.168.0.254)"));
        assertEquals(new TraceRecord(0, "h1", new TraceEvent.Log("ping/p1", "")), TraceLog.parse("0.000000000s h1 log ping/p1: "));
        assertEquals(new TraceRecord(1, "lan2", new TraceEvent.Dropped("lan2", DropReason.SILENT_CUT, 98, "from=r1:1 in-flight")),
                TraceLog.parse("0.000000001s lan2 drop lan2 SILENT_CUT len=98 from=r1:1 in-flight"));
        assertEquals(new TraceRecord(1, "lan2", new TraceEvent.FrameSent("lan2", "r1:1", 98, 0xdeadbeef)),
                TraceLog.parse("0.000000001s lan2 frame-sent lan2 from=r1:1 len=98 crc=deadbeef"));
        assertEquals(new TraceRecord(2, "r1", new TraceEvent.Diagnostic("warning", "s.yml:12", "`x` exited 1")),
                TraceLog.parse("0.000000002s r1 diag warning s.yml:12: `x` exited 1"));
        assertEquals(new TraceRecord(20_000_000_000L, "p1", new TraceEvent.FaultApplied("run", "p1: systemctl stop keepalived")),
                TraceLog.parse("20.000000000s p1 fault run p1: systemctl stop keepalived"));
        assertEquals(new TraceRecord(3, "r1", new TraceEvent.ProbeResult("vrrp_script chk_up", 1, ProbeOutcome.REPLY, 12_000_000L, Ip4.of(10, 9, 9, 9), "")),
                TraceLog.parse("0.000000003s r1 probe vrrp_script chk_up seq=1 REPLY rtt=12000000ns from=10.9.9.9"));
        assertEquals(new TraceRecord(21_000_000_000L, "p2", new TraceEvent.TimerArmed("vrrp/VI_1/timer", 21_609_375_000L, "skew prio=100 adv=1000000us vrrp=2 keepalived=V2_2")),
                TraceLog.parse("21.000000000s p2 timer-armed vrrp/VI_1/timer deadline=21609375000ns skew prio=100 adv=1000000us vrrp=2 keepalived=V2_2"));
    }

    @Test @DisplayName("property: parse(line(r)) == r for random records of every kind")
    void roundTrip() {
        long seed = 0x5EED_2024L;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 5000; i++) {
            TraceRecord r = new TraceRecord(rnd.nextLong(0, 1L << 50), word(rnd), randomEvent(rnd));
            assertEquals(r, TraceLog.parse(r.line()), "seed " + seed + " iteration " + i + ": " + r.line());
        }
    }

    @Test @DisplayName("a malformed line is an error naming file and line")
    void malformedLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("trace.log");
        Files.writeString(f, "0.000000000s r1 state vrrp/VI_1 INIT->BACKUP\n1.0s r1 nonsense\n");
        ConfigError e = assertThrows(ConfigError.class, () -> TraceLog.read(f));
        assertEquals(2, e.line());
        assertEquals(List.of(), TraceLog.read(write(dir.resolve("empty.log"), "")));
    }

    private static Path write(Path p, String text) throws Exception {
        Files.writeString(p, text);
        return p;
    }

    private static TraceEvent randomEvent(SplittableRandom rnd) {
        return switch (rnd.nextInt(11)) {
            case 0 -> new TraceEvent.FrameSent(word(rnd), word(rnd) + ":" + rnd.nextInt(4), rnd.nextInt(60, 1600), rnd.nextInt());
            case 1 -> new TraceEvent.FrameDelivered(word(rnd), word(rnd) + ":" + rnd.nextInt(4), rnd.nextInt(60, 1600), rnd.nextInt());
            case 2 -> new TraceEvent.Dropped(word(rnd), DropReason.values()[rnd.nextInt(DropReason.values().length)], rnd.nextInt(1600), rnd.nextBoolean() ? "" : text(rnd));
            case 3 -> new TraceEvent.TimerFired(text(rnd));
            case 4 -> new TraceEvent.StateChanged(word(rnd) + "/" + word(rnd), word(rnd).toUpperCase(java.util.Locale.ROOT), word(rnd));
            case 5 -> new TraceEvent.Log(rnd.nextBoolean() ? "Keepalived_vrrp" : "ping/" + word(rnd), rnd.nextInt(5) == 0 ? "" : text(rnd));
            case 6 -> {
                ProbeOutcome o = ProbeOutcome.values()[rnd.nextInt(ProbeOutcome.values().length)];
                yield new TraceEvent.ProbeResult(word(rnd), rnd.nextInt(0, 65536), o, o == ProbeOutcome.REPLY ? rnd.nextLong(0, 1L << 40) : -1,
                        rnd.nextBoolean() ? null : new Ip4(rnd.nextInt()), rnd.nextBoolean() ? "" : text(rnd));
            }
            case 9 -> new TraceEvent.TimerCancelled(word(rnd) + "/" + word(rnd), rnd.nextInt(4) == 0 ? "" : text(rnd));
            case 8 -> new TraceEvent.TimerArmed(word(rnd) + "/" + word(rnd), rnd.nextLong(0, 1L << 50), rnd.nextInt(4) == 0 ? "" : text(rnd));
            case 7 -> new TraceEvent.FaultApplied(word(rnd), rnd.nextInt(4) == 0 ? "" : text(rnd));
            default -> new TraceEvent.Diagnostic(word(rnd), word(rnd) + ".yml:" + rnd.nextInt(100), text(rnd));
        };
    }

    private static String word(SplittableRandom rnd) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_-.";
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(1, 10);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        return sb.toString();
    }

    /** Free text as programs print it: words, punctuation, "(VI_1)", colons, arrows, non-ASCII. */
    private static String text(SplittableRandom rnd) {
        String[] pieces = {"(VI_1)", "Entering", "MASTER", "STATE", "ms", "icmp_seq=3", "a: b", "->", "µs", "—", "=", "x"};
        StringBuilder sb = new StringBuilder(pieces[rnd.nextInt(pieces.length)]);
        int n = rnd.nextInt(0, 6);
        for (int i = 0; i < n; i++) sb.append(' ').append(pieces[rnd.nextInt(pieces.length)]);
        return sb.toString();
    }
}
