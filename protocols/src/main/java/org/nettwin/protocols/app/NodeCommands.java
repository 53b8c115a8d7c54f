package org.nettwin.protocols.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nettwin.protocols.stack.BridgeDevice;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.stack.VxlanDevice;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * Models of the Linux commands that change a node's network state (`ip link|addr|route`, `sysctl -w`),
 * applied to a NodeStack. A command the twin does not model is reported as a Diagnostic and fails with
 * status 127 — never silently ignored.
 */
public final class NodeCommands {
    /** Exit status and what the command printed. */
    public record Result(int status, List<String> output) {
        static Result ok() { return new Result(0, List.of()); }
        static Result ok(List<String> out) { return new Result(0, out); }
        static Result fail(int status, String message) { return new Result(status, List.of(message)); }
    }

    private final NodeStack stack;

    public NodeCommands(NodeStack stack) {
        this.stack = stack;
    }

    /** Runs one command line (already split into words) on the node. {@code origin} names where it came from. */
    public Result run(List<String> argv, String origin) {
        if (argv.isEmpty()) return Result.ok();
        String cmd = argv.get(0);
        try {
            return switch (cmd) {
                case "ip", "/sbin/ip", "/usr/sbin/ip", "/bin/ip" -> ip(argv.subList(1, argv.size()));
                case "sysctl", "/sbin/sysctl", "/usr/sbin/sysctl" -> sysctl(argv.subList(1, argv.size()));
                case "poff", "/usr/bin/poff" -> ppp(argv, false);
                case "pon", "/usr/bin/pon" -> ppp(argv, true);
                case "iptables", "/sbin/iptables", "/usr/sbin/iptables" -> iptables(argv.subList(1, argv.size()));
                case "bridge", "/sbin/bridge", "/usr/sbin/bridge" -> bridge(argv.subList(1, argv.size()));
                default -> unknown(argv, origin);
            };
        } catch (IllegalArgumentException e) {
            return Result.fail(1, cmd + ": " + e.getMessage());
        }
    }

    public Result run(String line, String origin) {
        return run(Arrays.asList(line.trim().split("\\s+")), origin);
    }

    private Result unknown(List<String> argv, String origin) {
        stack.env().trace(new TraceEvent.Diagnostic("warning", origin, "command not modelled by the twin: " + String.join(" ", argv)));
        return Result.fail(127, argv.get(0) + ": command not found");
    }

    private Result ip(List<String> a) {
        if (a.isEmpty()) return Result.fail(255, "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }");
        String object = a.get(0);
        List<String> rest = a.subList(1, a.size());
        if (prefixOf(object, "link")) return link(rest);
        if (prefixOf(object, "address")) return addr(rest);
        if (prefixOf(object, "route")) return route(rest);
        if (prefixOf(object, "tunnel")) return tunnel(rest);
        if (object.equals("l2tp")) return L2tpCommands.run(stack, rest);
        return Result.fail(255, "Object \"" + object + "\" is unknown, try \"ip help\".");
    }

    /** iproute2 accepts any prefix of an object name ("ip r", "ip ro", "ip a"). */
    private static boolean prefixOf(String word, String full) {
        return !word.isEmpty() && full.startsWith(word);
    }

    private Result link(List<String> a) {
        if (!a.isEmpty() && a.get(0).equals("add")) return linkAdd(a.subList(1, a.size()));
        if (!a.isEmpty() && (a.get(0).equals("del") || a.get(0).equals("delete"))) {
            String dev = a.size() > 2 && a.get(1).equals("dev") ? a.get(2) : a.size() > 1 ? a.get(1) : null;
            if (dev == null || stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
            stack.removeInterface(dev);
            return Result.ok();
        }
        // ip link set [dev] NAME up|down [mtu N]
        if (a.size() < 3 || !a.get(0).equals("set")) return Result.fail(255, "ip link: modelled are `ip link set [dev] NAME up|down|master BR|nomaster`, `ip link add NAME type vxlan ...|bridge`, `ip link del NAME`");
        int i = 1;
        if (a.get(i).equals("dev")) i++;
        String dev = a.get(i++);
        if (stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
        for (; i < a.size(); i++) {
            switch (a.get(i)) {
                case "up" -> stack.setAdminUp(dev, true);
                case "down" -> stack.setAdminUp(dev, false);
                case "master" -> {
                    String master = i + 1 < a.size() ? a.get(++i) : null;
                    BridgeDevice bridge = BridgeDevice.of(master == null ? null : stack.iface(master));
                    if (master == null || stack.iface(master) == null) return Result.fail(1, "Device does not exist");
                    if (bridge == null) return Result.fail(2, "RTNETLINK answers: Operation not supported");
                    bridge.attach(stack.iface(dev));
                }
                case "nomaster" -> {
                    NetInterface port = stack.iface(dev);
                    if (port.master() != null) port.master().detach(port);
                }
                default -> { return Result.fail(255, "ip link set: unsupported argument \"" + a.get(i) + "\""); }
            }
        }
        return Result.ok();
    }

    /** `ip link add NAME type vxlan id VNI [dev D] [local A] [remote R] [dstport P] [nolearning] [ttl T]`, `ip link add NAME type bridge` */
    private Result linkAdd(List<String> a) {
        if (a.size() < 3) return Result.fail(255, "Not enough information: \"type\" argument is required.");
        String name = a.get(0).equals("name") || a.get(0).equals("dev") ? a.get(1) : a.get(0);
        String type = valueAfter(a, "type");
        if (!"vxlan".equals(type) && !"bridge".equals(type)) return Result.fail(2, "ip link add: type \"" + type + "\" is not modelled by the twin (vxlan and bridge are)");
        if (stack.iface(name) != null) return Result.fail(2, "RTNETLINK answers: File exists");
        if (type.equals("bridge")) {
            BridgeDevice.create(stack, name, randomMac(name));
            stack.env().trace(new TraceEvent.Log("kernel", "ip link add " + name + " type bridge"));
            return Result.ok();
        }
        String id = valueAfter(a, "id");
        if (id == null) id = valueAfter(a, "vni");
        if (id == null) return Result.fail(255, "vxlan: missing virtual network identifier");
        String dev = valueAfter(a, "dev");
        if (dev != null && stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
        String local = valueAfter(a, "local");
        String remote = valueAfter(a, "remote");
        String port = valueAfter(a, "dstport");
        String ttl = valueAfter(a, "ttl");
        List<String> out = new java.util.ArrayList<>();
        int dstPort;
        if (port == null) {
            // iproute2 (ip/iplink_vxlan.c) warns, and the kernel uses its historical port.
            out.add("vxlan: destination port not specified");
            out.add("Will use Linux kernel default (non-standard value)");
            out.add("Use 'dstport 4789' to get the IANA assigned value");
            out.add("Use 'dstport 0' to get default and quiet this message");
            dstPort = org.nettwin.protocols.codec.VxlanHeader.LINUX_DEFAULT_PORT;
        } else {
            dstPort = Integer.parseInt(port);
            if (dstPort == 0) dstPort = org.nettwin.protocols.codec.VxlanHeader.LINUX_DEFAULT_PORT;
        }
        int vni = Integer.parseInt(id);
        if (vni < 0 || vni > 0xffffff) return Result.fail(255, "vxlan: invalid id \"" + id + "\"");
        org.nettwin.protocols.value.Mac mac = randomMac(name);
        VxlanDevice d = VxlanDevice.create(stack, name, mac, new VxlanDevice.Config(vni, local == null ? null : Ip4.parse(local), dev, dstPort,
                !a.contains("nolearning"), ttl == null || ttl.equals("auto") || ttl.equals("inherit") ? NodeStack.DEFAULT_TTL : Integer.parseInt(ttl)));
        if (remote != null) d.fdbAdd(org.nettwin.protocols.value.Mac.ZERO, Ip4.parse(remote));
        stack.env().trace(new TraceEvent.Log("kernel", "ip link add " + name + " type vxlan id " + vni + " dstport " + dstPort + (dev != null ? " dev " + dev : "")));
        return Result.ok(out);
    }

    /** `ip tunnel add|del NAME mode gre remote R [local L] [ttl T] [key K]`: an IP-in-GRE device (protocol-facts §3.2). */
    private Result tunnel(List<String> a) {
        if (a.size() < 2) return Result.fail(255, "ip tunnel: modelled are `ip tunnel add NAME mode gre remote R [local L] [ttl T] [key K]` and `ip tunnel del NAME`");
        String verb = a.get(0);
        String name = a.get(1).equals("name") && a.size() > 2 ? a.get(2) : a.get(1);
        if (verb.equals("del") || verb.equals("delete")) {
            if (org.nettwin.protocols.gre.GreDevice.of(stack.iface(name)) == null) return Result.fail(1, "delete tunnel \"" + name + "\" failed: No such device");
            stack.removeInterface(name);
            return Result.ok();
        }
        if (!verb.equals("add")) return Result.fail(255, "ip tunnel: unsupported command \"" + verb + "\" (add and del are modelled)");
        String mode = valueAfter(a, "mode");
        if (!"gre".equals(mode)) return Result.fail(255, "ip tunnel: mode \"" + mode + "\" is not modelled by the twin (gre is)");
        if (stack.iface(name) != null) return Result.fail(1, "add tunnel \"" + name + "\" failed: File exists");
        String remote = valueAfter(a, "remote");
        if (remote == null || remote.equals("any")) return Result.fail(255, "ip tunnel: a point-to-point gre tunnel needs `remote ADDR` in the twin");
        String local = valueAfter(a, "local");
        String ttl = valueAfter(a, "ttl");
        String key = valueAfter(a, "key");
        int outerTtl = ttl == null || ttl.equals("inherit") ? 0 : Integer.parseInt(ttl); // iproute2: no ttl = inherit
        // iproute2 takes a key as a number or a dotted quad (get_addr32 fallback).
        Long greKey = key == null ? null : key.contains(".") ? Ip4.parse(key).bits() & 0xffffffffL : Long.parseLong(key);
        org.nettwin.protocols.gre.GreDevice.Config cfg = new org.nettwin.protocols.gre.GreDevice.Config(
                local == null || local.equals("any") ? null : Ip4.parse(local), Ip4.parse(remote), outerTtl, greKey);
        org.nettwin.protocols.gre.GreDevice.create(stack, name, cfg);
        stack.env().trace(new TraceEvent.Log("kernel", "ip tunnel add " + name + " mode gre remote " + remote + (local != null ? " local " + local : "")
                + " ttl " + (outerTtl == 0 ? "inherit" : outerTtl) + (greKey != null ? " key " + greKey : "")));
        return Result.ok();
    }

    /** Linux gives a new software device a random locally administered MAC (eth_hw_addr_random). */
    private org.nettwin.protocols.value.Mac randomMac(String name) {
        long bits = stack.env().random("link/" + name + "/mac").nextLong() & 0xffffffffffffL;
        return new org.nettwin.protocols.value.Mac((bits & ~0x010000000000L) | 0x020000000000L);
    }

    /** `bridge fdb append|add|replace|del MAC dev NAME [dst IP]`, `bridge fdb show [dev NAME]` for VXLAN devices. */
    private Result bridge(List<String> a) {
        if (a.isEmpty() || !a.get(0).equals("fdb")) return Result.fail(255, "bridge: only `bridge fdb ...` on vxlan devices is modelled");
        String verb = a.size() > 1 ? a.get(1) : "show";
        String dev = valueAfter(a, "dev");
        if (verb.equals("show")) {
            List<String> out = new java.util.ArrayList<>();
            for (NetInterface i : stack.interfaces()) {
                if (i.device() instanceof VxlanDevice v && (dev == null || dev.equals(i.name()))) out.addAll(v.fdbShow());
            }
            return Result.ok(out);
        }
        if (a.size() < 3 || dev == null) return Result.fail(255, "bridge fdb " + verb + ": usage: bridge fdb " + verb + " LLADDR dev DEV [dst IPADDR]");
        NetInterface ifc = stack.iface(dev);
        if (ifc == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
        if (!(ifc.device() instanceof VxlanDevice v)) return Result.fail(2, "bridge fdb: " + dev + " is not a vxlan device (only vxlan FDBs are modelled)");
        org.nettwin.protocols.value.Mac mac = org.nettwin.protocols.value.Mac.parse(a.get(2));
        String dst = valueAfter(a, "dst");
        switch (verb) {
            case "append", "add", "replace" -> {
                if (dst == null) return Result.fail(255, "bridge fdb " + verb + ": a vxlan entry needs `dst IP`");
                v.fdbAdd(mac, Ip4.parse(dst));
            }
            case "del", "delete" -> {
                if (!v.fdbDel(mac, dst == null ? null : Ip4.parse(dst))) return Result.fail(2, "RTNETLINK answers: No such file or directory");
            }
            default -> { return Result.fail(255, "bridge fdb: unsupported command \"" + verb + "\""); }
        }
        return Result.ok();
    }

    private Result addr(List<String> a) {
        if (a.isEmpty() || prefixOf(a.get(0), "show") || prefixOf(a.get(0), "list")) {
            List<String> out = new ArrayList<>();
            for (NetInterface i : stack.interfaces()) {
                out.add((i.index() + 1) + ": " + i.name() + ": <" + (i.adminUp() ? "UP" : "DOWN") + (i.carrier() ? ",LOWER_UP" : "") + "> mtu " + i.mtu());
                for (IfAddr ad : i.addresses()) out.add("    inet " + ad + " scope global " + i.name());
            }
            return Result.ok(out);
        }
        String verb = a.get(0);
        if (a.size() < 2) return Result.fail(255, "ip addr " + verb + ": missing address");
        IfAddr addr = IfAddr.parse(a.get(1));
        String dev = valueAfter(a, "dev");
        if (dev == null) return Result.fail(255, "Not enough information: \"dev\" argument is required.");
        if (stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
        switch (verb) {
            case "add" -> {
                if (stack.iface(dev).addresses().contains(addr)) return Result.fail(2, "RTNETLINK answers: File exists");
                stack.addAddress(dev, addr);
            }
            case "del", "delete" -> {
                if (!stack.removeAddress(dev, addr)) return Result.fail(2, "RTNETLINK answers: Cannot assign requested address");
            }
            default -> { return Result.fail(255, "ip addr: unsupported command \"" + verb + "\""); }
        }
        return Result.ok();
    }

    private Result route(List<String> a) {
        if (a.isEmpty() || prefixOf(a.get(0), "show") || prefixOf(a.get(0), "list")) return Result.ok(stack.showRoutes());
        String verb = a.get(0);
        if (a.size() < 2) return Result.fail(255, "ip route " + verb + ": missing prefix");
        Prefix4 prefix = Prefix4.parse(a.get(1));
        String via = valueAfter(a, "via");
        String dev = valueAfter(a, "dev");
        String metricText = valueAfter(a, "metric");
        if (metricText == null) metricText = valueAfter(a, "preference");
        int metric = metricText == null ? 0 : Integer.parseInt(metricText);
        Ip4 gw = via == null ? null : Ip4.parse(via);
        if (dev == null && gw != null) {
            for (NetInterface i : stack.interfaces()) if (i.adminUp() && i.onLink(gw)) { dev = i.name(); break; }
            if (dev == null) return Result.fail(2, "RTNETLINK answers: Network is unreachable");
        }
        switch (verb) {
            case "add", "replace", "change" -> {
                if (dev == null) return Result.fail(2, "RTNETLINK answers: No such device");
                if (stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
                if (!stack.iface(dev).adminUp()) return Result.fail(2, "RTNETLINK answers: Network is down");
                if (gw != null && !stack.iface(dev).onLink(gw)) return Result.fail(2, "RTNETLINK answers: Network is unreachable");
                Route r = new Route(prefix, gw, dev, metric, Route.Origin.STATIC, null);
                if (verb.equals("add")) {
                    boolean exists = stack.routes().routes().stream().anyMatch(x -> x.prefix().equals(prefix) && x.metric() == metric);
                    if (exists) return Result.fail(2, "RTNETLINK answers: File exists");
                    stack.routes().add(r);
                } else {
                    stack.routes().replace(r);
                }
                stack.env().trace(new TraceEvent.Log("kernel", "ip route " + verb + " " + r));
            }
            case "del", "delete" -> {
                final String d = dev;
                int n = stack.routes().removeIf(x -> x.prefix().equals(prefix) && (gw == null || gw.equals(x.gateway()))
                        && (d == null || d.equals(x.device())) && (metricTextAbsent(a) || x.metric() == metric));
                if (n == 0) return Result.fail(2, "RTNETLINK answers: No such process");
                stack.env().trace(new TraceEvent.Log("kernel", "ip route del " + prefix));
            }
            default -> { return Result.fail(255, "ip route: unsupported command \"" + verb + "\""); }
        }
        return Result.ok();
    }

    private static boolean metricTextAbsent(List<String> a) {
        return !a.contains("metric") && !a.contains("preference");
    }

    /** `pon|poff [provider]`: the PPP interface whose pppd peer is that provider ("provider" by default, as Debian). */
    private Result ppp(List<String> argv, boolean connect) {
        String provider = argv.size() > 1 ? argv.get(1) : "provider";
        for (NetInterface i : stack.interfaces()) {
            if (i.ppp() != null && i.ppp().provider().equals(provider)) {
                if (connect) stack.pppConnect(i.name());
                else stack.pppDisconnect(i.name());
                return Result.ok();
            }
        }
        return Result.fail(1, argv.get(0) + ": no pppd peer \"" + provider + "\" on this node (/etc/ppp/peers/" + provider + ")");
    }

    /** Only `iptables -t nat -A|-D POSTROUTING -o IF -j MASQUERADE` is modelled. */
    private Result iptables(List<String> a) {
        String table = valueAfter(a, "-t");
        String out = valueAfter(a, "-o");
        String target = valueAfter(a, "-j");
        boolean add = a.contains("-A") || a.contains("-I");
        boolean del = a.contains("-D");
        if (!"nat".equals(table) || !"MASQUERADE".equals(target) || out == null || add == del
                || !a.contains("POSTROUTING")) {
            stack.env().trace(new TraceEvent.Diagnostic("warning", "iptables", "rule not modelled: iptables " + String.join(" ", a)));
            return Result.fail(2, "iptables: only -t nat -A|-D POSTROUTING -o IF -j MASQUERADE is modelled by the twin");
        }
        if (stack.iface(out) == null) return Result.fail(1, "iptables: no interface " + out);
        stack.setMasquerade(out, add);
        return Result.ok();
    }

    private Result sysctl(List<String> a) {
        List<String> out = new ArrayList<>();
        for (String arg : a) {
            if (arg.startsWith("-")) continue; // -w, -q: writing is what an assignment does anyway
            int eq = arg.indexOf('=');
            if (eq < 0) return Result.fail(255, "sysctl: reading keys is not modelled: " + arg);
            String key = arg.substring(0, eq).trim().replace('/', '.');
            String value = arg.substring(eq + 1).trim();
            Result r = writeSysctl(key, value);
            if (r.status() != 0) return r;
            out.add(key + " = " + value);
        }
        return Result.ok(out);
    }

    /** Applies one sysctl; also the target of `echo 1 > /proc/sys/net/ipv4/ip_forward`. */
    public Result writeSysctl(String key, String value) {
        switch (key) {
            case "net.ipv4.ip_forward", "net.ipv4.conf.all.forwarding" -> stack.setForwarding(!value.equals("0"));
            case "net.ipv4.ip_nonlocal_bind" -> { } // lets keepalived bind the VIP before owning it; no effect on the model
            case "net.ipv4.conf.all.accept_redirects", "net.ipv4.conf.default.accept_redirects" -> stack.setAcceptRedirects(!value.equals("0"));
            default -> {
                stack.env().trace(new TraceEvent.Diagnostic("warning", "sysctl", "sysctl key not modelled: " + key));
                return Result.fail(255, "sysctl: cannot stat /proc/sys/" + key.replace('.', '/') + ": No such file or directory");
            }
        }
        return Result.ok();
    }

    private static String valueAfter(List<String> a, String key) {
        int i = a.indexOf(key);
        return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : null;
    }
}
