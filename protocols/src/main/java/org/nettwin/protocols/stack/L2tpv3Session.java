package org.nettwin.protocols.stack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nettwin.protocols.codec.EthernetFrame;
import org.nettwin.protocols.codec.L2tpv3Header;
import org.nettwin.protocols.codec.L2tpv3Header.Sublayer;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * An L2TPv3 Ethernet pseudowire session and its `l2tpethN` device (net/l2tp/l2tp_eth.c): every frame written
 * to the device goes whole to the peer in one data message (session ID = the peer's, our cookie), and every
 * data message for our session ID whose cookie is the configured peer cookie comes out of the device, which
 * can be a bridge port like any Ethernet interface.
 *
 * <p>MTU (l2tp_eth_adjust_mtu): the tunnel's path MTU minus the outer IPv4 header, the UDP header over UDP,
 * the L2TPv3 header (session->hdr_len: session ID, cookie, sublayer, and the flags word over UDP) and the
 * inner Ethernet header; 1500 minus the same when no path MTU is known. Over IP with iproute2's defaults that
 * is 1500 - 20 - 8 - 14 = 1458, over UDP 1446. l2tp_eth_dev_xmit does not check a frame against that MTU:
 * the stack fits what it routes into the device, and a bridge drops a frame longer than the MTU plus 4
 * (is_skb_forwardable, see {@link BridgeDevice}) before handing it over; an outer packet that outgrows the
 * path MTU is fragmented by IP, as {@link L2tpv3Tunnel} explains.
 */
public final class L2tpv3Session implements NetInterface.VirtualDevice {
    /** Linux's l2tp_eth min_mtu is 0 and max_mtu ETH_MAX_MTU; below 68 the twin's IPv4 has no use for it. */
    static final int MIN_MTU = 68, MAX_MTU = 0xffff;
    static final int DEFAULT_PATH_MTU = 1500;

    /** What `ip l2tp add session` was given; cookies are 0, 4 or 8 bytes. */
    public record Config(long sessionId, long peerSessionId, byte[] cookie, byte[] peerCookie, Sublayer sublayer) {
        public Config {
            if (sessionId <= 0 || sessionId > 0xffffffffL || peerSessionId <= 0 || peerSessionId > 0xffffffffL) {
                throw new IllegalArgumentException("session ids are 1..4294967295");
            }
            cookie = cookie.clone();
            peerCookie = peerCookie.clone();
        }
    }

    private final L2tpv3Tunnel tunnel;
    private final Config cfg;
    private NetInterface ifc;

    L2tpv3Session(L2tpv3Tunnel tunnel, Config cfg) {
        this.tunnel = tunnel;
        this.cfg = cfg;
    }

    void attach(NetInterface ifc) { this.ifc = ifc; }

    public Config config() { return cfg; }

    public L2tpv3Tunnel tunnel() { return tunnel; }

    public NetInterface iface() { return ifc; }

    /** Bytes the pseudowire adds to an inner frame's payload: everything but the inner IP packet itself. */
    public int overhead() {
        return tunnel.outerOverhead() + tunnel.config().encap().headerLength(cfg.cookie().length, cfg.sublayer()) + EthernetFrame.HEADER_LENGTH;
    }

    /** l2tp_eth_adjust_mtu for this session. */
    int deviceMtu() {
        int mtu = tunnel.pathMtu() - overhead();
        return mtu < MIN_MTU || mtu > MAX_MTU ? DEFAULT_PATH_MTU - overhead() : mtu;
    }

    @Override public void transmit(byte[] frame) {
        NodeStack stack = tunnel.node().stack();
        L2tpv3Header message = new L2tpv3Header(tunnel.config().encap(), cfg.peerSessionId(), cfg.cookie(), cfg.sublayer(), frame);
        if (!tunnel.send(message)) {
            drop(DropReason.NO_ROUTE, frame.length, "underlay: no way to " + tunnel.config().remote() + " for " + stack.name() + ":" + ifc.name());
        }
    }

    /** A data message for this session arrived: check the cookie (l2tp_recv_common) and hand the frame to the device. */
    void receive(byte[] message, int off, int len) {
        L2tpv3Header h = L2tpv3Header.decode(message, off, len, tunnel.config().encap(), cfg.peerCookie().length, cfg.sublayer());
        if (!Arrays.equals(h.cookie(), cfg.peerCookie())) {
            drop(DropReason.NOT_FOR_US, len, "cookie mismatch for session " + cfg.sessionId() + ", discarding");
        } else if (h.payload().length < EthernetFrame.HEADER_LENGTH) {
            drop(DropReason.MALFORMED, len, "pseudowire payload of " + h.payload().length + " bytes is no Ethernet frame");
        } else if (!ifc.isUp()) {
            drop(DropReason.INTERFACE_DOWN, len, ifc.name() + " is down");
        } else {
            tunnel.node().stack().receiveFrame(ifc, h.payload());
        }
    }

    /** `ip l2tp show session` lines (ip/ipl2tp.c print_session). */
    List<String> show() {
        List<String> out = new ArrayList<>();
        out.add("Session " + cfg.sessionId() + " in tunnel " + tunnel.config().tunnelId());
        out.add("  Peer session " + cfg.peerSessionId() + ", tunnel " + tunnel.config().peerTunnelId());
        out.add("  interface name: " + ifc.name());
        out.add("  offset 0, peer offset 0");
        if (cfg.cookie().length > 0) out.add("  cookie " + hex(cfg.cookie()));
        if (cfg.peerCookie().length > 0) out.add("  peer cookie " + hex(cfg.peerCookie()));
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        return s.toString();
    }

    private void drop(DropReason reason, int length, String detail) {
        NodeStack stack = tunnel.node().stack();
        stack.env().trace(new TraceEvent.Dropped(stack.name() + ":" + (ifc == null ? "l2tp" : ifc.name()), reason, length, detail));
    }
}
