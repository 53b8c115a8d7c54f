package org.nettwin.sim.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Wireshark's tshark over a capture to check that the frames we build dissect as the protocols they
 * claim to be, with no malformed-packet or bad-checksum expert items. IP and UDP checksum checks are
 * switched on (they are off by default in Wireshark); ICMP checksums are always checked.
 */
public final class Tshark {
    private static final String BINARY = "tshark";
    private static final long TIMEOUT_SECONDS = 60;
    /** Joins repeated field values; a control character cannot occur in an expert message. */
    private static final char AGGREGATOR = '\u001f';

    private static volatile Boolean available;

    private Tshark() {}

    /** Severity of a Wireshark expert item (epan/proto.h PI_* values, bits 20..23). */
    public enum Severity {
        COMMENT(0x00100000), CHAT(0x00200000), NOTE(0x00400000), WARNING(0x00600000), ERROR(0x00800000);

        private final int value;

        Severity(int value) { this.value = value; }

        static Severity of(int value) {
            for (Severity s : values()) if (s.value == (value & 0x00f00000)) return s;
            throw new IllegalArgumentException("unknown expert severity 0x" + Integer.toHexString(value));
        }
    }

    public record Expert(Severity severity, String message) {}

    /** One dissected frame: its number (from 1), the protocol stack ("eth:ethertype:ip:icmp:data") and expert items. */
    public record Frame(int number, String protocols, List<Expert> experts) {}

    public record Dissection(List<Frame> frames) {
        /** The protocol stack of each frame, in order. */
        public List<String> protocolStacks() {
            return frames.stream().map(Frame::protocols).toList();
        }

        /** A dissector threw: Wireshark's "Malformed Packet" (or a _ws.malformed layer). */
        public boolean hasMalformed() {
            return frames.stream().anyMatch(f -> f.protocols().contains("_ws.malformed")
                    || f.experts().stream().anyMatch(e -> e.message().startsWith("Malformed Packet")));
        }

        /** Expert items of warning or error severity (bad checksums, malformed packets), as "frame N: message". */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            for (Frame f : frames) {
                for (Expert e : f.experts()) {
                    if (e.severity().compareTo(Severity.WARNING) >= 0) out.add("frame " + f.number() + ": " + e.severity() + " " + e.message());
                }
            }
            return out;
        }
    }

    /** Whether a working tshark is on the PATH (checked once). */
    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            try {
                known = run(List.of(BINARY, "-v")).exitCode == 0;
            } catch (IOException e) {
                known = false;
            }
            available = known;
        }
        return known;
    }

    /** Dissects every frame of {@code pcap}; fails with tshark's stderr if it exits non-zero or runs over 60 s. */
    public static Dissection dissect(Path pcap) throws IOException {
        Result r = run(List.of(BINARY, "-n", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                "-T", "fields", "-e", "frame.number", "-e", "frame.protocols",
                "-e", "_ws.expert.severity", "-e", "_ws.expert.message",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "quote=n", "-E", "aggregator=" + AGGREGATOR));
        if (r.exitCode != 0) throw new IOException("tshark exited " + r.exitCode + " on " + pcap + ": " + r.stderr.strip());
        List<Frame> frames = new ArrayList<>();
        for (String line : r.stdout.split("\n")) {
            if (!line.isBlank()) frames.add(parseLine(line));
        }
        return new Dissection(List.copyOf(frames));
    }

    private static Frame parseLine(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 4) throw new IllegalStateException("unexpected tshark line: " + line);
        List<Expert> experts = new ArrayList<>();
        if (!fields[2].isEmpty()) {
            String[] severities = fields[2].split(String.valueOf(AGGREGATOR), -1);
            String[] messages = fields[3].split(String.valueOf(AGGREGATOR), -1);
            if (severities.length != messages.length) {
                throw new IllegalStateException("expert severities and messages do not pair up: " + Arrays.toString(severities) + " " + Arrays.toString(messages));
            }
            for (int i = 0; i < severities.length; i++) experts.add(new Expert(Severity.of(Integer.parseInt(severities[i])), messages[i]));
        }
        return new Frame(Integer.parseInt(fields[0]), fields[1], List.copyOf(experts));
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a command with its output in temporary files (no pipe can fill up), bounded by the timeout. */
    private static Result run(List<String> command) throws IOException {
        Path stdout = Files.createTempFile("tshark", ".out");
        Path stderr = Files.createTempFile("tshark", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            boolean finished;
            try {
                finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            }
            if (!finished) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " ran over " + TIMEOUT_SECONDS + " s and was killed: "
                        + text(stderr).strip());
            }
            return new Result(p.exitValue(), text(stdout), text(stderr));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Lenient decoding: a stray non-UTF-8 byte in a dissected string must not hide the result. */
    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
