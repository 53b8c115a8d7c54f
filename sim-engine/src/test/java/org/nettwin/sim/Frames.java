package org.nettwin.sim;

import java.nio.ByteBuffer;

/** Test frames: broadcast destination, a locally administered source, EtherType 0x88B5 (local experimental), a sequence number. */
public final class Frames {
    public static final int MIN_LENGTH = 18;

    private Frames() {}

    public static byte[] frame(int length, int seq) {
        if (length < MIN_LENGTH) throw new IllegalArgumentException("test frames carry a 4-byte seq: length >= " + MIN_LENGTH);
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(new byte[] {-1, -1, -1, -1, -1, -1});
        b.put(new byte[] {0x02, 0, 0, 0, 0, 0x01});
        b.putShort((short) 0x88B5);
        b.putInt(seq);
        return b.array();
    }

    public static int seqOf(byte[] frame) {
        return ByteBuffer.wrap(frame, 14, 4).getInt();
    }
}
