package org.nettwin.sim.capture;

import java.util.Arrays;
import java.util.HexFormat;

/** One captured frame: virtual time in ns and the frame bytes as captured (no FCS). */
public record PcapRecord(long timeNs, byte[] frame) {
    @Override public boolean equals(Object o) {
        return o instanceof PcapRecord r && timeNs == r.timeNs && Arrays.equals(frame, r.frame);
    }

    @Override public int hashCode() {
        return Long.hashCode(timeNs) * 31 + Arrays.hashCode(frame);
    }

    @Override public String toString() {
        return "PcapRecord[" + timeNs + "ns " + HexFormat.of().formatHex(frame) + "]";
    }
}
