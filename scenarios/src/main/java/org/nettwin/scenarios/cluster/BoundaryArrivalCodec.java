package org.nettwin.scenarios.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.nettwin.sim.BoundaryArrival;
import org.nettwin.sim.link.Direction;

/** The bytes of a kernel {@link BoundaryArrival} inside a {@link CrossFrame}: every field, so the receiver places it exactly. */
final class BoundaryArrivalCodec {
    private BoundaryArrivalCodec() {}

    static byte[] encode(BoundaryArrival a) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(a.frame().length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(a.time());
            out.writeUTF(a.link());
            out.writeByte(a.direction() == Direction.A_TO_B ? 0 : 1);
            out.writeInt(a.frame().length);
            out.write(a.frame());
            out.writeInt(a.crc());
            out.writeLong(a.disruptionStamp());
            out.writeLong(a.pushTime());
            out.writeInt(a.senderRank());
            out.writeLong(a.senderSeq());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static BoundaryArrival decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            long time = in.readLong();
            String link = in.readUTF();
            Direction direction = in.readByte() == 0 ? Direction.A_TO_B : Direction.B_TO_A;
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            return new BoundaryArrival(time, link, direction, frame, in.readInt(), in.readLong(), in.readLong(), in.readInt(), in.readLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("not an encoded boundary arrival (" + payload.length + " bytes): " + e, e);
        }
    }
}
