package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.ipsec.IpsecTunnel;
import org.nettwin.protocols.ipsec.TunnelCap;
import org.nettwin.protocols.ipsec.TunnelConfig;
import org.nettwin.protocols.rtx.RtxConfig;
import org.nettwin.protocols.rtx.RtxImport;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.stack.Route;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * Commands of the twin's VPN gateways. `ipsec` is nettwin's own small CLI (no real program has this
 * syntax) for cloud-side gateways; `rtx-config FILE` imports a YAMAHA RTX configuration; `ipsec-degrade`,
 * `ipsec-disable` and `ipsec-enable` are the operator actions and faults a scenario's `run:` uses
 * (protocol-facts §8.4):
 * <pre>
 *   ipsec tunnel add NAME local A remote B psk KEY [dev IF] [passive] [dpd periodic|idle INTERVAL COUNT]
 *                         [lifetime SECONDS] [retry SECONDS] [mtu N]
 *                         [kind aws|gcp-classic] [rate RATE] [pps N] [queue PACKETS] [stats SECONDS]
 *   ipsec route add PREFIX dev TUNNEL [dev TUNNEL...] [metric M]   (withdrawn while a tunnel is down; ECMP over several)
 *   ipsec show [NAME]
 *   ipsec-degrade NAME LOSS%      ipsec-disable NAME      ipsec-enable NAME      rtx-config FILE
 * </pre>
 * {@code kind} gives the tunnel its gateway's throughput cap (protocol-facts §5.3, §5.4): {@code aws} a Standard
 * tunnel's 1.25 Gbit/s, {@code gcp-classic} 250,000 pps and 1.5 Gbit/s (the seed's per-gateway figure); {@code rate},
 * {@code pps} and {@code queue} set or override the cap's parts ({@link TunnelCap}). {@code stats} traces the
 * tunnel's counters every SECONDS (docs/report-format.md).
 */
final class IpsecCommands {
    private static final String USAGE_TUNNEL = "usage: ipsec tunnel add NAME local A remote B psk KEY [dev IF] [passive] "
            + "[dpd periodic|idle INTERVAL COUNT] [lifetime SECONDS] [retry SECONDS] [mtu N] "
            + "[kind aws|gcp-classic] [rate RATE] [pps N] [queue PACKETS] [stats SECONDS]";
    private static final String USAGE_ROUTE = "usage: ipsec route add PREFIX dev TUNNEL [dev TUNNEL...] [metric M]";

    private IpsecCommands() {}

    static void registerAll(CommandRegistry r) {
        r.register("ipsec", IpsecCommands::ipsec);
        r.register("ipsec-degrade", IpsecCommands::degrade);
        r.register("ipsec-disable", (ctx, argv, done) -> operator(ctx, argv, done, IpsecTunnel::disable));
        r.register("ipsec-enable", (ctx, argv, done) -> operator(ctx, argv, done, IpsecTunnel::enable));
        r.register("rtx-config", IpsecCommands::rtxConfig);
        // The GCP routes whose next hop is one of this gateway's tunnels (seed 004).
        GcloudCommands.register(r);
    }

    /** A usage or argument error, reported as the command's stderr with status 1. */
    private static final class Usage extends Exception {
        Usage(String message) { super(message, null, false, false); }
    }

    private static NodeStack stack(CommandContext ctx) {
        return ctx.stack().orElseThrow(() -> new IllegalStateException("ipsec needs a node stack"));
    }

    private static void ipsec(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        List<String> a = argv.subList(1, argv.size());
        try {
            if (a.size() >= 2 && a.get(0).equals("tunnel") && a.get(1).equals("add")) {
                tunnelAdd(stack(ctx), a.subList(2, a.size()));
                done.accept(CommandResult.ok());
            } else if (a.size() >= 2 && a.get(0).equals("route") && a.get(1).equals("add")) {
                routeAdd(stack(ctx), a.subList(2, a.size()));
                done.accept(CommandResult.ok());
            } else if (!a.isEmpty() && a.get(0).equals("show") && a.size() <= 2) {
                done.accept(CommandResult.ok(show(stack(ctx), a.size() == 2 ? a.get(1) : null)));
            } else {
                throw new Usage(USAGE_TUNNEL + "\n" + USAGE_ROUTE + "\nusage: ipsec show [NAME]");
            }
        } catch (Usage e) {
            done.accept(CommandResult.fail(1, "ipsec: " + e.getMessage()));
        }
    }

    private static void tunnelAdd(NodeStack stack, List<String> a) throws Usage {
        if (a.isEmpty()) throw new Usage(USAGE_TUNNEL);
        String name = a.get(0);
        if (stack.iface(name) != null) throw new Usage("interface " + name + " already exists");
        Ip4 local = null, remote = null;
        String psk = null, dev = null;
        boolean initiate = true;
        DeadPeerDetection dpd = null;
        long lifetime = TunnelConfig.DEFAULT_LIFETIME_NS, retry = TunnelConfig.DEFAULT_RETRY_NS;
        int mtu = TunnelConfig.DEFAULT_MTU;
        TunnelCap kindCap = null;
        Long rate = null, pps = null;
        Integer queue = null;
        long stats = 0;
        for (int i = 1; i < a.size(); i++) {
            String k = a.get(i);
            switch (k) {
                case "local" -> local = address(value(a, ++i, k));
                case "remote" -> remote = address(value(a, ++i, k));
                case "psk" -> psk = value(a, ++i, k);
                case "dev" -> {
                    dev = value(a, ++i, k);
                    if (stack.iface(dev) == null) throw new Usage("no interface " + dev);
                }
                case "passive" -> initiate = false;
                case "dpd" -> {
                    String mode = value(a, ++i, k);
                    DeadPeerDetection.Mode m = switch (mode) {
                        case "periodic" -> DeadPeerDetection.Mode.PERIODIC;
                        case "idle" -> DeadPeerDetection.Mode.IDLE;
                        default -> throw new Usage("dpd mode must be periodic or idle, not " + mode);
                    };
                    long interval = Time.s(integer(value(a, ++i, k), 1, 3600, "dpd interval"));
                    dpd = new DeadPeerDetection(m, interval, integer(value(a, ++i, k), 1, 100, "dpd count"));
                }
                case "lifetime" -> lifetime = Time.s(integer(value(a, ++i, k), 10, 691200, "lifetime"));
                case "retry" -> retry = Time.s(integer(value(a, ++i, k), 1, 3600, "retry"));
                case "mtu" -> mtu = integer(value(a, ++i, k), 68, 65535, "mtu");
                case "kind" -> {
                    String kind = value(a, ++i, k);
                    kindCap = switch (kind) {
                        case "aws" -> TunnelCap.awsStandard();
                        case "gcp-classic" -> TunnelCap.gcpClassic(TunnelCap.GCP_CLASSIC_DEFAULT_BPS);
                        default -> throw new Usage("kind must be aws or gcp-classic, not " + kind);
                    };
                }
                case "rate" -> rate = rate(value(a, ++i, k));
                case "pps" -> pps = (long) integer(value(a, ++i, k), 1, Integer.MAX_VALUE, "pps");
                case "queue" -> queue = integer(value(a, ++i, k), 1, 1_000_000, "queue");
                case "stats" -> stats = Time.s(integer(value(a, ++i, k), 1, 3600, "stats interval"));
                default -> throw new Usage("unknown option '" + k + "'\n" + USAGE_TUNNEL);
            }
        }
        if (local == null || remote == null || psk == null) throw new Usage("local, remote and psk are required\n" + USAGE_TUNNEL);
        TunnelCap cap = cap(kindCap, rate, pps, queue);
        IpsecTunnel.create(stack, new TunnelConfig(name, local, remote, psk, dev, initiate, dpd, lifetime, retry, mtu, cap, stats));
    }

    /** The kind's cap with the parts given on the command line put over it; null when neither says anything. */
    private static TunnelCap cap(TunnelCap kindCap, Long rate, Long pps, Integer queue) throws Usage {
        if (kindCap == null && rate == null && pps == null) {
            if (queue != null) throw new Usage("queue needs a cap: give kind, rate or pps");
            return null;
        }
        TunnelCap cap = kindCap != null ? kindCap
                : new TunnelCap(rate != null ? rate : 0, pps != null ? pps : 0, TunnelCap.DEFAULT_QUEUE_PACKETS);
        if (rate != null) cap = cap.withBitsPerSecond(rate);
        if (pps != null) cap = cap.withPacketsPerSecond(pps);
        if (queue != null) cap = cap.withQueuePackets(queue);
        return cap;
    }

    private static long rate(String s) throws Usage {
        try {
            return TunnelCap.parseRate(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new Usage(e.getMessage());
        }
    }

    private static void routeAdd(NodeStack stack, List<String> a) throws Usage {
        if (a.isEmpty()) throw new Usage(USAGE_ROUTE);
        Prefix4 prefix;
        try {
            prefix = Prefix4.parse(a.get(0));
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
        List<String> devs = new ArrayList<>();
        int metric = 0;
        for (int i = 1; i < a.size(); i++) {
            String k = a.get(i);
            if (k.equals("dev")) {
                String d = value(a, ++i, k);
                if (IpsecTunnel.find(stack, d).isEmpty()) throw new Usage(d + " is not an ipsec tunnel");
                devs.add(d);
            } else if (k.equals("metric")) {
                metric = integer(value(a, ++i, k), 0, Integer.MAX_VALUE, "metric");
            } else {
                throw new Usage("unknown option '" + k + "'\n" + USAGE_ROUTE);
            }
        }
        if (devs.isEmpty()) throw new Usage(USAGE_ROUTE);
        // Cloud gateways withdraw the routes of a down tunnel (AWS DPD action clear, GCP), hence hide.
        for (String d : devs) stack.addRoute(Route.throughDevice(prefix, d, metric, true, devs.size() > 1));
    }

    private static String show(NodeStack stack, String only) throws Usage {
        StringBuilder sb = new StringBuilder();
        boolean found = false;
        for (var ifc : stack.interfaces()) {
            Optional<IpsecTunnel> t = IpsecTunnel.find(stack, ifc.name());
            if (t.isEmpty() || only != null && !only.equals(ifc.name())) continue;
            found = true;
            IpsecTunnel x = t.get();
            sb.append(ifc.name()).append(' ').append(x.state()).append(' ').append(x.config().local()).append(" > ").append(x.config().remote());
            if (x.outboundSpi() >= 0) sb.append(String.format(Locale.ROOT, " spi 0x%08x", x.outboundSpi()));
            if (x.dataLoss() > 0) sb.append(" degraded ").append(Math.round(x.dataLoss() * 100)).append('%');
            if (x.config().cap() != null) sb.append(", cap ").append(x.config().cap().describe());
            sb.append(", ").append(x.counters().describe()).append('\n');
        }
        if (only != null && !found) throw new Usage("no ipsec tunnel " + only);
        return sb.toString();
    }

    private static void degrade(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        try {
            if (argv.size() != 3) throw new Usage("usage: ipsec-degrade TUNNEL LOSS%");
            IpsecTunnel t = tunnel(ctx, argv.get(1));
            t.degrade(fraction(argv.get(2)));
            done.accept(CommandResult.ok());
        } catch (Usage e) {
            done.accept(CommandResult.fail(1, argv.get(0) + ": " + e.getMessage()));
        }
    }

    private static void operator(CommandContext ctx, List<String> argv, Consumer<CommandResult> done, Consumer<IpsecTunnel> action) {
        try {
            if (argv.size() != 2) throw new Usage("usage: " + argv.get(0) + " TUNNEL");
            action.accept(tunnel(ctx, argv.get(1)));
            done.accept(CommandResult.ok());
        } catch (Usage e) {
            done.accept(CommandResult.fail(1, argv.get(0) + ": " + e.getMessage()));
        }
    }

    /** `rtx-config FILE`: imports the RTX configuration the node holds at FILE (a topology `files:` entry). */
    private static void rtxConfig(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        if (argv.size() != 2) {
            done.accept(CommandResult.fail(1, "usage: rtx-config FILE"));
            return;
        }
        String path = argv.get(1);
        Optional<String> text = ctx.readFile(path);
        if (text.isEmpty()) {
            done.accept(CommandResult.fail(1, "rtx-config: " + path + ": No such file or directory"));
            return;
        }
        try {
            RtxConfig cfg = RtxConfig.parse(path, text.get());
            for (RtxConfig.Unmodelled u : cfg.unmodelled()) {
                ctx.env().trace(new org.nettwin.protocols.trace.TraceEvent.Diagnostic(u.known() ? "info" : "warning", path + ":" + u.line(),
                        (u.known() ? "not modelled: " : "unknown RTX command, ignored: ") + u.text()));
            }
            List<String> created = RtxImport.apply(cfg, stack(ctx), path);
            done.accept(CommandResult.ok(created.isEmpty() ? "" : String.join("\n", created) + "\n"));
        } catch (ConfigError e) {
            done.accept(CommandResult.fail(1, "rtx-config: " + e.getMessage()));
        }
    }

    private static IpsecTunnel tunnel(CommandContext ctx, String name) throws Usage {
        return IpsecTunnel.find(stack(ctx), name).orElseThrow(() -> new Usage("no ipsec tunnel " + name));
    }

    private static String value(List<String> a, int i, String key) throws Usage {
        if (i >= a.size()) throw new Usage(key + " needs a value");
        return a.get(i);
    }

    private static Ip4 address(String s) throws Usage {
        try {
            return Ip4.parse(s);
        } catch (IllegalArgumentException e) {
            throw new Usage(e.getMessage());
        }
    }

    private static int integer(String s, int min, int max, String what) throws Usage {
        try {
            int v = Integer.parseInt(s.endsWith("s") && what.matches("dpd interval|lifetime|retry|stats interval") ? s.substring(0, s.length() - 1) : s);
            if (v < min || v > max) throw new Usage(what + " must be " + min + ".." + max + ", not " + s);
            return v;
        } catch (NumberFormatException e) {
            throw new Usage(what + " is not a number: " + s);
        }
    }

    /** "30%" or "0.3". */
    static double fraction(String s) throws Usage {
        try {
            double v = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
            if (!(v >= 0 && v <= 1)) throw new Usage("loss must be 0%..100%, not " + s);
            return v;
        } catch (NumberFormatException e) {
            throw new Usage("not a percentage: " + s);
        }
    }
}
