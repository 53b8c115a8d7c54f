package org.nettwin.protocols.vrrp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nettwin.protocols.value.Ip4;

/**
 * One vrrp_instance with every setting resolved (global defaults applied), as keepalived holds it after
 * reading its configuration. Durations are in µs, keepalived's TIMER_HZ unit; {@code advertIntervalMicros}
 * is already rounded as the version requires (v2 whole seconds, v3 centiseconds). Build one with
 * {@link #builder}; the builder's defaults are keepalived's.
 */
public record VrrpInstanceConfig(
        String name,
        String interfaceName,
        int vrid,
        int version,
        int priority,
        long advertIntervalMicros,
        InitialState initialState,
        boolean nopreempt,
        long preemptDelayMicros,
        int authType,
        String authPass,
        Ip4 sourceIp,
        List<Ip4> unicastPeers,
        List<VirtualAddress> virtualAddresses,
        List<TrackScript> trackScripts,
        List<TrackInterface> trackInterfaces,
        NotifyScripts notifyScripts,
        boolean useVmac,
        Garp garp,
        boolean v3ChecksumAsV2,
        boolean dontTrackPrimary,
        boolean skipCheckAdvAddr) {

    /** The `state` keyword: where the instance wants to be, not where it starts (protocol-facts §2). */
    public enum InitialState { MASTER, BACKUP }

    /** A track_script entry with its weight resolved (the entry's own `weight`, else the script's). */
    public record TrackScript(String script, int weight) {}

    /** A track_interface entry; weight 0 means "down puts the instance in FAULT". */
    public record TrackInterface(String interfaceName, int weight) {}

    /** notify_* commands as argv (empty when not configured) and the generic `notify`. */
    public record NotifyScripts(List<String> master, List<String> backup, List<String> fault, List<String> stop, List<String> generic) {
        public static final NotifyScripts NONE = new NotifyScripts(List.of(), List.of(), List.of(), List.of(), List.of());

        public NotifyScripts {
            master = List.copyOf(master);
            backup = List.copyOf(backup);
            fault = List.copyOf(fault);
            stop = List.copyOf(stop);
            generic = List.copyOf(generic);
        }
    }

    /**
     * Gratuitous ARP settings (vrrp.h:131-134): {@code masterRepeat} GARPs per VIP on becoming MASTER and as
     * many again {@code masterDelayMicros} later; every {@code masterRefreshMicros} (0 = off) while MASTER,
     * {@code masterRefreshRepeat} more.
     */
    public record Garp(long masterDelayMicros, int masterRepeat, long masterRefreshMicros, int masterRefreshRepeat) {
        public static final Garp DEFAULT = new Garp(5 * VrrpTiming.TIMER_HZ, 5, 0, 1);
    }

    public VrrpInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(garp, "garp");
        if (vrid < 1 || vrid > 255) throw new IllegalArgumentException("VRID out of 1..255: " + vrid);
        if (version != 2 && version != 3) throw new IllegalArgumentException("VRRP version must be 2 or 3: " + version);
        if (priority < 1 || priority > 255) throw new IllegalArgumentException("priority out of 1..255: " + priority);
        if (advertIntervalMicros <= 0) throw new IllegalArgumentException("advert interval must be positive");
        if (authType != VrrpPacket.AUTH_NONE && authType != VrrpPacket.AUTH_PASS) throw new IllegalArgumentException("auth type must be none or PASS");
        if (authPass != null && authPass.getBytes(StandardCharsets.ISO_8859_1).length > VrrpPacket.AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("auth_pass is at most 8 bytes once truncated");
        }
        unicastPeers = List.copyOf(unicastPeers);
        virtualAddresses = List.copyOf(virtualAddresses);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
    }

    public static Builder builder(String name, String interfaceName, int vrid) { return new Builder(name, interfaceName, vrid); }

    /** A builder starting from this configuration (used by tests and reload). */
    public Builder toBuilder() {
        Builder b = new Builder(name, interfaceName, vrid);
        b.version = version;
        b.priority = priority;
        b.advertIntervalMicros = advertIntervalMicros;
        b.initialState = initialState;
        b.nopreempt = nopreempt;
        b.preemptDelayMicros = preemptDelayMicros;
        b.authType = authType;
        b.authPass = authPass;
        b.sourceIp = sourceIp;
        b.unicastPeers.addAll(unicastPeers);
        b.virtualAddresses.addAll(virtualAddresses);
        b.trackScripts.addAll(trackScripts);
        b.trackInterfaces.addAll(trackInterfaces);
        b.notifyScripts = notifyScripts;
        b.useVmac = useVmac;
        b.garp = garp;
        b.v3ChecksumAsV2 = v3ChecksumAsV2;
        b.dontTrackPrimary = dontTrackPrimary;
        b.skipCheckAdvAddr = skipCheckAdvAddr;
        return b;
    }

    public boolean unicast() { return !unicastPeers.isEmpty(); }

    /** The 8 authentication bytes of a v2 advert: the password NUL-padded, or zeros (vrrp_parser.c:1431-1445). */
    public byte[] authData() {
        byte[] data = new byte[VrrpPacket.AUTH_DATA_LENGTH];
        if (authType == VrrpPacket.AUTH_PASS && authPass != null) {
            byte[] pw = authPass.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(pw, 0, data, 0, pw.length);
        }
        return data;
    }

    /** The advert interval in the unit of the version's wire field: seconds (v2) or centiseconds (v3). */
    public int advertIntervalWire() {
        return (int) (version == 2 ? advertIntervalMicros / VrrpTiming.TIMER_HZ : advertIntervalMicros / VrrpTiming.TIMER_CENTI_HZ);
    }

    public List<Ip4> vipAddresses() {
        return virtualAddresses.stream().map(VirtualAddress::ip).toList();
    }

    /** Mutable collector for a configuration; every field starts at keepalived's default. */
    public static final class Builder {
        private final String name;
        private final String interfaceName;
        private final int vrid;
        private int version = 2;
        private int priority = 100;
        private long advertIntervalMicros = VrrpTiming.TIMER_HZ;
        private InitialState initialState = InitialState.BACKUP;
        private boolean nopreempt;
        private long preemptDelayMicros;
        private int authType = VrrpPacket.AUTH_NONE;
        private String authPass;
        private Ip4 sourceIp;
        private final List<Ip4> unicastPeers = new ArrayList<>();
        private final List<VirtualAddress> virtualAddresses = new ArrayList<>();
        private final List<TrackScript> trackScripts = new ArrayList<>();
        private final List<TrackInterface> trackInterfaces = new ArrayList<>();
        private NotifyScripts notifyScripts = NotifyScripts.NONE;
        private boolean useVmac;
        private Garp garp = Garp.DEFAULT;
        private boolean v3ChecksumAsV2;
        private boolean dontTrackPrimary;
        private boolean skipCheckAdvAddr;

        private Builder(String name, String interfaceName, int vrid) {
            this.name = name;
            this.interfaceName = interfaceName;
            this.vrid = vrid;
        }

        public Builder version(int v) { this.version = v; return this; }
        public Builder priority(int p) { this.priority = p; return this; }
        public Builder advertIntervalMicros(long us) { this.advertIntervalMicros = us; return this; }
        public Builder initialState(InitialState s) { this.initialState = s; return this; }
        public Builder nopreempt(boolean on) { this.nopreempt = on; return this; }
        public Builder preemptDelayMicros(long us) { this.preemptDelayMicros = us; return this; }
        public Builder authPass(String pass) { this.authType = VrrpPacket.AUTH_PASS; this.authPass = pass; return this; }
        public Builder authType(int type) { this.authType = type; return this; }
        public Builder sourceIp(Ip4 ip) { this.sourceIp = ip; return this; }
        public Builder unicastPeer(Ip4 peer) { this.unicastPeers.add(peer); return this; }
        public Builder virtualAddress(VirtualAddress vip) { this.virtualAddresses.add(vip); return this; }
        public Builder trackScript(String script, int weight) { this.trackScripts.add(new TrackScript(script, weight)); return this; }
        public Builder trackInterface(String ifName, int weight) { this.trackInterfaces.add(new TrackInterface(ifName, weight)); return this; }
        public Builder notifyScripts(NotifyScripts n) { this.notifyScripts = n; return this; }
        public Builder useVmac(boolean on) { this.useVmac = on; return this; }
        public Builder garp(Garp g) { this.garp = g; return this; }
        public Builder v3ChecksumAsV2(boolean on) { this.v3ChecksumAsV2 = on; return this; }
        public Builder dontTrackPrimary(boolean on) { this.dontTrackPrimary = on; return this; }
        public Builder skipCheckAdvAddr(boolean on) { this.skipCheckAdvAddr = on; return this; }

        public VrrpInstanceConfig build() {
            return new VrrpInstanceConfig(name, interfaceName, vrid, version, priority, advertIntervalMicros, initialState,
                    nopreempt, preemptDelayMicros, authType, authPass, sourceIp, unicastPeers, virtualAddresses, trackScripts,
                    trackInterfaces, notifyScripts, useVmac, garp, v3ChecksumAsV2, dontTrackPrimary, skipCheckAdvAddr);
        }
    }

    @Override public String toString() {
        return "vrrp_instance " + name + " {dev=" + interfaceName + " vrid=" + vrid + " v" + version + " prio=" + priority
                + " int=" + advertIntervalMicros + "us state=" + initialState + " vips=" + virtualAddresses
                + (unicast() ? " peers=" + unicastPeers : "") + (authType == VrrpPacket.AUTH_PASS ? " auth=PASS" : "") + "}";
    }
}
