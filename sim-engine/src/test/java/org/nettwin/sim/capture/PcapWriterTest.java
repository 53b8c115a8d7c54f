package org.nettwin.sim.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir Path dir;

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
    }

    @Test
    @DisplayName("golden: little-endian file header with nanosecond magic a1b23c4d, v2.4, snaplen 262144, linktype 1 (pcap-savefile(5))")
    void goldenHeaders() throws IOException {
        Path file = dir.resolve("h.pcap");
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(1_000_000_123L, new byte[] {(byte) 0xaa, (byte) 0xbb});
        }
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(hex("4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000"
                + "01000000 7b000000 02000000 02000000 aabb"), bytes);
    }

    @Test
    @DisplayName("frames read back byte-identical with their nanosecond times")
    void roundTrip() throws IOException {
        Path file = dir.resolve("lan.pcap");
        List<PcapRecord> written = new ArrayList<>();
        long t = 0;
        for (CaptureFrames.Sample s : CaptureFrames.samples()) {
            t += 1_000_000_001L;
            written.add(new PcapRecord(t, s.frame()));
        }
        try (PcapWriter w = new PcapWriter(file)) {
            for (PcapRecord r : written) w.write(r.timeNs(), r.frame());
        }
        assertEquals(written, PcapReader.read(file));
    }

    @Test
    @DisplayName("the capture lives at <file>.partial until close() moves it onto <file>")
    void publishesAtClose() throws IOException {
        Path file = dir.resolve("p.pcap");
        Path partial = dir.resolve("p.pcap.partial");
        PcapWriter w = new PcapWriter(file);
        w.write(5, new byte[60]);
        assertTrue(Files.exists(partial));
        assertFalse(Files.exists(file));
        w.close();
        w.close();
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(partial));
        assertEquals(1, PcapReader.read(file).size());
        assertThrows(IllegalStateException.class, () -> w.write(6, new byte[60]));
    }

    @Test
    @DisplayName("frames beyond the snaplen are cut; the original length is kept in the record header")
    void cutsAtSnaplen() throws IOException {
        Path file = dir.resolve("big.pcap");
        byte[] jumbo = new byte[262_144 + 10];
        Arrays.fill(jumbo, (byte) 7);
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(0, jumbo);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(262_144, b.getInt(24 + 8));
        assertEquals(jumbo.length, b.getInt(24 + 12));
        assertArrayEquals(Arrays.copyOf(jumbo, 262_144), PcapReader.read(file).get(0).frame());
    }

    @Test
    @DisplayName("the reader also takes big-endian microsecond files (magic a1b2c3d4) and refuses others")
    void readsBigEndianMicros() throws IOException {
        Path file = dir.resolve("be.pcap");
        Files.write(file, hex("a1b2c3d4 0002 0004 00000000 00000000 00040000 00000001"
                + "00000002 000f4240 00000003 00000003 010203"));
        // 2 s + 1,000,000 us: the microsecond field is scaled to ns.
        assertEquals(List.of(new PcapRecord(3_000_000_000L, new byte[] {1, 2, 3})), PcapReader.read(file));
        Files.write(file, hex("0a0d0d0a 00000000 00000000 00000000 00000000 00000000"));
        assertThrows(IOException.class, () -> PcapReader.read(file));
        Files.write(file, hex("4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000 01000000 00000000 05000000 05000000 0102"));
        assertThrows(IOException.class, () -> PcapReader.read(file));
    }
}
