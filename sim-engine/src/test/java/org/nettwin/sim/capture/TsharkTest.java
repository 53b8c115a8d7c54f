package org.nettwin.sim.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Assumptions;
import org.nettwin.protocols.codec.EtherType;
import org.nettwin.protocols.codec.IcmpMessage;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.UdpDatagram;

/** Wireshark as an independent oracle for the codecs (ARCHITECTURE "Tests, by layer": codecs). */
class TsharkTest {
    @TempDir Path dir;

    @BeforeEach
    void needTshark() {
        Assumptions.assumeTrue(Tshark.available(), "tshark is not installed");
    }

    private Path capture(String name, List<byte[]> frames) {
        Path file = dir.resolve(name);
        try (PcapWriter w = new PcapWriter(file)) {
            long t = 0;
            for (byte[] f : frames) w.write(t += 1_000_000, f);
        }
        return file;
    }

    @Test
    @DisplayName("tshark dissects our ARP, ICMP echo, net-unreachable, redirect and UDP frames cleanly, checksums verified")
    void dissectsCodecFramesCleanly() throws IOException {
        List<CaptureFrames.Sample> samples = CaptureFrames.samples();
        Tshark.Dissection d = Tshark.dissect(capture("lan.pcap", samples.stream().map(CaptureFrames.Sample::frame).toList()));
        assertEquals(samples.stream().map(CaptureFrames.Sample::expectedStack).toList(), d.protocolStacks());
        assertFalse(d.hasMalformed(), d.toString());
        assertEquals(List.of(), d.problems());
    }

    @Test
    @DisplayName("negative control: a bad ICMP checksum and a bad IP header checksum are reported")
    void reportsBadChecksums() throws IOException {
        byte[] badIcmp = CaptureFrames.samples().get(2).frame().clone();
        badIcmp[badIcmp.length - 1] ^= 1;
        byte[] badIp = CaptureFrames.samples().get(3).frame().clone();
        badIp[14 + 10] ^= 1;
        Tshark.Dissection d = Tshark.dissect(capture("bad.pcap", List.of(badIcmp, badIp)));
        List<String> problems = d.problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("frame 1:") && problems.get(0).contains("Bad checksum"), problems.toString());
        assertTrue(problems.get(1).startsWith("frame 2:") && problems.get(1).contains("Bad checksum"), problems.toString());
    }

    @Test
    @DisplayName("negative control: a datagram to port 53 that is not DNS is a malformed packet")
    void reportsMalformed() throws IOException {
        byte[] notDns = CaptureFrames.eth(CaptureFrames.PEER_MAC, CaptureFrames.HOST_MAC, EtherType.IPV4,
                CaptureFrames.ip(CaptureFrames.HOST, CaptureFrames.PEER, 64, IpProto.UDP,
                        new UdpDatagram(40000, 53, new byte[] {'h', 'i'}).encode(CaptureFrames.HOST, CaptureFrames.PEER)).encode());
        byte[] echo = CaptureFrames.samples().get(2).frame();
        Tshark.Dissection d = Tshark.dissect(capture("malformed.pcap", List.of(echo, notDns)));
        assertTrue(d.hasMalformed(), d.toString());
        assertEquals(IcmpMessage.ECHO_REQUEST, echo[14 + 20]);
    }

    @Test
    @DisplayName("a file tshark cannot read fails with tshark's own message")
    void failureCarriesStderr() throws IOException {
        Path junk = dir.resolve("junk.pcap");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        IOException e = assertThrows(IOException.class, () -> Tshark.dissect(junk));
        assertTrue(e.getMessage().contains("tshark exited"), e.getMessage());
        // tshark's stderr names the file it refused; our own prefix names it too, hence two mentions.
        assertEquals(2, e.getMessage().split(java.util.regex.Pattern.quote(junk.toString()), -1).length - 1, e.getMessage());
    }
}
