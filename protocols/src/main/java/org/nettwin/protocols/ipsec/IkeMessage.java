package org.nettwin.protocols.ipsec;


/**
 * nettwin's simplified IKE, carried in UDP 500. It is NOT IKEv1 or IKEv2: it keeps only what the twin needs
 * to bring an SA up, rekey it, detect a dead peer and delete it, with no proposals, Diffie-Hellman or
 * encryption of the exchange itself. The octets are ISAKMP-shaped (RFC 2408 §3.1 header, generic payload
 * headers) so that captures dissect cleanly, and the two messages with a standard form use it:
 * <ul>
 *   <li>INIT request/response: Identity Protection exchange, a Vendor ID payload "nettwin-ike1" + kind,
 *       then a 16-octet Nonce payload;</li>
 *   <li>AUTH request/response: Identity Protection exchange, Vendor ID + kind + the sender's inbound ESP
 *       SPI, then a Hash payload with HMAC-SHA256 proof of the pre-shared key;</li>
 *   <li>R-U-THERE / R-U-THERE-ACK (RFC 3706 §6): Informational exchange, Notify payload, DOI IPsec,
 *       protocol ISAKMP, SPI = the two cookies, type 36136 / 36137, data = 32-bit sequence number;</li>
 *   <li>DELETE (RFC 2408 §3.15): Informational exchange, Delete payload for one ESP SPI.</li>
 * </ul>
 * Informational messages are sent unencrypted (flags 0), which a real IKE never does.
 */
public sealed interface IkeMessage {
    int PORT = 500;
    int R_U_THERE = 36136, R_U_THERE_ACK = 36137;

    long initiatorCookie();

    long responderCookie();

    byte[] encode();

    /** Opens an exchange; the response carries the responder's cookie and nonce. */
    record Init(long initiatorCookie, long responderCookie, boolean response, byte[] nonce) implements IkeMessage {
        public Init { nonce = nonce.clone(); }
        public byte[] encode() {
            return IsakmpCodec.message(initiatorCookie, responderCookie, IsakmpCodec.EXCH_IDENTITY_PROTECTION, 0,
                    IsakmpCodec.payload(IsakmpCodec.VID, IsakmpCodec.vendorBody(response ? IsakmpCodec.KIND_INIT_RESPONSE : IsakmpCodec.KIND_INIT_REQUEST, null)),
                    IsakmpCodec.payload(IsakmpCodec.NONCE, nonce));
        }
    }

    /** Proves the pre-shared key and names the ESP SPI the sender will receive on. */
    record Auth(long initiatorCookie, long responderCookie, boolean response, int inboundSpi, byte[] proof) implements IkeMessage {
        public Auth { proof = proof.clone(); }
        public byte[] encode() {
            byte[] spi = new byte[4];
            Esp.writeInt(spi, 0, inboundSpi);
            return IsakmpCodec.message(initiatorCookie, responderCookie, IsakmpCodec.EXCH_IDENTITY_PROTECTION, 0,
                    IsakmpCodec.payload(IsakmpCodec.VID, IsakmpCodec.vendorBody(response ? IsakmpCodec.KIND_AUTH_RESPONSE : IsakmpCodec.KIND_AUTH_REQUEST, spi)),
                    IsakmpCodec.payload(IsakmpCodec.HASH, proof));
        }
    }

    /** RFC 3706 keepalive: R-U-THERE, or its ACK echoing the sequence number. */
    record Dpd(long initiatorCookie, long responderCookie, boolean ack, int sequence) implements IkeMessage {
        public byte[] encode() {
            byte[] body = new byte[8 + 16 + 4];
            Esp.writeInt(body, 0, IsakmpCodec.DOI_IPSEC);
            body[4] = IsakmpCodec.PROTO_ISAKMP;
            body[5] = 16;
            int type = ack ? R_U_THERE_ACK : R_U_THERE;
            body[6] = (byte) (type >>> 8);
            body[7] = (byte) type;
            IsakmpCodec.writeLong(body, 8, initiatorCookie);
            IsakmpCodec.writeLong(body, 16, responderCookie);
            Esp.writeInt(body, 24, sequence);
            return IsakmpCodec.message(initiatorCookie, responderCookie, IsakmpCodec.EXCH_INFORMATIONAL, sequence, IsakmpCodec.payload(IsakmpCodec.NOTIFY, body));
        }
    }

    /** The sender removed the ESP SA it receives on ({@code spi}): the tunnel is going away. */
    record Delete(long initiatorCookie, long responderCookie, int spi) implements IkeMessage {
        public byte[] encode() {
            byte[] body = new byte[8 + 4];
            Esp.writeInt(body, 0, IsakmpCodec.DOI_IPSEC);
            body[4] = IsakmpCodec.PROTO_ESP;
            body[5] = 4;
            body[7] = 1;
            Esp.writeInt(body, 8, spi);
            return IsakmpCodec.message(initiatorCookie, responderCookie, IsakmpCodec.EXCH_INFORMATIONAL, spi, IsakmpCodec.payload(IsakmpCodec.DELETE, body));
        }
    }

    static IkeMessage decode(byte[] b) {
        return IsakmpCodec.decode(b);
    }
}
