package org.nettwin.protocols.vrrp;

import java.util.List;
import java.util.function.Consumer;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * What a keepalived process needs from the node it runs on: the kernel, sockets and fork/exec it would use
 * on Linux. Protocol code never touches the node's stack directly; the node (or a test) implements this.
 * All calls happen on the node's own thread of control. Time and timers come from {@code NodeEnv}, not
 * from here.
 */
public interface VrrpHost {

    /** The hardware address of interface {@code ifName}. */
    Mac interfaceMac(String ifName);

    /** The primary IPv4 address of {@code ifName} (keepalived's default advert source), or null if it has none. */
    Ip4 primaryAddress(String ifName);

    /** Whether {@code ifName} is usable (administratively up with carrier), as netlink would report it. */
    boolean interfaceUp(String ifName);

    /**
     * Registers the one listener told when an interface goes up or down (netlink link events; used for the
     * instance's own interface and track_interface). Null unregisters.
     */
    void setInterfaceListener(InterfaceListener listener);

    /**
     * Sends an advert to the VRRP multicast group out of {@code ifName}: the host wraps {@code vrrp} in IPv4
     * (src {@code src}, dst 224.0.0.18, TTL 255, TOS 0xC0, protocol 112, DF clear) and Ethernet (dst
     * 01:00:5e:00:00:12, src {@code srcMac}: the interface MAC, or the virtual MAC under use_vmac).
     */
    void sendMulticastAdvert(String ifName, Ip4 src, Mac srcMac, byte[] vrrp);

    /**
     * Sends one unicast copy of an advert to {@code dst} (one unicast_peer), routed by the node like any
     * locally generated packet (TTL 255, TOS 0xC0, protocol 112). A peer that is one of the node's own
     * addresses is delivered locally, as Linux does.
     */
    void sendUnicastAdvert(String ifName, Ip4 src, Ip4 dst, byte[] vrrp);

    /** Puts a complete Ethernet frame (gratuitous ARP) on {@code ifName} as a packet socket would. */
    void sendFrame(String ifName, byte[] frame);

    /**
     * `ip addr add`: puts virtual address {@code vip} on interface {@code ifName}. {@code vmac} is the
     * virtual MAC the node must answer ARP for it with (use_vmac), or null to answer with the interface MAC.
     */
    void addVip(String ifName, VirtualAddress vip, Mac vmac);

    /** `ip addr del` of a virtual address; a no-op if it is not there. */
    void removeVip(String ifName, VirtualAddress vip);

    /**
     * Runs a vrrp_script check command ({@code argv}, as keepalived would exec it) in the background. The
     * host decides what the command does in the simulated world (e.g. `ping -I ppp0 ...`), kills it after
     * {@code timeoutNs} and calls {@code done} exactly once, later, on the node's thread.
     */
    void runCheck(String scriptName, List<String> argv, long timeoutNs, Consumer<CheckResult> done);

    /** Runs a notify script with {@code argv} and forgets it, as keepalived does; its effect is the host's business. */
    void runNotify(List<String> argv);

    /** Told by the host when an interface changes state. */
    @FunctionalInterface
    interface InterfaceListener {
        void interfaceChanged(String ifName, boolean up);
    }

    /** How a check command ended. */
    sealed interface CheckResult {
        /** The command exited with {@code status} (0 = success). */
        record Exited(int status) implements CheckResult {}

        /** The command was still running at its timeout and was killed. */
        record TimedOut() implements CheckResult {}
    }
}
