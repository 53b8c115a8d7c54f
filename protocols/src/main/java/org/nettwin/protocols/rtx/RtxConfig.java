package org.nettwin.protocols.rtx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.ipsec.DeadPeerDetection;
import org.nettwin.protocols.ipsec.TunnelConfig;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/**
 * The part of a YAMAHA RTX configuration (`show config` text) that decides VPN failover: IPsec tunnels with
 * their IKE keepalive (DPD), and `ip route` lines with several gateways, `metric` and `hide`
 * (protocol-facts §5.1). Lines the twin does not model (PPPoE, NAT, DHCP, IKE algorithms...) are listed in
 * {@link #unmodelled()} so that nothing is dropped silently; a malformed line of a modelled command is a
 * {@link ConfigError} at its file:line:column.
 */
public record RtxConfig(List<Tunnel> tunnels, List<RouteLine> routes, List<Unmodelled> unmodelled, boolean autoRefresh) {
    /** RTX default of `ipsec ike duration ipsec-sa` (command reference; the seed sets 3600). */
    public static final long DEFAULT_SA_LIFETIME_NS = Time.s(28800);
    /** RTX `ip route` metric when none is given. */
    public static final int DEFAULT_METRIC = 1;

    /** `tunnel select N` with the settings of the security gateway its `ipsec sa policy` names. */
    public record Tunnel(int number, int gateway, Ip4 local, Ip4 remote, String preSharedKey, DeadPeerDetection dpd,
                         long lifetimeNs, boolean enabled, int line) {
        /** The interface the twin creates for it, and routes name: "tunnel1". */
        public String interfaceName() { return "tunnel" + number; }

        public TunnelConfig toTunnelConfig(boolean initiate) {
            return TunnelConfig.of(interfaceName(), local, remote, preSharedKey).withDpd(dpd).withLifetime(lifetimeNs).withInitiate(initiate);
        }
    }

    /** One `gateway ...` of an `ip route` line: a tunnel or an address, with its own parameters. */
    public record Gateway(Integer tunnel, Ip4 address, int metric, boolean hide) {}

    public record RouteLine(Prefix4 destination, List<Gateway> gateways, int line) {}

    /** A line accepted but not modelled; {@code known} says whether it is a real RTX command. */
    public record Unmodelled(int line, String text, boolean known) {}

    /** RTX commands whose effect the twin does not reproduce (they neither decide failover nor are errors). */
    private static final Set<String> KNOWN_PREFIXES = Set.of("ip lan", "ip pp", "pp ", "pppoe", "ppp ", "nat ", "dhcp ", "dns ",
            "ipsec ike encryption", "ipsec ike group", "ipsec ike hash", "ipsec ike pfs", "ipsec ike duration ike-sa",
            "ipsec sa policy", "ipsec tunnel", "ipsec ike nat-traversal", "ipsec ike payload", "ipsec ike version",
            "ipsec ike local name", "ipsec ike remote name", "description", "ip filter", "ip tunnel", "console", "login", "administrator",
            "timezone", "syslog", "telnetd", "httpd", "sshd", "ntpdate", "schedule", "ipsec ike always-on", "ipsec ike restrict");

    /** Parses {@code text} (the content of {@code file}, for error positions). */
    public static RtxConfig parse(String file, String text) throws ConfigError {
        return new Parser(file).parse(text);
    }

    private static final class Parser {
        private final String file;
        private final Map<Integer, TunnelBuilder> tunnels = new LinkedHashMap<>();
        private final Map<Integer, GatewayBuilder> gateways = new LinkedHashMap<>();
        private final List<RouteLine> routes = new ArrayList<>();
        private final List<Unmodelled> unmodelled = new ArrayList<>();
        private boolean autoRefresh;
        private Integer selected;
        private int lineNo;
        private List<Token> tokens;

        Parser(String file) { this.file = file; }

        private record Token(String text, int column) {}

        private static final class TunnelBuilder {
            int gateway;
            boolean enabled;
            int line;
        }

        private static final class GatewayBuilder {
            Ip4 local, remote;
            String psk;
            DeadPeerDetection dpd;
            long lifetimeNs = DEFAULT_SA_LIFETIME_NS;
        }

        RtxConfig parse(String text) throws ConfigError {
            String[] lines = text.split("\r?\n", -1);
            for (lineNo = 1; lineNo <= lines.length; lineNo++) {
                String line = lines[lineNo - 1];
                tokens = tokenize(line);
                if (tokens.isEmpty() || tokens.get(0).text().startsWith("#")) continue;
                statement(String.join(" ", tokens.stream().map(Token::text).toList()));
            }
            List<Tunnel> out = new ArrayList<>();
            for (Map.Entry<Integer, TunnelBuilder> e : tunnels.entrySet()) {
                TunnelBuilder t = e.getValue();
                GatewayBuilder g = gateways.get(t.gateway);
                if (g == null || g.remote == null) throw new ConfigError(file, t.line, 1, "tunnel " + e.getKey() + " has no `ipsec ike remote address " + t.gateway + "`", "the twin needs the peer's address");
                if (g.local == null) throw new ConfigError(file, t.line, 1, "tunnel " + e.getKey() + " has no `ipsec ike local address " + t.gateway + "`", "give the address the RTX sends IKE from");
                if (g.psk == null) throw new ConfigError(file, t.line, 1, "tunnel " + e.getKey() + " has no `ipsec ike pre-shared-key " + t.gateway + "`", "");
                out.add(new Tunnel(e.getKey(), t.gateway, g.local, g.remote, g.psk, g.dpd, g.lifetimeNs, t.enabled, t.line));
            }
            for (RouteLine r : routes) {
                for (Gateway gw : r.gateways()) {
                    if (gw.tunnel() != null && !tunnels.containsKey(gw.tunnel()))
                        throw new ConfigError(file, r.line(), 1, "ip route through tunnel " + gw.tunnel() + ", which is not configured", "add `tunnel select " + gw.tunnel() + "`");
                }
            }
            return new RtxConfig(List.copyOf(out), List.copyOf(routes), List.copyOf(unmodelled), autoRefresh);
        }

        private void statement(String s) throws ConfigError {
            if (s.startsWith("tunnel select ")) {
                String n = word(2);
                if (n.equals("none")) selected = null;
                else {
                    selected = number(2, 1, 6000);
                    tunnels.computeIfAbsent(selected, k -> {
                        TunnelBuilder b = new TunnelBuilder();
                        b.gateway = k;
                        b.line = lineNo;
                        return b;
                    });
                }
            } else if (s.startsWith("tunnel enable ") || s.startsWith("tunnel disable ")) {
                int n = number(2, 1, 6000);
                TunnelBuilder t = tunnels.get(n);
                if (t == null) throw error(2, "tunnel " + n + " is not selected anywhere before", "put `tunnel select " + n + "` first");
                t.enabled = s.startsWith("tunnel enable");
            } else if (s.startsWith("ipsec sa policy ")) {
                // ipsec sa policy POLICY GATEWAY esp ...: ties the selected tunnel to a security gateway.
                if (selected != null) tunnels.get(selected).gateway = number(4, 1, 6000);
                unmodelled.add(new Unmodelled(lineNo, s, true));
            } else if (s.startsWith("ipsec ike remote address ")) {
                gateway(4).remote = address(5);
            } else if (s.startsWith("ipsec ike local address ")) {
                gateway(4).local = address(5);
            } else if (s.startsWith("ipsec ike pre-shared-key ")) {
                GatewayBuilder g = gateway(3);
                if (!word(4).equals("text") || tokens.size() != 6) throw error(5, "expected `ipsec ike pre-shared-key GW text KEY`", "only the text form is modelled");
                g.psk = word(5);
            } else if (s.startsWith("ipsec ike duration ipsec-sa ")) {
                gateway(4).lifetimeNs = Time.s(number(5, 300, 691200));
            } else if (s.startsWith("ipsec ike keepalive use ")) {
                keepalive();
            } else if (s.equals("ipsec auto refresh on") || s.equals("ipsec auto refresh off")) {
                autoRefresh = s.endsWith("on");
            } else if (s.startsWith("ip route ")) {
                route();
            } else {
                boolean known = KNOWN_PREFIXES.stream().anyMatch(s::startsWith);
                unmodelled.add(new Unmodelled(lineNo, s, known));
            }
        }

        /** `ipsec ike keepalive use GW on|off|auto [dpd|heartbeat|icmp-echo ...] [INTERVAL COUNT [UPWAIT]]` (§15.20). */
        private void keepalive() throws ConfigError {
            GatewayBuilder g = gateway(4);
            String sw = word(5);
            if (!Set.of("on", "off", "auto").contains(sw)) throw error(5, "keepalive switch must be on, off or auto, not '" + sw + "'", "");
            int next = 6;
            String method = "dpd";
            if (tokens.size() > next && !tokens.get(next).text().matches("\\d+")) method = word(next++);
            if (!method.equals("dpd")) {
                unmodelled.add(new Unmodelled(lineNo, "keepalive method " + method + " (only dpd is modelled)", true));
                return;
            }
            int interval = 10, count = 6; // RTX defaults, protocol-facts §5.1
            if (tokens.size() > next) interval = number(next++, 1, 600);
            if (tokens.size() > next) count = number(next++, 1, 50);
            if (tokens.size() > next) number(next++, 0, 1000000); // upwait: delay before the tunnel counts as up again, not modelled
            if (tokens.size() > next) throw error(next, "unexpected '" + word(next) + "'", "ipsec ike keepalive use GW on dpd [INTERVAL COUNT [UPWAIT]]");
            g.dpd = sw.equals("off") ? null : DeadPeerDetection.rtx(interval, count);
        }

        /** `ip route NET gateway GW [metric M] [hide] [gateway GW2 ...]`; GW is `tunnel N` or an address. */
        private void route() throws ConfigError {
            Prefix4 dst;
            try {
                dst = Prefix4.parse(word(2));
            } catch (IllegalArgumentException e) {
                throw error(2, e.getMessage(), "a network such as 172.16.1.0/24, or default");
            }
            List<Gateway> gws = new ArrayList<>();
            int i = 3;
            if (tokens.size() <= i) throw error(i, "ip route without a gateway", "ip route NET gateway GW ...");
            while (i < tokens.size()) {
                if (!word(i).equals("gateway")) throw error(i, "expected `gateway`, not '" + word(i) + "'", "");
                i++;
                Integer tunnel = null;
                Ip4 address = null;
                String kind = word(i);
                if (kind.equals("tunnel")) {
                    tunnel = number(i + 1, 1, 6000);
                    i += 2;
                } else if (kind.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                    address = address(i);
                    i++;
                } else {
                    unmodelled.add(new Unmodelled(lineNo, "ip route gateway " + kind + " (pp, dhcp and lan gateways are not modelled)", true));
                    return;
                }
                int metric = DEFAULT_METRIC;
                boolean hide = false;
                while (i < tokens.size() && !word(i).equals("gateway")) {
                    String p = word(i);
                    if (p.equals("metric")) {
                        metric = number(i + 1, 1, 15);
                        i += 2;
                    } else if (p.equals("hide")) {
                        hide = true;
                        i++;
                    } else {
                        throw error(i, "gateway parameter '" + p + "' is not modelled", "modelled: metric N, hide");
                    }
                }
                gws.add(new Gateway(tunnel, address, metric, hide));
            }
            routes.add(new RouteLine(dst, List.copyOf(gws), lineNo));
        }

        private GatewayBuilder gateway(int index) throws ConfigError {
            return gateways.computeIfAbsent(number(index, 1, 6000), k -> new GatewayBuilder());
        }

        private String word(int index) throws ConfigError {
            if (index >= tokens.size()) {
                Token last = tokens.get(tokens.size() - 1);
                throw new ConfigError(file, lineNo, last.column() + last.text().length(), "line ends too early", "");
            }
            return tokens.get(index).text();
        }

        private int number(int index, int min, int max) throws ConfigError {
            String w = word(index);
            int v;
            try {
                v = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw error(index, "'" + w + "' is not a number", "");
            }
            if (v < min || v > max) throw error(index, w + " is out of range " + min + ".." + max, "");
            return v;
        }

        private Ip4 address(int index) throws ConfigError {
            try {
                return Ip4.parse(word(index));
            } catch (IllegalArgumentException e) {
                throw error(index, e.getMessage(), "");
            }
        }

        private ConfigError error(int index, String problem, String hint) {
            int column = index < tokens.size() ? tokens.get(index).column() : 0;
            return new ConfigError(file, lineNo, column, problem, hint);
        }

        private static List<Token> tokenize(String line) {
            List<Token> out = new ArrayList<>();
            int i = 0;
            while (i < line.length()) {
                while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
                int start = i;
                while (i < line.length() && !Character.isWhitespace(line.charAt(i))) i++;
                if (i > start) out.add(new Token(line.substring(start, i), start + 1));
            }
            return out;
        }
    }
}
