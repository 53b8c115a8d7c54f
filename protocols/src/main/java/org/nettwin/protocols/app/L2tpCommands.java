package org.nettwin.protocols.app;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nettwin.protocols.app.NodeCommands.Result;
import org.nettwin.protocols.codec.L2tpv3Header.Encap;
import org.nettwin.protocols.codec.L2tpv3Header.Sublayer;
import org.nettwin.protocols.stack.L2tpv3;
import org.nettwin.protocols.stack.L2tpv3Session;
import org.nettwin.protocols.stack.L2tpv3Tunnel;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;

/**
 * `ip l2tp` (iproute2 ip/ipl2tp.c) on a node: static L2TPv3 tunnels and Ethernet pseudowire sessions.
 * Arguments, defaults and messages follow ipl2tp.c: argument errors print "Error: argument ..." and exit 255
 * (exit(-1)), kernel refusals print "RTNETLINK answers: ..." and exit 2. Sessions get iproute2's default
 * L2-Specific Sublayer unless `l2spec_type none`; `seq` (sequencing) is not modelled and is refused.
 */
final class L2tpCommands {
    private static final String USAGE = """
            Usage: ip l2tp add tunnel
                      remote ADDR local ADDR
                      tunnel_id ID peer_tunnel_id ID
                      [ encap { ip | udp } ]
                      [ udp_sport PORT ] [ udp_dport PORT ]
                      [ udp_csum { on | off } ]
            Usage: ip l2tp add session [ name NAME ]
                      tunnel_id ID
                      session_id ID peer_session_id ID
                      [ cookie HEXSTR ] [ peer_cookie HEXSTR ]
                      [ l2spec_type L2SPEC ]
                   ip l2tp del tunnel tunnel_id ID
                   ip l2tp del session tunnel_id ID session_id ID
                   ip l2tp show tunnel [ tunnel_id ID ]
                   ip l2tp show session [ tunnel_id ID ] [ session_id ID ]""";
    /** Keywords that take a value, with iproute2's short aliases folded onto the long names. */
    private static final Map<String, String> VALUE_KEYS = Map.ofEntries(
            Map.entry("encap", "encap"), Map.entry("name", "name"), Map.entry("remote", "remote"), Map.entry("local", "local"),
            Map.entry("tunnel_id", "tunnel_id"), Map.entry("tid", "tunnel_id"), Map.entry("peer_tunnel_id", "peer_tunnel_id"),
            Map.entry("ptid", "peer_tunnel_id"), Map.entry("session_id", "session_id"), Map.entry("sid", "session_id"),
            Map.entry("peer_session_id", "peer_session_id"), Map.entry("psid", "peer_session_id"), Map.entry("udp_sport", "udp_sport"),
            Map.entry("udp_dport", "udp_dport"), Map.entry("udp_csum", "udp_csum"), Map.entry("cookie", "cookie"),
            Map.entry("peer_cookie", "peer_cookie"), Map.entry("l2spec_type", "l2spec_type"), Map.entry("seq", "seq"));
    private static final Set<String> ID_KEYS = Set.of("tunnel_id", "peer_tunnel_id", "session_id", "peer_session_id");

    private L2tpCommands() {}

    /** An argument error: iproute2 prints it and exits with -1 (status 255). */
    private static final class BadArgument extends Exception {
        BadArgument(String message) { super(message, null, false, false); }
    }

    /** Parsed words: which of `tunnel`/`session` were named, and the keyword values. */
    private record Args(boolean tunnel, boolean session, Map<String, String> values) {
        long id(String key) { return values.containsKey(key) ? Long.parseLong(values.get(key)) : 0; }
    }

    /** `ip l2tp ...` with the words after "l2tp". */
    static Result run(NodeStack stack, List<String> a) {
        try {
            if (a.isEmpty() || "help".startsWith(a.get(0))) throw new BadArgument(USAGE);
            String verb = a.get(0);
            boolean add = "add".startsWith(verb), delete = "delete".startsWith(verb);
            boolean show = "show".startsWith(verb) || "list".startsWith(verb) || verb.equals("lst");
            if (!add && !delete && !show) throw new BadArgument("Command \"" + verb + "\" is unknown, try \"ip l2tp help\".");
            Args args = parse(a.subList(1, a.size()));
            if (!args.tunnel() && !args.session()) throw missing("tunnel or session");
            L2tpv3 l2tp = L2tpv3.of(stack);
            if (add) return add(stack, l2tp, args);
            if (delete) return delete(l2tp, args);
            return Result.ok(args.session() ? l2tp.showSessions(args.id("tunnel_id"), args.id("session_id")) : l2tp.showTunnels(args.id("tunnel_id")));
        } catch (BadArgument e) {
            return Result.fail(255, e.getMessage());
        } catch (L2tpv3.Refused e) {
            return Result.fail(2, "RTNETLINK answers: " + e.getMessage());
        }
    }

    private static BadArgument missing(String key) { return new BadArgument("Error: argument \"" + key + "\" is required"); }

    private static BadArgument wrong(String value, String why) { return new BadArgument("Error: argument \"" + value + "\" is wrong: " + why); }

    private static Args parse(List<String> a) throws BadArgument {
        boolean tunnel = false, session = false;
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            if (w.equals("tunnel")) tunnel = true;
            else if (w.equals("session")) session = true;
            else if (VALUE_KEYS.containsKey(w)) {
                if (i + 1 >= a.size()) throw new BadArgument("Command line is not complete. Try option \"help\"");
                String key = VALUE_KEYS.get(w), value = a.get(++i);
                check(key, value);
                values.put(key, value);
            } else {
                throw new BadArgument("Unknown command: " + w + "\n" + USAGE);
            }
        }
        return new Args(tunnel, session, values);
    }

    /** The per-keyword checks of parse_args, with its messages. */
    private static void check(String key, String value) throws BadArgument {
        if (ID_KEYS.contains(key) && !unsigned(value, 0xffffffffL)) throw wrong(value, "invalid ID");
        switch (key) {
            case "encap" -> { if (!value.equals("ip") && !value.equals("udp")) throw new BadArgument("Unknown tunnel encapsulation \"" + value + "\""); }
            case "udp_sport", "udp_dport" -> { if (!unsigned(value, 0xffff)) throw wrong(value, "invalid port"); }
            case "local", "remote" -> {
                try {
                    Ip4.parse(value);
                } catch (IllegalArgumentException e) {
                    throw wrong(value, "invalid " + key + " address");
                }
            }
            case "cookie", "peer_cookie" -> {
                if (value.length() != 8 && value.length() != 16) throw wrong(value, "cookie must be either 8 or 16 hex digits");
                if (!value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) throw wrong(value, "cookie must be a hex string");
            }
            case "l2spec_type" -> { if (!value.equalsIgnoreCase("none") && !value.equalsIgnoreCase("default")) throw new BadArgument("Unknown layer2specific header type \"" + value + "\""); }
            case "udp_csum" -> {
                if (!value.equals("on") && !value.equals("off")) throw wrong(value, "invalid option for udp_csum");
                if (value.equals("on")) throw new BadArgument("ip l2tp: udp_csum on is not modelled by the twin (Linux's default, off, is)");
            }
            case "seq" -> { if (!value.equalsIgnoreCase("none")) throw new BadArgument("ip l2tp: seq " + value + " is not modelled by the twin (sequencing off is)"); }
            default -> { }
        }
    }

    private static boolean unsigned(String s, long max) {
        try {
            long v = Long.parseLong(s);
            return v >= 0 && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** do_add: the checks in iproute2's order, then the kernel's. */
    private static Result add(NodeStack stack, L2tpv3 l2tp, Args args) throws BadArgument, L2tpv3.Refused {
        Map<String, String> v = args.values();
        if (args.id("tunnel_id") == 0) throw missing("tunnel_id");
        if (args.session() && args.id("peer_session_id") == 0) throw missing("peer_session_id");
        if (args.session() && args.id("session_id") == 0) throw missing("session_id");
        if (args.tunnel() && args.id("peer_tunnel_id") == 0) throw missing("peer_tunnel_id");
        if (args.tunnel()) {
            if (!v.containsKey("local")) throw missing("local");
            if (!v.containsKey("remote")) throw missing("remote");
            // iproute2 leaves encap at 0 when not given, which the kernel takes as L2TP_ENCAPTYPE_UDP.
            Encap encap = "ip".equals(v.get("encap")) ? Encap.IP : Encap.UDP;
            int sport = (int) args.id("udp_sport"), dport = (int) args.id("udp_dport");
            if (encap == Encap.UDP && sport == 0) throw missing("udp_sport");
            if (encap == Encap.UDP && dport == 0) throw missing("udp_dport");
            l2tp.addTunnel(new L2tpv3Tunnel.Config(args.id("tunnel_id"), args.id("peer_tunnel_id"), encap,
                    Ip4.parse(v.get("local")), Ip4.parse(v.get("remote")), sport, dport));
        }
        if (args.session()) {
            Sublayer sublayer = "none".equalsIgnoreCase(v.get("l2spec_type")) ? Sublayer.NONE : Sublayer.DEFAULT;
            String name = v.getOrDefault("name", l2tp.nextDeviceName());
            l2tp.addSession(args.id("tunnel_id"), new L2tpv3Session.Config(args.id("session_id"), args.id("peer_session_id"),
                    cookie(v.get("cookie")), cookie(v.get("peer_cookie")), sublayer), name, randomMac(stack, name));
        }
        return Result.ok();
    }

    private static Result delete(L2tpv3 l2tp, Args args) throws BadArgument, L2tpv3.Refused {
        if (args.tunnel() && args.id("tunnel_id") == 0) throw missing("tunnel_id");
        if (args.session() && args.id("session_id") == 0) throw missing("session_id");
        if (args.id("session_id") != 0) l2tp.deleteSession(args.id("tunnel_id"), args.id("session_id"));
        else l2tp.deleteTunnel(args.id("tunnel_id"));
        return Result.ok();
    }

    private static byte[] cookie(String hex) {
        return hex == null ? new byte[0] : HexFormat.of().parseHex(hex);
    }

    /** l2tp_eth_dev_setup calls eth_hw_addr_random: a random locally administered unicast MAC. */
    private static Mac randomMac(NodeStack stack, String name) {
        long bits = stack.env().random("link/" + name + "/mac").nextLong() & 0xffffffffffffL;
        return new Mac((bits & ~0x010000000000L) | 0x020000000000L);
    }
}
