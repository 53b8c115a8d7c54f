package org.nettwin.protocols.ipsec;

import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.trace.DropReason;

/**
 * One ESP security association (one direction). Outbound: a 32-bit sequence counter starting at 1
 * (RFC 4303 §3.3.3) that also provides the GCM IV, which RFC 4106 §3.1 allows ("a counter") and which
 * keeps the protocol code free of randomness it would have to take from elsewhere. Inbound: the
 * anti-replay window.
 */
public final class SecurityAssociation {
    private static final long MAX_SEQUENCE = 0xffffffffL;

    private final int spi;
    private final Esp.Keys keys;
    private final long installedAt;
    private long nextSequence = 1;
    private final ReplayWindow window = new ReplayWindow();

    public SecurityAssociation(int spi, Esp.Keys keys, long installedAt) {
        this.spi = spi;
        this.keys = keys;
        this.installedAt = installedAt;
    }

    public int spi() { return spi; }

    public long installedAt() { return installedAt; }

    /** Sequence number the next outbound packet will carry. */
    public long nextSequence() { return nextSequence; }

    /** Outbound: the next ESP packet. The counter must not cycle (§3.3.3): the SA has to be rekeyed first. */
    public byte[] seal(int nextHeader, byte[] payload) {
        if (nextSequence > MAX_SEQUENCE) throw new IllegalStateException("ESP sequence number exhausted on SPI " + hex(spi) + ": rekey required");
        int seq = (int) nextSequence++;
        return Esp.seal(keys, spi, seq, ivFor(seq), nextHeader, payload);
    }

    /** The 8-octet IV for a sequence number: the number itself, big-endian, zero-extended. */
    static byte[] ivFor(int sequence) {
        byte[] iv = new byte[Esp.IV_LENGTH];
        Esp.writeInt(iv, 4, sequence);
        return iv;
    }

    /** What inbound processing made of a packet: the opened packet, or why it was dropped. */
    public record Inbound(Esp.Opened packet, DropReason reason, String detail) {
        static Inbound rejected(DropReason reason, String detail) { return new Inbound(null, reason, detail); }
        public boolean accepted() { return packet != null; }
    }

    /** Inbound: replay check, ICV verification and decryption, then the window update (RFC 4303 §3.4.3–§3.4.4). */
    public Inbound open(byte[] esp) {
        int seq;
        try {
            seq = Esp.peekSequence(esp);
        } catch (MalformedPacketException e) {
            return Inbound.rejected(DropReason.MALFORMED, e.getMessage());
        }
        if (!window.check(seq)) return Inbound.rejected(DropReason.FILTERED, "esp replay spi " + hex(spi) + " seq " + Integer.toUnsignedString(seq));
        Esp.Opened opened;
        try {
            opened = Esp.open(keys, esp);
        } catch (MalformedPacketException e) {
            return Inbound.rejected(DropReason.MALFORMED, e.getMessage());
        }
        if (opened == null) return Inbound.rejected(DropReason.BAD_CHECKSUM, "esp icv mismatch spi " + hex(spi));
        window.accept(seq);
        return new Inbound(opened, null, "");
    }

    static String hex(int spi) { return String.format(java.util.Locale.ROOT, "0x%08x", spi); }
}
