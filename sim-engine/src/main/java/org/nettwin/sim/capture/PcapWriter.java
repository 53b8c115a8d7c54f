package org.nettwin.sim.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes Ethernet frames to a classic libpcap file with nanosecond timestamps (magic a1b23c4d, version
 * 2.4, snaplen 262144, linktype 1), little-endian. Frames go to "&lt;file&gt;.partial" and
 * {@link #close()} moves that onto the file atomically, so the file name never holds a half-written
 * capture. Not thread-safe: one writer per capture point, fed in time order.
 */
public final class PcapWriter implements AutoCloseable {
    private static final long NS_PER_S = 1_000_000_000L;

    private final Path file;
    private final Path partial;
    private final OutputStream out;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(PcapFormat.RECORD_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private boolean closed;

    public PcapWriter(Path file) {
        this.file = file;
        this.partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            this.out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
            ByteBuffer header = ByteBuffer.allocate(PcapFormat.FILE_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(PcapFormat.MAGIC_NANOS)
                    .putShort(PcapFormat.VERSION_MAJOR).putShort(PcapFormat.VERSION_MINOR)
                    .putInt(0) // thiszone: timestamps are UTC-less virtual time
                    .putInt(0) // sigfigs
                    .putInt(PcapFormat.SNAPLEN)
                    .putInt(PcapFormat.LINKTYPE_ETHERNET);
            out.write(header.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start capture " + partial, e);
        }
    }

    /** Appends one frame captured at virtual time {@code timeNs}; frames longer than the snaplen are cut. */
    public void write(long timeNs, byte[] frame) {
        if (closed) throw new IllegalStateException("capture " + file + " is closed");
        if (timeNs < 0) throw new IllegalArgumentException("negative capture time " + timeNs);
        int captured = Math.min(frame.length, PcapFormat.SNAPLEN);
        recordHeader.clear();
        // ts_sec is an unsigned 32-bit field: virtual runs reach it only after 136 years.
        recordHeader.putInt((int) (timeNs / NS_PER_S)).putInt((int) (timeNs % NS_PER_S))
                .putInt(captured).putInt(frame.length);
        try {
            out.write(recordHeader.array());
            out.write(frame, 0, captured);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write capture " + partial, e);
        }
    }

    /** Flushes and publishes the capture under its final name. Idempotent. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        try {
            out.close();
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish capture " + file, e);
        }
    }

    public Path file() {
        return file;
    }
}
