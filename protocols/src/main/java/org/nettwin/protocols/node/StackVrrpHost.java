package org.nettwin.protocols.node;

import java.util.List;
import java.util.function.Consumer;
import org.nettwin.protocols.codec.IpProto;
import org.nettwin.protocols.codec.Ipv4Packet;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.vrrp.VirtualAddress;
import org.nettwin.protocols.vrrp.VrrpHost;

/**
 * keepalived's view of a simulated Linux node: its raw VRRP socket, netlink link events, `ip addr` for VIPs
 * and fork/exec for scripts, all mapped onto a {@link NodeStack} and a {@link ScriptRunner}.
 */
public final class StackVrrpHost implements VrrpHost {
    /** VRRP adverts go to 224.0.0.18 (RFC 3768 §5.2.2) with TTL 255 (§5.2.3) and TOS 0xC0 (keepalived vrrp.c:1180). */
    public static final Ip4 VRRP_GROUP = Ip4.parse("224.0.0.18");
    private static final int VRRP_TTL = 255;
    private static final int VRRP_TOS = 0xc0;

    /** How check and notify commands are run on the node (the shell interpreter). */
    public interface ScriptRunner {
        void runCheck(String scriptName, List<String> argv, long timeoutNs, Consumer<CheckResult> done);

        void runNotify(List<String> argv);
    }

    private final NodeStack stack;
    private final ScriptRunner scripts;
    private InterfaceListener listener;

    public StackVrrpHost(NodeStack stack, ScriptRunner scripts) {
        this.stack = stack;
        this.scripts = scripts;
        stack.addLinkListener((ifc, up) -> {
            if (listener != null) listener.interfaceChanged(ifc.name(), up);
        });
    }

    private NetInterface ifc(String name) {
        NetInterface i = stack.iface(name);
        if (i == null) throw new IllegalArgumentException("keepalived: no interface " + name + " on " + stack.name());
        return i;
    }

    @Override public Mac interfaceMac(String ifName) { return ifc(ifName).mac(); }

    @Override public Ip4 primaryAddress(String ifName) { return ifc(ifName).primaryAddress(); }

    @Override public boolean interfaceUp(String ifName) {
        NetInterface i = stack.iface(ifName);
        return i != null && i.isUp();
    }

    @Override public void setInterfaceListener(InterfaceListener l) { this.listener = l; }

    @Override public void sendMulticastAdvert(String ifName, Ip4 src, Mac srcMac, byte[] vrrp) {
        stack.sendLinkLocal(ifName, packet(src, VRRP_GROUP, vrrp), srcMac);
    }

    @Override public void sendUnicastAdvert(String ifName, Ip4 src, Ip4 dst, byte[] vrrp) {
        stack.sendIp(packet(src, dst, vrrp), null);
    }

    private Ipv4Packet packet(Ip4 src, Ip4 dst, byte[] vrrp) {
        return new Ipv4Packet(VRRP_TOS, stack.nextId(), false, false, 0, VRRP_TTL, IpProto.VRRP, src, dst, vrrp);
    }

    @Override public void sendFrame(String ifName, byte[] frame) { stack.transmitFrame(ifc(ifName), frame); }

    @Override public void addVip(String ifName, VirtualAddress vip, Mac vmac) {
        String dev = vip.deviceOr(ifName);
        if (!ifc(dev).addresses().contains(vip.address())) stack.addAddress(dev, vip.address());
        if (vmac != null) stack.setAddressMac(vip.ip(), vmac);
    }

    @Override public void removeVip(String ifName, VirtualAddress vip) {
        String dev = vip.deviceOr(ifName);
        stack.removeAddress(dev, vip.address());
        stack.setAddressMac(vip.ip(), null);
    }

    @Override public void runCheck(String scriptName, List<String> argv, long timeoutNs, Consumer<CheckResult> done) {
        scripts.runCheck(scriptName, argv, timeoutNs, done);
    }

    @Override public void runNotify(List<String> argv) { scripts.runNotify(argv); }
}
