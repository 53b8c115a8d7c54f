package org.nettwin.realadapter;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * A simulated port's wire on the host: an existing Ethernet device (the outer end of a veth pair, a TAP
 * whose other side a VM or program holds, a NIC) opened with libpcap through pcap4j, promiscuous and in
 * immediate mode. Frames the device receives go to the {@link Receiver} from a reader thread; frames the
 * twin sends are injected with {@code pcap_inject}.
 *
 * <p>The capture direction is set to "in" ({@code PCAP_D_IN}), so the twin does not hear its own
 * injections back, nor what the host itself sends out of the device.
 *
 * <p>A TAP device carries only what its file descriptor's holder reads and writes: pcap on a TAP talks to
 * that holder (a VM), not to a bridge the TAP is enslaved to. To put the twin on a Linux bridge, bind the
 * outer end of a veth pair whose other end is in the bridge ({@link NetNs} does that).
 */
public final class TapPort implements AutoCloseable {
    /** Called on the reader thread for each frame the device received. */
    @FunctionalInterface
    public interface Receiver {
        void frame(byte[] frame);
    }

    private static final int SNAPLEN = 65_536;
    /** Read timeout handed to libpcap; in immediate mode a quiet wire may block anyway, so close() breaks the loop. */
    private static final int READ_TIMEOUT_MS = 50;
    private static final long READER_STOP_MS = 2_000;
    private static final int BUFFER_BYTES = 4 << 20;
    private static final int IFF_UP = 0x1;
    /** Linux interface names: at most IFNAMSIZ-1 = 15 characters, no slash (they are also /sys paths). */
    private static final Pattern DEVICE_NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    private static final Path SYS_NET = Path.of("/sys/class/net");

    private final String device;
    private final PcapHandle handle;
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile String lastError = "";
    private volatile boolean closed;
    private Thread reader;

    private TapPort(String device, PcapHandle handle) {
        this.device = device;
        this.handle = handle;
    }

    /**
     * Opens {@code device}. Every way this can fail on a host (no such device, device down, not Ethernet,
     * no privileges, libpcap missing, device busy) is a {@link HilSetupError} with one line saying what to do.
     */
    public static TapPort open(String device) throws HilSetupError {
        requireUsableDevice(device);
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(device)
                    .snaplen(SNAPLEN)
                    .promiscuousMode(PromiscuousMode.PROMISCUOUS)
                    .immediateMode(true)
                    .timeoutMillis(READ_TIMEOUT_MS)
                    .bufferSize(BUFFER_BYTES)
                    .build();
        } catch (PcapNativeException e) {
            throw explain(device, e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            // JNA could not load libpcap: the first use fails with UnsatisfiedLinkError, later ones with NoClassDefFoundError.
            throw new HilSetupError(device, "libpcap is not installed or cannot be loaded (" + e.getMessage() + ")",
                    "install it, e.g. `apt-get install libpcap0.8`");
        }
        try {
            if (!DataLinkType.EN10MB.equals(handle.getDlt())) {
                throw new HilSetupError(device, "is not an Ethernet device (link type " + handle.getDlt() + ")",
                        "bind a TAP (not TUN) device, a veth end or a NIC");
            }
            handle.setDirection(PcapHandle.PcapDirection.IN);
        } catch (PcapNativeException | NotOpenException e) {
            handle.close();
            throw new HilSetupError(device, "cannot capture only incoming frames: " + e.getMessage(),
                    "libpcap must support pcap_setdirection on this device");
        } catch (HilSetupError e) {
            handle.close();
            throw e;
        }
        return new TapPort(device, handle);
    }

    /** Device checks pcap would report less clearly (or not at all: a down device opens fine and stays silent). */
    private static void requireUsableDevice(String device) throws HilSetupError {
        if (device == null || !DEVICE_NAME.matcher(device).matches()) {
            throw new HilSetupError(String.valueOf(device), "is not a Linux interface name", "at most 15 letters, digits and . _ - : @");
        }
        Path sys = SYS_NET.resolve(device);
        if (!Files.isDirectory(sys)) {
            throw new HilSetupError(device, "no such network device",
                    "create it first, e.g. `ip link add " + device + " type veth peer name " + peerNameHint(device) + "` (see docs/hil.md)");
        }
        String flags = readSys(sys.resolve("flags"));
        if (flags != null && flags.startsWith("0x") && (Integer.parseInt(flags.substring(2), 16) & IFF_UP) == 0) {
            throw new HilSetupError(device, "the device is down", "`ip link set " + device + " up`");
        }
    }

    private static String peerNameHint(String device) {
        return device.length() < 15 ? device + "p" : device.substring(0, 14) + "p";
    }

    /** One line from libpcap's open error, turned into what to do about it. */
    static HilSetupError explain(String device, String pcapMessage) {
        String m = pcapMessage == null ? "" : pcapMessage;
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return new HilSetupError(device, "no permission to capture and inject frames (" + m + ")",
                    "run as root, or give java CAP_NET_RAW and CAP_NET_ADMIN");
        }
        if (lower.contains("no such device")) {
            return new HilSetupError(device, "no such network device (" + m + ")", "create it first (see docs/hil.md)");
        }
        if (lower.contains("busy")) {
            return new HilSetupError(device, "the device is busy (" + m + ")", "stop whatever holds it exclusively, or use another device");
        }
        return new HilSetupError(device, "cannot open the device: " + m, "");
    }

    private static String readSys(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            // carrier cannot be read while the device is down; flags always can. Absent means unknown.
            return null;
        }
    }

    public String device() { return device; }

    /** Whether the device has carrier now; a TAP has none until something holds its file descriptor. */
    public boolean carrier() {
        return "1".equals(readSys(SYS_NET.resolve(device).resolve("carrier")));
    }

    /** Starts the reader thread; once. */
    public synchronized void start(Receiver receiver) {
        if (reader != null) throw new IllegalStateException(device + " is already started");
        if (closed) throw new IllegalStateException(device + " is closed");
        reader = new Thread(() -> readLoop(receiver), "tap-" + device);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(Receiver receiver) {
        while (!closed) {
            byte[] frame;
            try {
                frame = handle.getNextRawPacketEx();
            } catch (TimeoutException e) {
                continue;
            } catch (NotOpenException e) {
                return;
            } catch (EOFException e) {
                // pcap_next_ex returned PCAP_ERROR_BREAK: close() broke the loop.
                if (closed) return;
                continue;
            } catch (PcapNativeException e) {
                if (!closed) lastError = "read: " + e.getMessage();
                return;
            }
            framesIn.incrementAndGet();
            receiver.frame(frame);
        }
    }

    /**
     * Injects one Ethernet frame (no FCS). A failure (the device went down, a frame too big for it) is counted
     * and remembered, not thrown: on a real wire the frame would just be lost, and the node must not crash.
     */
    public synchronized void send(byte[] frame) {
        if (closed) return;
        try {
            handle.sendPacket(frame);
            framesOut.incrementAndGet();
        } catch (PcapNativeException | NotOpenException e) {
            sendErrors.incrementAndGet();
            lastError = "send: " + e.getMessage();
        }
    }

    public long framesIn() { return framesIn.get(); }

    public long framesOut() { return framesOut.get(); }

    public long sendErrors() { return sendErrors.get(); }

    /** The last read or send error, empty if none. */
    public String lastError() { return lastError; }

    /** Stops the reader and closes the handle. Idempotent. */
    @Override
    public void close() {
        Thread r;
        synchronized (this) {
            if (closed) return;
            closed = true;
            r = reader;
        }
        if (r != null) {
            // In immediate mode libpcap's poll ignores the read timeout on a quiet wire; pcap_breakloop wakes
            // it (an eventfd since libpcap 1.10) and pcap_next_ex returns "break", which ends the loop.
            try {
                handle.breakLoop();
            } catch (NotOpenException e) {
                return;
            }
            try {
                r.join(READER_STOP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (r.isAlive()) {
                // An older libpcap whose poll did not wake: closing now would wait for the reader's lock
                // forever. The daemon reader dies with the JVM, and the kernel closes the socket then.
                lastError = "reader did not stop; handle left open";
                return;
            }
        }
        handle.close();
    }

    @Override
    public String toString() {
        return "TapPort[" + device + " in=" + framesIn + " out=" + framesOut + (sendErrors.get() > 0 ? " send-errors=" + sendErrors : "") + "]";
    }
}
