package org.nettwin.protocols.ipsec;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.nettwin.protocols.codec.MalformedPacketException;

/**
 * ESP packets (RFC 4303 §2) protected by AES-GCM with a 16-octet ICV (RFC 4106):
 * <pre>
 *   SPI (4) | Sequence Number (4) | IV (8) | ciphertext of [payload | padding | pad length | next header] | ICV (16)
 * </pre>
 * The GCM nonce is the SA's 4-octet salt followed by the 8-octet IV (RFC 4106 §4); the AAD is SPI and the
 * 32-bit sequence number (§5, no extended sequence numbers). GCM needs no block alignment, so padding only
 * aligns the trailer to 4 octets (RFC 4106 §3.2, RFC 4303 §2.4), with the bytes 1, 2, 3 (§2.4).
 */
public final class Esp {
    public static final int HEADER_LENGTH = 8;
    public static final int IV_LENGTH = 8;
    public static final int ICV_LENGTH = 16;
    /** Next header values (IANA protocol numbers): IPv4 in tunnel mode, and "no next header" for dummy packets. */
    public static final int NEXT_IPV4 = 4, NEXT_NONE = 59;
    /** Worst-case bytes ESP adds to an inner packet: header, IV, up to 3 padding bytes, trailer and ICV. */
    public static final int MAX_OVERHEAD = HEADER_LENGTH + IV_LENGTH + 3 + 2 + ICV_LENGTH;

    private static final int TAG_BITS = ICV_LENGTH * 8;

    /** One direction's keying material: an AES key (16, 24 or 32 octets) and the 4-octet nonce salt. */
    public record Keys(byte[] key, byte[] salt) {
        public Keys {
            if (key.length != 16 && key.length != 24 && key.length != 32) throw new IllegalArgumentException("AES key of " + key.length + " octets");
            if (salt.length != 4) throw new IllegalArgumentException("GCM salt must be 4 octets, not " + salt.length);
            key = key.clone();
            salt = salt.clone();
        }
    }

    /** A decrypted packet: what the receiver learned from the header and the trailer. */
    public record Opened(int spi, int sequence, int nextHeader, byte[] payload) {}

    private Esp() {}

    /** Builds an ESP packet: {@code payload} (an inner IPv4 packet in tunnel mode) encrypted under {@code keys}. */
    public static byte[] seal(Keys keys, int spi, int sequence, byte[] iv, int nextHeader, byte[] payload) {
        if (iv.length != IV_LENGTH) throw new IllegalArgumentException("ESP GCM IV must be 8 octets");
        int padLength = (4 - (payload.length + 2) % 4) % 4;
        byte[] plain = Arrays.copyOf(payload, payload.length + padLength + 2);
        for (int i = 0; i < padLength; i++) plain[payload.length + i] = (byte) (i + 1);
        plain[plain.length - 2] = (byte) padLength;
        plain[plain.length - 1] = (byte) nextHeader;
        byte[] header = header(spi, sequence);
        byte[] sealed = aead(Cipher.ENCRYPT_MODE, keys, iv, header, plain);
        byte[] out = new byte[HEADER_LENGTH + IV_LENGTH + sealed.length];
        System.arraycopy(header, 0, out, 0, HEADER_LENGTH);
        System.arraycopy(iv, 0, out, HEADER_LENGTH, IV_LENGTH);
        System.arraycopy(sealed, 0, out, HEADER_LENGTH + IV_LENGTH, sealed.length);
        return out;
    }

    public static int peekSpi(byte[] esp) {
        requireLength(esp);
        return readInt(esp, 0);
    }

    public static int peekSequence(byte[] esp) {
        requireLength(esp);
        return readInt(esp, 4);
    }

    /**
     * Verifies and decrypts an ESP packet. Returns null when the ICV does not verify (wrong key, altered
     * bytes); throws {@link MalformedPacketException} when the packet is too short or its trailer is invalid.
     */
    public static Opened open(Keys keys, byte[] esp) {
        requireLength(esp);
        byte[] header = Arrays.copyOf(esp, HEADER_LENGTH);
        byte[] iv = Arrays.copyOfRange(esp, HEADER_LENGTH, HEADER_LENGTH + IV_LENGTH);
        byte[] sealed = Arrays.copyOfRange(esp, HEADER_LENGTH + IV_LENGTH, esp.length);
        byte[] plain;
        try {
            plain = aead(Cipher.DECRYPT_MODE, keys, iv, header, sealed);
        } catch (IcvMismatch e) {
            return null;
        }
        int padLength = plain[plain.length - 2] & 0xff;
        int payloadLength = plain.length - 2 - padLength;
        if (payloadLength < 0) throw new MalformedPacketException("ESP pad length " + padLength + " exceeds the payload");
        for (int i = 0; i < padLength; i++) {
            if ((plain[payloadLength + i] & 0xff) != i + 1) throw new MalformedPacketException("ESP padding byte " + (i + 1) + " is " + (plain[payloadLength + i] & 0xff));
        }
        return new Opened(readInt(esp, 0), readInt(esp, 4), plain[plain.length - 1] & 0xff, Arrays.copyOf(plain, payloadLength));
    }

    /** The AES-GCM core of RFC 4106: nonce = salt | IV, AAD = SPI | sequence number; returns ciphertext | ICV. */
    static byte[] aead(int mode, Keys keys, byte[] iv, byte[] aad, byte[] input) {
        byte[] nonce = new byte[12];
        System.arraycopy(keys.salt(), 0, nonce, 0, 4);
        System.arraycopy(iv, 0, nonce, 4, IV_LENGTH);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IcvMismatch();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable in this JDK", e);
        }
    }

    /** The integrity check failed: not a malformed packet but one this SA did not produce. */
    static final class IcvMismatch extends RuntimeException {
        IcvMismatch() { super("ESP ICV mismatch", null, false, false); }
    }

    private static byte[] header(int spi, int sequence) {
        byte[] h = new byte[HEADER_LENGTH];
        writeInt(h, 0, spi);
        writeInt(h, 4, sequence);
        return h;
    }

    private static void requireLength(byte[] esp) {
        if (esp.length < HEADER_LENGTH + IV_LENGTH + ICV_LENGTH + 2) throw new MalformedPacketException("ESP packet of " + esp.length + " bytes is too short");
    }

    static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
