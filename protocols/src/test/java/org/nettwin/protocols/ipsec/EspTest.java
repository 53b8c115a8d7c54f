package org.nettwin.protocols.ipsec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.testkit.Hex;

/** ESP with AES-GCM (RFC 4303 §2, RFC 4106), against the published test vectors of draft-mcgrew-gcm-test-01. */
class EspTest {
    // draft-mcgrew-gcm-test-01 case #7: AES-192, 32-bit sequence number, TCP packet with a 2-octet ESP trailer.
    private static final Esp.Keys CASE7 = new Esp.Keys(Hex.bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c"), Hex.bytes("cafebabe"));
    private static final int CASE7_SPI = 0x0000a5f8, CASE7_SEQ = 0x0000000a;
    private static final byte[] CASE7_IV = Hex.bytes("facedbaddecaf888");
    private static final byte[] CASE7_PLAIN = Hex.bytes("45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e501016d075680001");
    private static final byte[] CASE7_SEALED = Hex.bytes("a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0"
            + "315b27452144cc7795457b9652037f5318027b5b4cd7a636");

    @Test @DisplayName("RFC 4106 §4-§5 core: nonce = salt|IV, AAD = SPI|seq, ICV 16 (draft-mcgrew-gcm-test-01 #7)")
    void aeadMatchesPublishedVector() {
        byte[] aad = Hex.bytes("0000a5f80000000a");
        assertArrayEquals(CASE7_SEALED, Esp.aead(Cipher.ENCRYPT_MODE, CASE7, CASE7_IV, aad, CASE7_PLAIN));
        assertArrayEquals(CASE7_PLAIN, Esp.aead(Cipher.DECRYPT_MODE, CASE7, CASE7_IV, aad, CASE7_SEALED));
    }

    @Test @DisplayName("RFC 4303 §2 packet: SPI | seq | IV | ciphertext | ICV; the vector's last two plaintext octets are the trailer (pad length 0, next header 1)")
    void sealBuildsWholePacket() {
        byte[] payload = Arrays.copyOf(CASE7_PLAIN, CASE7_PLAIN.length - 2);
        byte[] esp = Esp.seal(CASE7, CASE7_SPI, CASE7_SEQ, CASE7_IV, 1, payload);
        assertEquals("0000a5f8" + "0000000a" + "facedbaddecaf888" + hex(CASE7_SEALED), hex(esp));
        Esp.Opened o = Esp.open(CASE7, esp);
        assertEquals(CASE7_SPI, o.spi());
        assertEquals(CASE7_SEQ, o.sequence());
        assertEquals(1, o.nextHeader());
        assertArrayEquals(payload, o.payload());
    }

    @Test @DisplayName("a flipped bit anywhere after the header fails the ICV: open returns null")
    void tamperingFailsIcv() {
        byte[] esp = Esp.seal(CASE7, CASE7_SPI, CASE7_SEQ, CASE7_IV, 4, new byte[40]);
        for (int i = 4; i < esp.length; i++) {
            byte[] bad = esp.clone();
            bad[i] ^= 0x01;
            assertNull(Esp.open(CASE7, bad), "byte " + i);
        }
    }

    @Test @DisplayName("RFC 4303 §2.4: padding 1, 2, 3... aligns payload + trailer to 4 octets; round trip for lengths 0..200")
    void paddingAndRoundTrip() {
        long seed = 0x4303L;
        SplittableRandom rnd = new SplittableRandom(seed);
        Esp.Keys keys = IpsecTunnel.espKeys(new byte[32], 0x1234);
        for (int len = 0; len <= 200; len++) {
            byte[] payload = new byte[len];
            rnd.nextBytes(payload);
            byte[] esp = Esp.seal(keys, 0x1234, len + 1, SecurityAssociation.ivFor(len + 1), Esp.NEXT_IPV4, payload);
            int encrypted = esp.length - Esp.HEADER_LENGTH - Esp.IV_LENGTH - Esp.ICV_LENGTH;
            assertEquals(0, encrypted % 4, "seed " + seed + " len " + len);
            assertEquals(len + 2 + (4 - (len + 2) % 4) % 4, encrypted, "minimal padding, seed " + seed + " len " + len);
            assertArrayEquals(payload, Esp.open(keys, esp).payload(), "seed " + seed + " len " + len);
        }
    }

    @Test @DisplayName("GCM IV is the sequence number (RFC 4106 §3.1 counter), so it never repeats within an SA")
    void ivIsSequenceNumber() {
        assertEquals("0000000000000001", hex(SecurityAssociation.ivFor(1)));
        assertEquals("00000000ffffffff", hex(SecurityAssociation.ivFor(-1)));
        SecurityAssociation sa = new SecurityAssociation(0x100, CASE7, 0);
        byte[] first = sa.seal(Esp.NEXT_IPV4, new byte[20]);
        byte[] second = sa.seal(Esp.NEXT_IPV4, new byte[20]);
        assertEquals("000000010000000000000001", hex(Arrays.copyOfRange(first, 4, 16)));
        assertEquals("000000020000000000000002", hex(Arrays.copyOfRange(second, 4, 16)));
    }

    @Test @DisplayName("too short to hold header, IV, trailer and ICV: malformed")
    void tooShort() {
        assertThrows(MalformedPacketException.class, () -> Esp.open(CASE7, new byte[8 + 8 + 16 + 1]));
    }

    private static String hex(byte[] b) { return java.util.HexFormat.of().formatHex(b); }
}
