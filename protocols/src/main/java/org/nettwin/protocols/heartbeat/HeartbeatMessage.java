package org.nettwin.protocols.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nettwin.protocols.codec.MalformedPacketException;

/**
 * One Heartbeat cluster message in its wire form (lib/clplumbing ha_msg string form): {@code >>>} and
 * {@code <<<} lines around {@code name=value} lines, the last field being {@code auth=INDEX DIGEST}. The
 * digest authenticates every field before it with the authkeys secret; the twin computes it as HMAC-SHA1
 * (key index 1, "1 sha1 SECRET" as Vyatta writes authkeys).
 *
 * <p>Fields used: {@code t} (type: status, shutdown, and nice_failback's starting and resource), {@code st}
 * (node status), {@code src} (sender's uname), {@code seq} (hex), {@code hg} (the sender's heartbeat generation,
 * hex: one more at every start of the daemon, heartbeat.c IncrGeneration), {@code dt} (the deadtime the sender
 * asks its peers to apply to it, hex ms), {@code rsc_hold} (which resources the sender holds: all or none; Heartbeat
 * sends it in its resource messages, the twin in every message), {@code isstable} (resource messages: 1 once the
 * sender's resource transition is complete).
 */
public record HeartbeatMessage(Map<String, String> fields) {
    public static final String TYPE_STATUS = "status";
    /** T_SHUTDONE (hb_api.h: "shutdone"), the notice that the sender has given up its resources and is leaving. */
    public static final String TYPE_SHUTDONE = "shutdone";
    /** nice_failback (auto_failback off): T_STARTING, sent when communication comes up, asks for a resource report. */
    public static final String TYPE_STARTING = "starting";
    /** nice_failback: T_RESOURCES, the report (rsc_hold, isstable). */
    public static final String TYPE_RESOURCES = "resource";
    static final int AUTH_INDEX = 1;
    private static final String START = ">>>\n", END = "<<<\n";

    public HeartbeatMessage {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String type() { return fields.get("t"); }

    public String source() { return fields.get("src"); }

    public String status() { return fields.get("st"); }

    public boolean holdsResources() { return "all".equals(fields.get("rsc_hold")); }

    public long sequence() { return Long.parseLong(fields.getOrDefault("seq", "0"), 16); }

    /** The sender's heartbeat generation ({@code hg}); 0 when absent, as should_drop_message reads a missing one. */
    public long generation() { return Long.parseLong(fields.getOrDefault("hg", "0"), 16); }

    /** A resource report's {@code isstable}: the sender's resource transition is complete. */
    public boolean stable() { return "1".equals(fields.get("isstable")); }

    /** The deadtime the sender asks for ({@code dt}, hex ms), or {@code orElseNs} when absent or malformed. */
    public long deadtimeNs(long orElseNs) {
        String dt = fields.get("dt");
        if (dt == null) return orElseNs;
        try {
            return Long.parseLong(dt, 16) * 1_000_000L;
        } catch (NumberFormatException e) {
            return orElseNs;
        }
    }

    /** The signed wire form. */
    public byte[] encode(String secret) {
        String body = body(fields);
        String text = START + body + "auth=" + AUTH_INDEX + " " + digest(secret, body) + "\n" + END;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and authenticates a datagram; a bad format or digest throws (Heartbeat drops such packets). */
    /** Fields that hold hex counters: the sequence number and the sender's generation. */
    private static final List<String> HEX_COUNTERS = List.of("seq", "hg");

    public static HeartbeatMessage decode(byte[] datagram, String secret) {
        String text = new String(datagram, StandardCharsets.UTF_8);
        if (!text.startsWith(START) || !text.endsWith(END)) throw new MalformedPacketException("not a Heartbeat message");
        Map<String, String> f = new LinkedHashMap<>();
        String auth = null;
        for (String line : text.substring(START.length(), text.length() - END.length()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) throw new MalformedPacketException("bad Heartbeat field: " + line);
            String name = line.substring(0, eq), value = line.substring(eq + 1);
            if (name.equals("auth")) auth = value;
            else if (auth != null) throw new MalformedPacketException("field after auth: " + name);
            else f.put(name, value);
        }
        if (auth == null) throw new MalformedPacketException("Heartbeat message without auth");
        String expected = AUTH_INDEX + " " + digest(secret, body(f));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), auth.getBytes(StandardCharsets.UTF_8)))
            throw new MalformedPacketException("authentication failed");
        for (String counter : HEX_COUNTERS) {
            String v = f.get(counter);
            // Read as hex longs later (sequence(), generation()): a value that is not one is a malformed message here.
            if (v != null && !v.matches("[0-9a-fA-F]{1,15}")) throw new MalformedPacketException("bad " + counter + " field: " + v);
        }
        return new HeartbeatMessage(f);
    }

    private static String body(Map<String, String> f) {
        StringBuilder sb = new StringBuilder();
        f.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    static String digest(String secret, String body) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(hmac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
