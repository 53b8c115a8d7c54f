package org.nettwin.sim;

import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.sim.capture.PcapWriter;

/**
 * Something a node's processing produced that the kernel must apply in canonical order after the window:
 * a trace record, or a frame for a link's pcap. Keyed like {@link OrderedRecord}: (time, rank, seq).
 */
final class Emission {
    final long time;
    final int rank;
    final long seq;
    final TraceRecord record;
    final PcapWriter capture;
    final byte[] frame;

    private Emission(long time, int rank, long seq, TraceRecord record, PcapWriter capture, byte[] frame) {
        this.time = time;
        this.rank = rank;
        this.seq = seq;
        this.record = record;
        this.capture = capture;
        this.frame = frame;
    }

    static Emission record(int rank, long seq, TraceRecord record) {
        return new Emission(record.time(), rank, seq, record, null, null);
    }

    static Emission capture(long time, int rank, long seq, PcapWriter capture, byte[] frame) {
        return new Emission(time, rank, seq, null, capture, frame);
    }

    static int compare(Emission x, Emission y) {
        if (x.time != y.time) return Long.compare(x.time, y.time);
        if (x.rank != y.rank) return Integer.compare(x.rank, y.rank);
        return Long.compare(x.seq, y.seq);
    }
}
