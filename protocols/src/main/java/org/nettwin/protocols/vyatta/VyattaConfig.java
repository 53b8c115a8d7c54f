package org.nettwin.protocols.vyatta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.heartbeat.HeartbeatConfig;
import org.nettwin.protocols.shell.ShellNode;
import org.nettwin.protocols.shell.ShellScript;
import org.nettwin.protocols.shell.Word;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;

/**
 * A Vyatta configuration in its `show configuration commands` form: one `set PATH... VALUE` per line, quoted
 * as vbash quotes them (`set interfaces tunnel tun00 address '169.254.0.1/24'`). The file is read with the
 * twin's shell parser, which gives every word its line and column, so mistakes are reported as
 * file:line:col. The paths of seed 001 are modelled: `system host-name`, `interfaces tunnel` (GRE) and
 * `cluster` (Heartbeat, with the defaults and checks of vyatta-cluster's Config.pm, protocol-facts §4).
 * Paths the twin does not model are kept as {@link #unmodelled()} lines for the importer to report; vbash
 * script words (`configure`, `commit`, `save`, `exit`) are accepted and do nothing.
 */
public record VyattaConfig(String path, String hostName, Map<String, Tunnel> tunnels, Cluster cluster, List<Unmodelled> unmodelled) {
    /** A place in the file. */
    public record At(int line, int column) {}

    /** A `set` line the twin does not model, with where it is. */
    public record Unmodelled(At at, String text) {}

    /** `interfaces tunnel NAME ...`. {@code ttl} defaults to Vyatta's 255 and multicast to disabled (§3.2). */
    public record Tunnel(String name, At at, List<IfAddr> addresses, String encapsulation, Ip4 localIp, Ip4 remoteIp, int ttl, Long key,
                         boolean multicast) {}

    /** `cluster ...`: one group, as seed 001 has. Intervals are in ms. */
    public record Cluster(At at, String iface, String secret, Ip4 mcastGroup, long keepaliveMs, long deadMs, String group,
                          String primary, String secondary, List<HeartbeatConfig.IpResource> services, Map<String, At> where) {}

    static final int VYATTA_TUNNEL_TTL = 255;
    /** Config.pm: keepalive-interval at least 100 ms. */
    static final long MIN_KEEPALIVE_MS = 100;

    /** Parses {@code text}, the content of the file at {@code path}. */
    public static VyattaConfig parse(String path, String text) throws ConfigError {
        return of(ShellScript.parse(path, text));
    }

    /** Reads a config file a node already holds (topology `files:` are parsed when the network is built). */
    public static VyattaConfig of(ShellScript file) throws ConfigError {
        return new Parser(file.path()).parse(file.body());
    }

    /**
     * The Heartbeat configuration this cluster gives the node whose `uname -n` is {@code uname}; Config.pm
     * refuses a node that is neither primary nor secondary (Heartbeat names nodes by host name).
     */
    public HeartbeatConfig heartbeat(String uname) throws ConfigError {
        Cluster c = cluster;
        if (!uname.equals(c.primary()) && !uname.equals(c.secondary())) {
            At at = c.where().getOrDefault("primary", c.at());
            throw new ConfigError(path, at.line(), at.column(), "the local host name \"" + uname + "\" is neither the primary (" + c.primary()
                    + ") nor the secondary (" + c.secondary() + ") of cluster group " + c.group(),
                    "Heartbeat identifies nodes by `uname -n`: set system host-name to one of them");
        }
        return HeartbeatConfig.vyatta(c.group(), uname, c.primary(), c.secondary(), c.iface(), c.mcastGroup(), c.keepaliveMs(), c.deadMs(),
                c.secret(), c.services());
    }

    private static final class Parser {
        private final String path;
        private String hostName;
        private final Map<String, TunnelBuilder> tunnels = new LinkedHashMap<>();
        private final Map<String, String> cluster = new LinkedHashMap<>();
        private final Map<String, At> clusterAt = new LinkedHashMap<>();
        private final List<HeartbeatConfig.IpResource> services = new ArrayList<>();
        private String group;
        private final List<Unmodelled> unmodelled = new ArrayList<>();

        Parser(String path) {
            this.path = path;
        }

        VyattaConfig parse(ShellNode.Sequence body) throws ConfigError {
            for (ShellNode n : body.items()) {
                if (!(n instanceof ShellNode.SimpleCommand cmd) || !cmd.assignments().isEmpty() || !cmd.redirects().isEmpty())
                    throw new ConfigError(path, n.line(), 1, "not a Vyatta `set` line", "one `set PATH VALUE` per line, as `show configuration commands` prints them");
                List<Word> w = cmd.words();
                List<String> words = new ArrayList<>();
                for (Word x : w) words.add(literal(x));
                switch (words.get(0)) {
                    case "set" -> set(words, w);
                    case "configure", "commit", "save", "exit" -> { } // vbash script framing
                    default -> throw error(w.get(0), "unknown Vyatta command \"" + words.get(0) + "\"", "only `set` lines are imported");
                }
            }
            Map<String, Tunnel> built = new LinkedHashMap<>();
            for (TunnelBuilder t : tunnels.values()) built.put(t.name, t.build());
            return new VyattaConfig(path, hostName, built, cluster.isEmpty() ? null : buildCluster(), List.copyOf(unmodelled));
        }

        private String literal(Word w) throws ConfigError {
            StringBuilder sb = new StringBuilder();
            for (Word.Part p : w.parts()) {
                if (!(p instanceof Word.Literal l)) throw error(w, "a Vyatta value cannot use shell expansion: " + w.display(), "write the value literally");
                sb.append(l.text());
            }
            return sb.toString();
        }

        private ConfigError error(Word w, String problem, String hint) {
            return new ConfigError(path, w.line(), w.column(), problem, hint);
        }

        private static At at(Word w) { return new At(w.line(), w.column()); }

        private void set(List<String> s, List<Word> w) throws ConfigError {
            if (s.size() < 2) throw error(w.get(0), "`set` without a path", null);
            boolean handled = switch (s.get(1)) {
                case "system" -> system(s, w);
                case "interfaces" -> s.size() > 3 && s.get(2).equals("tunnel") && tunnel(s, w);
                case "cluster" -> cluster(s, w);
                default -> false;
            };
            if (!handled) unmodelled.add(new Unmodelled(at(w.get(1)), String.join(" ", s)));
        }

        private boolean system(List<String> s, List<Word> w) throws ConfigError {
            if (s.size() != 4) return false;
            switch (s.get(2)) {
                case "host-name" -> hostName = s.get(3);
                case "time-zone" -> { } // logs and clocks of the twin are in run time; the zone changes nothing modelled
                default -> { return false; }
            }
            return true;
        }

        private boolean tunnel(List<String> s, List<Word> w) throws ConfigError {
            String name = s.get(3);
            TunnelBuilder t = tunnels.computeIfAbsent(name, n -> new TunnelBuilder(n, at(w.get(3))));
            if (s.size() == 4) return true;
            if (s.size() != 6) return false;
            String value = s.get(5);
            Word vw = w.get(5);
            switch (s.get(4)) {
                case "address" -> t.addresses.add(parse(vw, () -> IfAddr.parse(value), "an address with prefix length, 169.254.0.1/24"));
                case "encapsulation" -> {
                    if (!value.equals("gre")) throw error(vw, "tunnel encapsulation \"" + value + "\" is not modelled by the twin", "gre is (gre-bridge, ipip, sit are not)");
                    t.encapsulation = value;
                }
                case "local-ip" -> t.local = parse(vw, () -> Ip4.parse(value), "an IPv4 address");
                case "remote-ip" -> t.remote = parse(vw, () -> Ip4.parse(value), "an IPv4 address");
                case "multicast" -> {
                    if (!value.equals("enable") && !value.equals("disable")) throw error(vw, "multicast must be enable or disable", null);
                    t.multicast = value.equals("enable");
                }
                case "ttl" -> t.ttl = number(vw, value, 0, 255);
                case "key" -> t.key = (long) number(vw, value, 0, Integer.MAX_VALUE);
                default -> { return false; }
            }
            return true;
        }

        private boolean cluster(List<String> s, List<Word> w) throws ConfigError {
            if (s.size() == 4 && List.of("interface", "pre-shared-secret", "keepalive-interval", "dead-interval", "monitor-dead-interval", "mcast-group").contains(s.get(2))) {
                if (s.get(2).equals("interface") && cluster.containsKey("interface"))
                    throw error(w.get(3), "a second cluster interface", "the twin models Heartbeat on one interface");
                cluster.put(s.get(2), s.get(3));
                clusterAt.put(s.get(2), at(w.get(3)));
                return true;
            }
            if (s.size() < 4 || !s.get(2).equals("group")) return false;
            if (group != null && !group.equals(s.get(3))) throw error(w.get(3), "a second cluster group \"" + s.get(3) + "\"", "the twin models one group, as seed 001 has");
            group = s.get(3);
            clusterAt.putIfAbsent("group", at(w.get(3)));
            cluster.putIfAbsent("group", group);
            if (s.size() == 4) return true;
            if (s.size() != 6) return false;
            String value = s.get(5);
            Word vw = w.get(5);
            switch (s.get(4)) {
                case "primary", "secondary" -> {
                    cluster.put(s.get(4), value);
                    clusterAt.put(s.get(4), at(vw));
                }
                case "service" -> services.add(service(vw, value));
                case "auto-failback" -> {
                    if (!value.equals("false")) throw error(vw, "auto-failback " + value + " is not modelled by the twin", "Vyatta's default, false, is");
                }
                default -> { return false; }
            }
            return true;
        }

        /** `service A.B.C.D/LEN/IF` or `service IPaddr2::A.B.C.D/LEN/IF`: an address resource. */
        private HeartbeatConfig.IpResource service(Word vw, String value) throws ConfigError {
            String v = value.startsWith("IPaddr2::") ? value.substring("IPaddr2::".length()) : value;
            String[] parts = v.split("/");
            if (parts.length != 3) throw error(vw, "service \"" + value + "\" is not modelled by the twin", "an address resource is written ADDRESS/LEN/INTERFACE");
            IfAddr a = parse(vw, () -> IfAddr.parse(parts[0] + "/" + parts[1]), "ADDRESS/LEN/INTERFACE");
            return new HeartbeatConfig.IpResource(a, parts[2]);
        }

        private Cluster buildCluster() throws ConfigError {
            At where = clusterAt.values().iterator().next();
            for (String required : List.of("interface", "pre-shared-secret", "group", "primary", "secondary")) {
                if (!cluster.containsKey(required))
                    throw new ConfigError(path, where.line(), where.column(), "cluster configuration lacks " + required, "Vyatta refuses to commit a cluster without it");
            }
            long keep = millis("keepalive-interval", HeartbeatConfig.VYATTA_KEEPALIVE_MS);
            long dead = millis("dead-interval", HeartbeatConfig.VYATTA_DEAD_MS);
            // The checks of vyatta-cluster's Config.pm (protocol-facts §4).
            if (keep < MIN_KEEPALIVE_MS) throw check("keepalive-interval", "keepalive-interval " + keep + " ms is below the minimum of " + MIN_KEEPALIVE_MS + " ms");
            if (dead <= 2 * keep) throw check("dead-interval", "dead-interval (" + dead + " ms) must be more than twice keepalive-interval (" + keep + " ms)");
            if (dead >= HeartbeatConfig.VYATTA_INITDEAD_MS)
                throw check("dead-interval", "dead-interval (" + dead + " ms) must be less than the initdead of " + HeartbeatConfig.VYATTA_INITDEAD_MS + " ms");
            if (cluster.get("primary").equals(cluster.get("secondary"))) throw check("secondary", "primary and secondary are the same node");
            Ip4 group = cluster.containsKey("mcast-group") ? parse(clusterAt.get("mcast-group"), () -> Ip4.parse(cluster.get("mcast-group")), "a multicast address")
                    : HeartbeatConfig.VYATTA_MCAST_GROUP;
            if (!group.isMulticast()) throw check("mcast-group", "mcast-group " + group + " is not a multicast address");
            return new Cluster(where, cluster.get("interface"), cluster.get("pre-shared-secret"), group, keep, dead, cluster.get("group"),
                    cluster.get("primary"), cluster.get("secondary"), List.copyOf(services), Map.copyOf(clusterAt));
        }

        private long millis(String key, long dflt) throws ConfigError {
            if (!cluster.containsKey(key)) return dflt;
            At at = clusterAt.get(key);
            return parse(at, () -> Long.parseLong(cluster.get(key)), "milliseconds");
        }

        private ConfigError check(String key, String problem) {
            At at = clusterAt.getOrDefault(key, clusterAt.values().iterator().next());
            return new ConfigError(path, at.line(), at.column(), problem, "vyatta-cluster Config.pm refuses this at commit");
        }

        private int number(Word vw, String value, int min, int max) throws ConfigError {
            int n = parse(vw, () -> Integer.parseInt(value), "a number");
            if (n < min || n > max) throw error(vw, value + " is out of range " + min + ".." + max, null);
            return n;
        }

        private interface Value<T> {
            T get();
        }

        private <T> T parse(Word vw, Value<T> v, String expected) throws ConfigError {
            return parse(at(vw), v, expected);
        }

        private <T> T parse(At at, Value<T> v, String expected) throws ConfigError {
            try {
                return v.get();
            } catch (RuntimeException e) {
                throw new ConfigError(path, at.line(), at.column(), "bad value: " + e.getMessage(), "expected " + expected);
            }
        }

        private final class TunnelBuilder {
            final String name;
            final At at;
            final List<IfAddr> addresses = new ArrayList<>();
            String encapsulation;
            Ip4 local, remote;
            int ttl = VYATTA_TUNNEL_TTL;
            Long key;
            boolean multicast;

            TunnelBuilder(String name, At at) {
                this.name = name;
                this.at = at;
            }

            Tunnel build() throws ConfigError {
                if (encapsulation == null) throw new ConfigError(path, at.line(), at.column(), "tunnel " + name + " has no encapsulation", "set interfaces tunnel " + name + " encapsulation gre");
                if (remote == null) throw new ConfigError(path, at.line(), at.column(), "tunnel " + name + " has no remote-ip", "a gre tunnel is point-to-point");
                if (local == null) throw new ConfigError(path, at.line(), at.column(), "tunnel " + name + " has no local-ip", "Vyatta requires local-ip");
                return new Tunnel(name, at, List.copyOf(addresses), encapsulation, local, remote, ttl, key, multicast);
            }
        }
    }
}
