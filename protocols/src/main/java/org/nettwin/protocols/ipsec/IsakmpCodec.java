package org.nettwin.protocols.ipsec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.ipsec.IkeMessage.Auth;
import org.nettwin.protocols.ipsec.IkeMessage.Delete;
import org.nettwin.protocols.ipsec.IkeMessage.Dpd;
import org.nettwin.protocols.ipsec.IkeMessage.Init;

/** The ISAKMP framing shared by all messages. */
final class IsakmpCodec {
    static final int HEADER_LENGTH = 28;
    static final int VERSION_1_0 = 0x10;
    static final int EXCH_IDENTITY_PROTECTION = 2, EXCH_INFORMATIONAL = 5;
    static final int HASH = 8, NONCE = 10, NOTIFY = 11, DELETE = 12, VID = 13;
    static final int DOI_IPSEC = 1;
    static final byte PROTO_ISAKMP = 1, PROTO_ESP = 3;
    static final byte[] VENDOR_TAG = "nettwin-ike1".getBytes(StandardCharsets.US_ASCII);
    static final int KIND_INIT_REQUEST = 1, KIND_INIT_RESPONSE = 2, KIND_AUTH_REQUEST = 3, KIND_AUTH_RESPONSE = 4;

    record Payload(int type, byte[] body) {}

    private IsakmpCodec() {}

    static Payload payload(int type, byte[] body) { return new Payload(type, body); }

    static byte[] vendorBody(int kind, byte[] extra) {
        byte[] b = Arrays.copyOf(VENDOR_TAG, VENDOR_TAG.length + 1 + (extra == null ? 0 : extra.length));
        b[VENDOR_TAG.length] = (byte) kind;
        if (extra != null) System.arraycopy(extra, 0, b, VENDOR_TAG.length + 1, extra.length);
        return b;
    }

    static byte[] message(long icookie, long rcookie, int exchange, int messageId, Payload... payloads) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < payloads.length; i++) {
            int next = i + 1 < payloads.length ? payloads[i + 1].type() : 0;
            int len = 4 + payloads[i].body().length;
            body.write(next);
            body.write(0);
            body.write(len >>> 8);
            body.write(len);
            body.writeBytes(payloads[i].body());
        }
        byte[] out = new byte[HEADER_LENGTH + body.size()];
        writeLong(out, 0, icookie);
        writeLong(out, 8, rcookie);
        out[16] = (byte) payloads[0].type();
        out[17] = (byte) VERSION_1_0;
        out[18] = (byte) exchange;
        Esp.writeInt(out, 20, messageId);
        Esp.writeInt(out, 24, out.length);
        System.arraycopy(body.toByteArray(), 0, out, HEADER_LENGTH, body.size());
        return out;
    }

    static IkeMessage decode(byte[] b) {
        if (b.length < HEADER_LENGTH) throw new MalformedPacketException("IKE message of " + b.length + " bytes");
        if ((b[17] & 0xff) != VERSION_1_0) throw new MalformedPacketException("IKE version 0x" + Integer.toHexString(b[17] & 0xff));
        int length = Esp.readInt(b, 24);
        if (length != b.length) throw new MalformedPacketException("IKE length " + length + " but " + b.length + " bytes");
        long icookie = readLong(b, 0), rcookie = readLong(b, 8);
        List<Payload> payloads = new ArrayList<>();
        int next = b[16] & 0xff, off = HEADER_LENGTH;
        while (next != 0) {
            if (off + 4 > b.length) throw new MalformedPacketException("IKE payload header past the end");
            int len = (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
            if (len < 4 || off + len > b.length) throw new MalformedPacketException("IKE payload length " + len);
            payloads.add(new Payload(next, Arrays.copyOfRange(b, off + 4, off + len)));
            next = b[off] & 0xff;
            off += len;
        }
        if (payloads.isEmpty()) throw new MalformedPacketException("IKE message without payloads");
        return switch (b[18] & 0xff) {
            case EXCH_IDENTITY_PROTECTION -> negotiation(icookie, rcookie, payloads);
            case EXCH_INFORMATIONAL -> informational(icookie, rcookie, payloads.get(0));
            default -> throw new MalformedPacketException("IKE exchange type " + (b[18] & 0xff));
        };
    }

    private static IkeMessage negotiation(long icookie, long rcookie, List<Payload> payloads) {
        Payload vid = payloads.get(0);
        int tag = VENDOR_TAG.length;
        if (vid.type() != VID || vid.body().length < tag + 1 || !Arrays.equals(vid.body(), 0, tag, VENDOR_TAG, 0, tag))
            throw new MalformedPacketException("not a nettwin-ike message");
        if (payloads.size() != 2) throw new MalformedPacketException("nettwin-ike negotiation needs 2 payloads");
        int kind = vid.body()[tag];
        byte[] second = payloads.get(1).body();
        return switch (kind) {
            case KIND_INIT_REQUEST, KIND_INIT_RESPONSE -> new Init(icookie, rcookie, kind == KIND_INIT_RESPONSE, second);
            case KIND_AUTH_REQUEST, KIND_AUTH_RESPONSE -> {
                if (vid.body().length != tag + 5) throw new MalformedPacketException("AUTH without SPI");
                yield new Auth(icookie, rcookie, kind == KIND_AUTH_RESPONSE, Esp.readInt(vid.body(), tag + 1), second);
            }
            default -> throw new MalformedPacketException("nettwin-ike kind " + kind);
        };
    }

    private static IkeMessage informational(long icookie, long rcookie, Payload p) {
        byte[] b = p.body();
        if (p.type() == NOTIFY && b.length == 28 && b[5] == 16) {
            int type = (b[6] & 0xff) << 8 | (b[7] & 0xff);
            if (type == IkeMessage.R_U_THERE || type == IkeMessage.R_U_THERE_ACK) return new Dpd(icookie, rcookie, type == IkeMessage.R_U_THERE_ACK, Esp.readInt(b, 24));
        }
        if (p.type() == DELETE && b.length == 12 && b[4] == PROTO_ESP && b[5] == 4) return new Delete(icookie, rcookie, Esp.readInt(b, 8));
        throw new MalformedPacketException("unsupported informational payload " + p.type());
    }

    static long readLong(byte[] b, int off) {
        return (Esp.readInt(b, off) & 0xffffffffL) << 32 | (Esp.readInt(b, off + 4) & 0xffffffffL);
    }

    static void writeLong(byte[] b, int off, long v) {
        Esp.writeInt(b, off, (int) (v >>> 32));
        Esp.writeInt(b, off + 4, (int) v);
    }
}
