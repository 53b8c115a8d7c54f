package org.nettwin.sim.capture;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic libpcap files of either byte order, with micro- or nanosecond timestamps (pcapng is not
 * read). For tests and tools: the whole file is read into memory.
 */
public final class PcapReader {
    private PcapReader() {}

    public static List<PcapRecord> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        if (in.remaining() < PcapFormat.FILE_HEADER_LENGTH) throw new IOException(file + ": shorter than a pcap header");
        long subsecondToNs = timestampUnit(file, in);
        in.position(PcapFormat.FILE_HEADER_LENGTH);
        List<PcapRecord> records = new ArrayList<>();
        try {
            while (in.hasRemaining()) {
                long seconds = Integer.toUnsignedLong(in.getInt());
                long subseconds = Integer.toUnsignedLong(in.getInt());
                int captured = in.getInt();
                in.getInt(); // original length: frames are stored whole below the snaplen
                if (captured < 0 || captured > in.remaining()) throw new IOException(file + ": record " + records.size() + " truncated");
                byte[] frame = new byte[captured];
                in.get(frame);
                records.add(new PcapRecord(seconds * 1_000_000_000L + subseconds * subsecondToNs, frame));
            }
        } catch (BufferUnderflowException e) {
            throw new IOException(file + ": record header " + records.size() + " truncated", e);
        }
        return records;
    }

    /** Sets the buffer's byte order from the magic and returns ns per timestamp fraction unit. */
    private static long timestampUnit(Path file, ByteBuffer in) throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int magic = in.order(order).getInt(0);
            if (magic == PcapFormat.MAGIC_NANOS) return 1;
            if (magic == PcapFormat.MAGIC_MICROS) return 1_000;
        }
        throw new IOException(file + ": not a classic pcap file (magic 0x" + Integer.toHexString(in.order(ByteOrder.BIG_ENDIAN).getInt(0)) + ")");
    }
}
