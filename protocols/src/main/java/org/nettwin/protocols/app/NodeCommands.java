package org.nettwin.protocols.app;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nettwin.protocols.stack.NetInterface;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
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
        return Result.fail(255, "Object \"" + object + "\" is unknown, try \"ip help\".");
    }

    /** iproute2 accepts any prefix of an object name ("ip r", "ip ro", "ip a"). */
    private static boolean prefixOf(String word, String full) {
        return !word.isEmpty() && full.startsWith(word);
    }

    private Result link(List<String> a) {
        // ip link set [dev] NAME up|down
        if (a.size() < 3 || !a.get(0).equals("set")) return Result.fail(255, "ip link: only `ip link set [dev] NAME up|down` is modelled");
        int i = 1;
        if (a.get(i).equals("dev")) i++;
        String dev = a.get(i++);
        if (stack.iface(dev) == null) return Result.fail(1, "Cannot find device \"" + dev + "\"");
        for (; i < a.size(); i++) {
            switch (a.get(i)) {
                case "up" -> stack.setAdminUp(dev, true);
                case "down" -> stack.setAdminUp(dev, false);
                default -> { return Result.fail(255, "ip link set: unsupported argument \"" + a.get(i) + "\""); }
            }
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
