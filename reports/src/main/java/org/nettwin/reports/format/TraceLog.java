package org.nettwin.reports.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.ProbeOutcome;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.protocols.value.Ip4;

/**
 * trace.log, one {@link TraceRecord#line()} per line ("12.000000000s r1 state vrrp/VI_1 BACKUP->MASTER"), read back
 * into typed records. The reverse of each {@code describe()} lives here, in one place, so a report can be rebuilt
 * from a run directory written by any runner. Free text (log text, drop and probe details) is taken as the rest
 * of the line; a program name never contains ": ", node, link and machine names never a space, and a probe name
 * (which may: "vrrp_script chk_up") never " seq=". The one
 * ambiguity of the format: a probe detail that itself began with "from=a.b.c.d" or "rtt=" would be misread; ping
 * details never do.
 */
public final class TraceLog {
    public static final String FILE = "trace.log";

    private static final Pattern LINE = Pattern.compile("(-?)(\\d+)\\.(\\d{9})s (\\S+) (\\S+) ?(.*)", Pattern.DOTALL);
    private static final Pattern FRAME_SENT = Pattern.compile("(.+) from=(\\S+) len=(\\d+) crc=([0-9a-f]{1,8})");
    private static final Pattern FRAME_DELIVERED = Pattern.compile("(.+) to=(\\S+) len=(\\d+) crc=([0-9a-f]{1,8})");
    private static final Pattern DROP = Pattern.compile("(\\S+) ([A-Z_]+) len=(\\d+)(?: (.*))?", Pattern.DOTALL);
    private static final Pattern TIMER_ARMED = Pattern.compile("(\\S+) deadline=(-?\\d+)ns(?: (.*))?", Pattern.DOTALL);
    private static final Pattern STATE = Pattern.compile("(\\S+) (.*?)->(.*)");
    private static final Pattern LOG = Pattern.compile("(.*?): (.*)", Pattern.DOTALL);
    private static final Pattern PROBE = Pattern.compile(
            "(.+?) seq=(-?\\d+) ([A-Z_]+)(?: rtt=(\\d+)ns)?(?: from=(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}))?(?: (.*))?", Pattern.DOTALL);
    /** "NAME rest-of-line": fault actions and cancelled timers. */
    private static final Pattern NAME_AND_REST = Pattern.compile("(\\S+) ?(.*)", Pattern.DOTALL);
    private static final Pattern DIAG = Pattern.compile("(\\S+) (.*?): (.*)", Pattern.DOTALL);

    private TraceLog() {}

    /** The file text: every record's line, each ended by a newline. */
    public static String format(List<TraceRecord> trace) {
        StringBuilder sb = new StringBuilder();
        for (TraceRecord r : trace) sb.append(r.line()).append('\n');
        return sb.toString();
    }

    /** Reads a trace.log; a line it cannot read is an error naming file and line. */
    public static List<TraceRecord> read(Path file) throws IOException, ConfigError {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<TraceRecord> out = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            lineNo++;
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isEmpty()) continue;
            try {
                out.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new ConfigError(file.toString(), lineNo, 1, e.getMessage(), "trace.log lines are \"TIME NODE EVENT\" as the runner writes them");
            }
        }
        return out;
    }

    /** One line back into a record; IllegalArgumentException says what does not fit. */
    public static TraceRecord parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) throw new IllegalArgumentException("not a trace line: '" + line + "'");
        long time = Long.parseLong(m.group(2)) * 1_000_000_000L + Long.parseLong(m.group(3));
        if (!m.group(1).isEmpty()) time = -time;
        return new TraceRecord(time, m.group(4), event(m.group(5), m.group(6)));
    }

    private static TraceEvent event(String kind, String rest) {
        return switch (kind) {
            case "frame-sent" -> {
                Matcher m = match(FRAME_SENT, kind, rest);
                yield new TraceEvent.FrameSent(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseUnsignedInt(m.group(4), 16));
            }
            case "frame-delivered" -> {
                Matcher m = match(FRAME_DELIVERED, kind, rest);
                yield new TraceEvent.FrameDelivered(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseUnsignedInt(m.group(4), 16));
            }
            case "drop" -> {
                Matcher m = match(DROP, kind, rest);
                yield new TraceEvent.Dropped(m.group(1), DropReason.valueOf(m.group(2)), Integer.parseInt(m.group(3)), orEmpty(m.group(4)));
            }
            case "timer" -> new TraceEvent.TimerFired(rest);
            case "timer-cancelled" -> {
                Matcher m = match(NAME_AND_REST, kind, rest);
                yield new TraceEvent.TimerCancelled(m.group(1), m.group(2));
            }
            case "timer-armed" -> {
                Matcher m = match(TIMER_ARMED, kind, rest);
                yield new TraceEvent.TimerArmed(m.group(1), Long.parseLong(m.group(2)), orEmpty(m.group(3)));
            }
            case "state" -> {
                Matcher m = match(STATE, kind, rest);
                yield new TraceEvent.StateChanged(m.group(1), m.group(2), m.group(3));
            }
            case "log" -> {
                Matcher m = match(LOG, kind, rest);
                yield new TraceEvent.Log(m.group(1), m.group(2));
            }
            case "probe" -> {
                Matcher m = match(PROBE, kind, rest);
                yield new TraceEvent.ProbeResult(m.group(1), Integer.parseInt(m.group(2)), ProbeOutcome.valueOf(m.group(3)),
                        m.group(4) == null ? -1 : Long.parseLong(m.group(4)), m.group(5) == null ? null : Ip4.parse(m.group(5)), orEmpty(m.group(6)));
            }
            case "fault" -> {
                Matcher m = match(NAME_AND_REST, kind, rest);
                yield new TraceEvent.FaultApplied(m.group(1), m.group(2));
            }
            case "diag" -> {
                Matcher m = match(DIAG, kind, rest);
                yield new TraceEvent.Diagnostic(m.group(1), m.group(2), m.group(3));
            }
            default -> throw new IllegalArgumentException("unknown trace event kind '" + kind + "'");
        };
    }

    private static Matcher match(Pattern p, String kind, String rest) {
        Matcher m = p.matcher(rest);
        if (!m.matches()) throw new IllegalArgumentException("malformed '" + kind + "' event: '" + rest + "'");
        return m;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
