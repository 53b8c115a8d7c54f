package org.nettwin.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.trace.TraceRecord;

/**
 * Running SHA-256 over every record's {@code line() + "\n"}. It feeds the digest the same bytes as
 * TraceRecord.line() (time text, space, node, space, describe()) without building the line, and formats
 * the time once per distinct time.
 */
final class TraceFingerprint {
    private static final byte SPACE = ' ';
    private static final byte NEWLINE = '\n';

    private final MessageDigest digest;
    private long formattedTime = Long.MIN_VALUE;
    private byte[] formattedTimeBytes;

    TraceFingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    void add(TraceRecord record) {
        if (record.time() != formattedTime || formattedTimeBytes == null) {
            formattedTime = record.time();
            formattedTimeBytes = timeText(formattedTime);
        }
        digest.update(formattedTimeBytes);
        digest.update(SPACE);
        digest.update(record.node().getBytes(StandardCharsets.UTF_8));
        digest.update(SPACE);
        digest.update(record.event().describe().getBytes(StandardCharsets.UTF_8));
        digest.update(NEWLINE);
    }

    /**
     * The UTF-8 bytes of {@link Time#format}: whole seconds, '.', nine digits of ns, 's'. Written out by hand
     * because Time.format's String.format costs more than the rest of a trivial event; a test holds the two
     * equal. Negative times (never on the kernel's clock) defer to Time.format.
     */
    static byte[] timeText(long ns) {
        if (ns < 0) return Time.format(ns).getBytes(StandardCharsets.US_ASCII);
        String seconds = Long.toString(ns / Time.S);
        int len = seconds.length();
        byte[] text = new byte[len + 11];
        for (int i = 0; i < len; i++) text[i] = (byte) seconds.charAt(i);
        text[len] = '.';
        long fraction = ns % Time.S;
        for (int i = len + 9; i > len; i--) {
            text[i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        text[len + 10] = 's';
        return text;
    }

    /** Lowercase hex of the digest so far; adding may continue afterwards. */
    String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }
}
