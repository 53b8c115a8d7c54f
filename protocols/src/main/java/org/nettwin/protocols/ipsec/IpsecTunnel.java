package org.nettwin.protocols.ipsec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.spec.SecretKeySpec;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.codec.MalformedPacketException;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.trace.DropReason;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.Ip4;

/**
 * A route-based IPsec tunnel (RTX `tunnel select N` / a cloud VPN tunnel): an L3 interface whose packets
 * are sent to the peer in ESP tunnel mode (RFC 4303, AES-GCM per RFC 4106), with the SA lifecycle of
 * {@link IkeMessage}'s simplified IKE: INIT and AUTH bring the tunnel UP, a fresh exchange before the
 * lifetime ends rekeys it without a gap, RFC 3706 keepalives detect a dead peer, DELETE tears it down.
 *
 * <p>The tunnel's state is its interface's carrier: UP while an SA is installed. Routes marked `hide`
 * through it are therefore valid only while it is UP (protocol-facts §5.1); plain routes stay and their
 * packets are dropped. State changes are traced as StateChanged("ipsec/NAME", from, to).
 *
 * <p>{@link #degrade} models the seed 004 incident: a share of the DATA packets is lost on the tunnel,
 * while IKE and DPD pass, so the tunnel stays UP and keeps its routes (protocol-facts §5.2, §8.4).
 *
 * <p>A {@link TunnelCap} makes the tunnel carry no more than a cloud VPN gateway lets one tunnel carry
 * (protocol-facts §5.3, §5.4): packets leave paced by a {@link TunnelShaper} and are dropped (QUEUE_FULL) when
 * its queue is full. With a stats interval the tunnel traces its cumulative counters periodically as
 * {@code Log("ipsec", "NAME: counters state=S tx_packets=N ...")} (docs/report-format.md).
 */
public final class IpsecTunnel implements NetInterface.PacketDevice {
    public enum State { DOWN, UP, DISABLED }

    /** Time the IKE daemon takes to start before the first exchange (model choice). */
    static final long START_DELAY_NS = Time.s(1);
    /** How long the SAs replaced by a rekey still accept packets in flight. */
    static final long REKEY_OVERLAP_NS = Time.s(10);
    private static final int NONCE_LENGTH = 16;

    private final NodeStack stack;
    private final TunnelConfig cfg;
    private final IkeEndpoint endpoint;
    private final String machine;
    private final TunnelCounters counters = new TunnelCounters();
    /** Paces transmission under the cap; null without one. */
    private final TunnelShaper shaper;
    private NetInterface ifc;
    private NodeEnv env;
    private RandomGenerator ikeRandom;
    private RandomGenerator lossRandom;

    private State state = State.DOWN;
    private Exchange exchange;
    private IkeSa ikeSa;
    private SecurityAssociation outbound;
    private final Map<Integer, SecurityAssociation> inbound = new LinkedHashMap<>();
    private TimerHandle retryTimer, dpdTimer, rekeyTimer;

    private int dpdSequence, dpdMisses;
    private boolean probeOutstanding, ackSinceTick, heardSinceTick;
    private double dataLoss;

    /** An exchange under way; {@code initiator} is our role in it. */
    private static final class Exchange {
        final boolean initiator;
        final long initiatorCookie;
        long responderCookie;
        final byte[] ownNonce;
        byte[] keySeed;
        int ownInboundSpi;

        Exchange(boolean initiator, long initiatorCookie, long responderCookie, byte[] ownNonce) {
            this.initiator = initiator;
            this.initiatorCookie = initiatorCookie;
            this.responderCookie = responderCookie;
            this.ownNonce = ownNonce;
        }

        boolean matches(IkeMessage m) { return m.initiatorCookie() == initiatorCookie && m.responderCookie() == responderCookie; }
    }

    /** The established IKE SA: the pair of cookies DPD and DELETE refer to. */
    private record IkeSa(long initiatorCookie, long responderCookie) {
        boolean matches(IkeMessage m) { return m.initiatorCookie() == initiatorCookie && m.responderCookie() == responderCookie; }
    }

    private IpsecTunnel(NodeStack stack, TunnelConfig cfg, IkeEndpoint endpoint) {
        this.stack = stack;
        this.cfg = cfg;
        this.endpoint = endpoint;
        this.machine = "ipsec/" + cfg.name();
        this.shaper = cfg.cap() == null ? null : new TunnelShaper(cfg.cap());
    }

    /**
     * Creates the tunnel interface (enabled, not yet connected) on {@code stack}; negotiation starts once
     * the node runs. An initiator opens the exchange; a responder waits for its peer.
     */
    public static IpsecTunnel create(NodeStack stack, TunnelConfig cfg) {
        IkeEndpoint endpoint = IkeEndpoint.of(stack);
        IpsecTunnel t = new IpsecTunnel(stack, cfg, endpoint);
        t.ifc = stack.addPacketInterface(cfg.name(), cfg.mtu(), t);
        stack.setCarrier(cfg.name(), false);
        stack.setAdminUp(cfg.name(), true);
        endpoint.add(t);
        stack.onBoot(t::start);
        return t;
    }

    /** The tunnel behind interface {@code name} of {@code stack}, if it is one. */
    public static Optional<IpsecTunnel> find(NodeStack stack, String name) {
        NetInterface i = stack.iface(name);
        return i != null && i.packetDevice() instanceof IpsecTunnel t ? Optional.of(t) : Optional.empty();
    }

    private void start(NodeEnv env) {
        this.env = env;
        this.ikeRandom = env.random(machine + "/ike");
        this.lossRandom = env.random(machine + "/degrade");
        if (cfg.initiate()) retryTimer = env.after(START_DELAY_NS, machine + "/start", this::initiate);
        if (cfg.cap() != null) log("cap " + cfg.cap().describe());
        if (cfg.statsIntervalNs() > 0) env.after(cfg.statsIntervalNs(), machine + "/stats", this::statsTick);
    }

    /** The periodic counters line; it runs from boot to the end of the run, whatever the tunnel's state. */
    private void statsTick() {
        log("counters state=" + state + " " + counters.keyValues());
        env.after(cfg.statsIntervalNs(), machine + "/stats", this::statsTick);
    }

    public TunnelConfig config() { return cfg; }
    public State state() { return state; }
    public TunnelCounters counters() { return counters; }
    public NetInterface iface() { return ifc; }
    IkeEndpoint endpoint() { return endpoint; }

    /** Share of data packets lost on the tunnel (0 when healthy). */
    public double dataLoss() { return dataLoss; }

    /** SPI of the outbound SA, or -1 while none is installed. */
    public long outboundSpi() { return outbound == null ? -1 : outbound.spi() & 0xffffffffL; }

    // ------------------------------------------------------------------ operator actions

    /** Degrades the data plane: {@code loss} (0..1) of ESP packets each way are lost; IKE is untouched. */
    public void degrade(double loss) {
        if (loss < 0 || loss > 1) throw new IllegalArgumentException("loss must be within 0..1: " + loss);
        this.dataLoss = loss;
        log(loss == 0 ? "data plane restored" : "data plane degraded: " + Math.round(loss * 100) + "% of data packets lost");
    }

    /** Operator disables the tunnel: the peer is told (DELETE), routes through it go, no re-negotiation. */
    public void disable() {
        if (state == State.DISABLED) return;
        if (ikeSa != null && !inbound.isEmpty()) endpoint.send(cfg, new IkeMessage.Delete(ikeSa.initiatorCookie(), ikeSa.responderCookie(), currentInboundSpi()));
        tearDown();
        setState(State.DISABLED, "disabled by operator");
        stack.setAdminUp(cfg.name(), false);
    }

    public void enable() {
        if (state != State.DISABLED) return;
        stack.setAdminUp(cfg.name(), true);
        setState(State.DOWN, "enabled by operator");
        if (cfg.initiate()) initiate();
    }

    // ------------------------------------------------------------------ IKE

    private void initiate() {
        cancel(retryTimer);
        if (state == State.DISABLED) return;
        if (exchange != null && exchange.ownInboundSpi != 0) endpoint.releaseSpi(exchange.ownInboundSpi);
        exchange = new Exchange(true, nonZeroCookie(), 0, nonce());
        endpoint.send(cfg, new IkeMessage.Init(exchange.initiatorCookie, 0, false, exchange.ownNonce));
        retryTimer = env.after(cfg.retryNs(), machine + "/retry", this::retryExpired);
    }

    private void retryExpired() {
        if (exchange == null || state == State.DISABLED) return;
        if (cfg.initiate() || state == State.UP) initiate();
        else abandonExchange();
    }

    void onIke(IkeMessage m) {
        if (state == State.DISABLED) return; // a disabled tunnel answers nothing
        heardSinceTick = true;
        if (m instanceof IkeMessage.Init init) {
            if (init.response()) onInitResponse(init);
            else onInitRequest(init);
        } else if (m instanceof IkeMessage.Auth auth) {
            if (auth.response()) onAuthResponse(auth);
            else onAuthRequest(auth);
        } else if (m instanceof IkeMessage.Dpd dpd) {
            onDpd(dpd);
        } else if (m instanceof IkeMessage.Delete del) {
            onDelete(del);
        }
    }

    private void onInitRequest(IkeMessage.Init init) {
        if (exchange != null && exchange.initiator && exchange.responderCookie == 0) {
            // Both sides opened at once: the side with the lower address yields and answers the other.
            if (Integer.compareUnsigned(cfg.local().bits(), cfg.remote().bits()) > 0) return;
            abandonExchange();
        }
        if (exchange != null) abandonExchange();
        exchange = new Exchange(false, init.initiatorCookie(), nonZeroCookie(), nonce());
        exchange.keySeed = keySeed(init.nonce(), exchange.ownNonce, exchange.initiatorCookie, exchange.responderCookie);
        endpoint.send(cfg, new IkeMessage.Init(exchange.initiatorCookie, exchange.responderCookie, true, exchange.ownNonce));
    }

    private void onInitResponse(IkeMessage.Init init) {
        if (exchange == null || !exchange.initiator || exchange.responderCookie != 0 || init.initiatorCookie() != exchange.initiatorCookie) return;
        exchange.responderCookie = init.responderCookie();
        exchange.keySeed = keySeed(exchange.ownNonce, init.nonce(), exchange.initiatorCookie, exchange.responderCookie);
        exchange.ownInboundSpi = endpoint.allocateSpi(this, ikeRandom);
        endpoint.send(cfg, new IkeMessage.Auth(exchange.initiatorCookie, exchange.responderCookie, false, exchange.ownInboundSpi,
                proof(exchange, true)));
    }

    private void onAuthRequest(IkeMessage.Auth auth) {
        if (exchange == null || exchange.initiator || !exchange.matches(auth)) return;
        if (!MessageDigest.isEqual(auth.proof(), proof(exchange, true))) {
            authFailed();
            return;
        }
        exchange.ownInboundSpi = endpoint.allocateSpi(this, ikeRandom);
        endpoint.send(cfg, new IkeMessage.Auth(exchange.initiatorCookie, exchange.responderCookie, true, exchange.ownInboundSpi,
                proof(exchange, false)));
        install(auth.inboundSpi());
    }

    private void onAuthResponse(IkeMessage.Auth auth) {
        if (exchange == null || !exchange.initiator || !exchange.matches(auth) || exchange.ownInboundSpi == 0) return;
        if (!MessageDigest.isEqual(auth.proof(), proof(exchange, false))) {
            authFailed();
            return;
        }
        install(auth.inboundSpi());
    }

    private void authFailed() {
        env.trace(new TraceEvent.Diagnostic("warning", machine, "IKE authentication with " + cfg.remote() + " failed: pre-shared keys differ"));
        abandonExchange();
    }

    private void abandonExchange() {
        if (exchange != null && exchange.ownInboundSpi != 0) endpoint.releaseSpi(exchange.ownInboundSpi);
        exchange = null;
    }

    /** Installs the SA pair of the finished exchange: the tunnel comes UP, or is rekeyed while UP. */
    private void install(int peerInboundSpi) {
        Exchange x = exchange;
        exchange = null;
        cancel(retryTimer);
        long now = env.now();
        boolean rekey = state == State.UP;
        Map<Integer, SecurityAssociation> replaced = new LinkedHashMap<>(inbound);
        if (!rekey) releaseInbound(replaced.keySet());
        else env.after(REKEY_OVERLAP_NS, machine + "/expire-old-sa", () -> releaseInbound(replaced.keySet()));
        inbound.put(x.ownInboundSpi, new SecurityAssociation(x.ownInboundSpi, espKeys(x.keySeed, x.ownInboundSpi), now));
        outbound = new SecurityAssociation(peerInboundSpi, espKeys(x.keySeed, peerInboundSpi), now);
        ikeSa = new IkeSa(x.initiatorCookie, x.responderCookie);
        cancel(rekeyTimer);
        long softLifetime = cfg.lifetimeNs() / 100 * (cfg.initiate() ? 90 : 95);
        rekeyTimer = env.after(softLifetime, machine + "/rekey", this::initiate);
        String spis = "spi in " + SecurityAssociation.hex(x.ownInboundSpi) + " out " + SecurityAssociation.hex(peerInboundSpi);
        if (rekey) {
            log("rekeyed, " + spis);
            return;
        }
        setState(State.UP, "SA established with " + cfg.remote() + ", " + spis);
        stack.setCarrier(cfg.name(), true);
        startDpd();
    }

    private void releaseInbound(Iterable<Integer> spis) {
        for (Integer spi : spis) {
            inbound.remove(spi);
            endpoint.releaseSpi(spi);
        }
    }

    private int currentInboundSpi() {
        int last = 0;
        for (int spi : inbound.keySet()) last = spi;
        return last;
    }

    private void onDelete(IkeMessage.Delete del) {
        if (outbound == null || del.spi() != outbound.spi()) return;
        goDown("peer deleted the SA");
    }

    /** The SA is gone (dead peer, DELETE): routes through the tunnel go; an initiator starts over at once. */
    private void goDown(String reason) {
        tearDown();
        setState(State.DOWN, reason);
        if (cfg.initiate()) retryTimer = env.after(0, machine + "/restart", this::initiate);
    }

    private void tearDown() {
        cancel(retryTimer);
        cancel(dpdTimer);
        cancel(rekeyTimer);
        abandonExchange();
        releaseInbound(List.copyOf(inbound.keySet()));
        outbound = null;
        ikeSa = null;
        stack.setCarrier(cfg.name(), false);
    }

    // ------------------------------------------------------------------ dead-peer detection (RFC 3706)

    private void startDpd() {
        if (cfg.dpd() == null) return;
        dpdMisses = 0;
        probeOutstanding = ackSinceTick = heardSinceTick = false;
        dpdSequence = ikeRandom.nextInt() & 0x7fffffff; // RFC 3706 §7: the first number is random
        dpdTimer = env.after(cfg.dpd().intervalNs(), machine + "/dpd", this::dpdTick);
    }

    private void dpdTick() {
        DeadPeerDetection d = cfg.dpd();
        boolean heard = ackSinceTick || d.mode() == DeadPeerDetection.Mode.IDLE && heardSinceTick;
        if (heard && dpdMisses > 0) env.trace(new TraceEvent.TimerCancelled(machine + "/dpd", "answered after " + dpdMisses + " missed"));
        if (heard) dpdMisses = 0;
        else if (probeOutstanding) dpdMisses++;
        ackSinceTick = heardSinceTick = false;
        if (!heard && probeOutstanding && dpdMisses == 1) {
            // The first unanswered R-U-THERE (sent one interval ago): from its sending the peer is declared dead
            // after count intervals unless it answers. Traced so a report can pair it with the DOWN it decides.
            env.trace(new TraceEvent.TimerArmed(machine + "/dpd", env.now() + (d.count() - 1) * d.intervalNs(),
                    "dpd interval=" + d.intervalNs() + "ns count=" + d.count() + " mode=" + d.mode()));
        }
        if (dpdMisses >= d.count()) {
            goDown("DPD: peer " + cfg.remote() + " dead, " + dpdMisses + " R-U-THERE unanswered");
            return;
        }
        probeOutstanding = d.mode() == DeadPeerDetection.Mode.PERIODIC || !heard;
        if (probeOutstanding) endpoint.send(cfg, new IkeMessage.Dpd(ikeSa.initiatorCookie(), ikeSa.responderCookie(), false, ++dpdSequence));
        dpdTimer = env.after(d.intervalNs(), machine + "/dpd", this::dpdTick);
    }

    private void onDpd(IkeMessage.Dpd dpd) {
        if (ikeSa == null || !ikeSa.matches(dpd)) return; // RFC 3706 §5.3: no answer without the IKE SA
        if (!dpd.ack()) endpoint.send(cfg, new IkeMessage.Dpd(dpd.initiatorCookie(), dpd.responderCookie(), true, dpd.sequence()));
        else if (dpd.sequence() == dpdSequence) ackSinceTick = true;
    }

    // ------------------------------------------------------------------ data plane

    @Override public void transmitPacket(byte[] ipPacket, Ip4 nextHop) {
        if (outbound == null) {
            dropData(ipPacket, DropReason.INTERFACE_DOWN, "no SA");
            return;
        }
        if (lost()) {
            dropData(ipPacket, DropReason.LOSS, "degraded tx");
            return;
        }
        if (shaper == null) {
            seal(ipPacket);
            return;
        }
        long departure = shaper.admit(env.now(), ipPacket.length);
        if (departure == TunnelShaper.DROP) {
            dropData(ipPacket, DropReason.QUEUE_FULL, "over the tunnel cap (" + shaper.cap().describe() + ")");
            return;
        }
        env.schedule(departure, machine + "/tx", () -> {
            // The SA may have gone while the packet waited its turn.
            if (outbound == null) dropData(ipPacket, DropReason.INTERFACE_DOWN, "no SA");
            else seal(ipPacket);
        });
    }

    private void seal(byte[] ipPacket) {
        byte[] esp = outbound.seal(Esp.NEXT_IPV4, ipPacket);
        if (endpoint.sendOuter(cfg, IpProto.ESP, esp) != NodeStack.SendResult.SENT) {
            dropData(ipPacket, DropReason.NO_ROUTE, "no underlay route to " + cfg.remote());
            return;
        }
        counters.sent(ipPacket.length);
    }

    void onEsp(Ipv4Packet outer, int spi) {
        SecurityAssociation sa = inbound.get(spi);
        if (sa == null || state != State.UP) {
            dropData(null, DropReason.INTERFACE_DOWN, "esp spi " + SecurityAssociation.hex(spi) + " without SA");
            return;
        }
        if (lost()) {
            dropData(null, DropReason.LOSS, "degraded rx");
            return;
        }
        heardSinceTick = true;
        SecurityAssociation.Inbound in = sa.open(outer.payload());
        if (!in.accepted()) {
            dropData(null, in.reason(), in.detail());
            return;
        }
        Esp.Opened p = in.packet();
        if (p.nextHeader() == Esp.NEXT_NONE) return; // dummy packet (RFC 4303 §2.6)
        if (p.nextHeader() != Esp.NEXT_IPV4) {
            dropData(null, DropReason.NOT_FOR_US, "esp next header " + p.nextHeader());
            return;
        }
        counters.received(p.payload().length);
        stack.ipInput(ifc, p.payload(), null, false);
    }

    private boolean lost() { return dataLoss > 0 && lossRandom.nextDouble() < dataLoss; }

    private void dropData(byte[] inner, DropReason reason, String detail) {
        counters.dropped(reason);
        String flow = "";
        if (inner != null) {
            try {
                Ipv4Packet ip = Ipv4Packet.decode(inner, 0, inner.length);
                flow = " " + ip.src() + " > " + ip.dst() + " proto " + ip.protocol();
            } catch (MalformedPacketException e) {
                flow = "";
            }
        }
        env.trace(new TraceEvent.Dropped(stack.name() + ":" + machine, reason, inner == null ? 0 : inner.length, detail + flow));
    }

    // ------------------------------------------------------------------ helpers

    private void setState(State to, String reason) {
        State from = state;
        state = to;
        if (from != to) env.trace(new TraceEvent.StateChanged(machine, from.name(), to.name()));
        log(reason);
    }

    private void log(String text) {
        env.trace(new TraceEvent.Log("ipsec", cfg.name() + ": " + text));
    }

    private static void cancel(TimerHandle t) {
        if (t != null) t.cancel();
    }

    private long nonZeroCookie() {
        long c;
        do c = ikeRandom.nextLong(); while (c == 0);
        return c;
    }

    private byte[] nonce() {
        byte[] n = new byte[NONCE_LENGTH];
        ikeRandom.nextBytes(n);
        return n;
    }

    /** Stands in for IKE's SKEYSEED: HMAC-SHA256(psk, Ni | Nr | CKY-I | CKY-R). */
    private byte[] keySeed(byte[] initiatorNonce, byte[] responderNonce, long icookie, long rcookie) {
        byte[] cookies = new byte[16];
        IsakmpCodec.writeLong(cookies, 0, icookie);
        IsakmpCodec.writeLong(cookies, 8, rcookie);
        return hmac(cfg.preSharedKey().getBytes(StandardCharsets.UTF_8), initiatorNonce, responderNonce, cookies);
    }

    /** Proof of the pre-shared key by one side: HMAC(seed, "auth-I" | cookies) or "auth-R". */
    private static byte[] proof(Exchange x, boolean ofInitiator) {
        byte[] cookies = new byte[16];
        IsakmpCodec.writeLong(cookies, 0, x.initiatorCookie);
        IsakmpCodec.writeLong(cookies, 8, x.responderCookie);
        return hmac(x.keySeed, (ofInitiator ? "auth-I" : "auth-R").getBytes(StandardCharsets.US_ASCII), cookies);
    }

    /** ESP keys of the SA named {@code spi}: HMAC(seed, "esp" | SPI), first 16 octets the key, next 4 the salt. */
    static Esp.Keys espKeys(byte[] keySeed, int spi) {
        byte[] s = new byte[4];
        Esp.writeInt(s, 0, spi);
        byte[] km = hmac(keySeed, "esp".getBytes(StandardCharsets.US_ASCII), s);
        return new Esp.Keys(Arrays.copyOf(km, 16), Arrays.copyOfRange(km, 16, 20));
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            for (byte[] p : parts) mac.update(p);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JDK", e);
        }
    }
}
