package org.nettwin.sim.capture;

/** Constants of the classic libpcap file format (tcpdump.org/manpages/pcap-savefile.5.html). */
final class PcapFormat {
    /** Magic of a file whose record timestamps carry nanoseconds, not microseconds. */
    static final int MAGIC_NANOS = 0xa1b23c4d;
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final short VERSION_MAJOR = 2;
    static final short VERSION_MINOR = 4;
    /** tcpdump's default snapshot length. */
    static final int SNAPLEN = 262_144;
    static final int LINKTYPE_ETHERNET = 1;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;

    private PcapFormat() {}
}
