package org.nettwin.protocols.keepalived;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.keepalived.ConfLexer.Close;
import org.nettwin.protocols.keepalived.ConfLexer.Item;
import org.nettwin.protocols.keepalived.ConfLexer.Open;
import org.nettwin.protocols.keepalived.ConfLexer.Statement;
import org.nettwin.protocols.keepalived.ConfLexer.Token;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.vrrp.CommandLine;
import org.nettwin.protocols.vrrp.KeepalivedProfile;
import org.nettwin.protocols.vrrp.VirtualAddress;
import org.nettwin.protocols.vrrp.VrrpInstanceConfig;
import org.nettwin.protocols.vrrp.VrrpPacket;
import org.nettwin.protocols.vrrp.VrrpScriptConfig;
import org.nettwin.protocols.vrrp.VrrpTiming;

/**
 * Reads keepalived.conf (global_defs, vrrp_script, vrrp_instance) the way one keepalived version does.
 *
 * <p>What keepalived would only complain about becomes a {@link ParseWarning} with keepalived's own text
 * (2.x `Unknown keyword 'raise'`; 1.2.13 says nothing: protocol-facts §2 last row). What keepalived would
 * refuse, or what leaves the twin nothing sensible to run (unbalanced braces, a keyword without its value,
 * a bad number or address, a VRID or priority out of range, an instance without interface or VRID), is a
 * {@link ConfigError} at file:line:column with a hint.
 */
public final class KeepalivedConfParser {
    private KeepalivedConfParser() {}

    public static KeepalivedConfig parse(Path path) throws ConfigError, IOException {
        return parse(path, KeepalivedProfile.DEFAULT);
    }

    public static KeepalivedConfig parse(Path path, KeepalivedProfile profile) throws ConfigError, IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8), profile);
    }

    public static KeepalivedConfig parse(String fileName, String text) throws ConfigError {
        return parse(fileName, text, KeepalivedProfile.DEFAULT);
    }

    public static KeepalivedConfig parse(String fileName, String text, KeepalivedProfile profile) throws ConfigError {
        return new Session(fileName, profile, ConfLexer.lex(fileName, text, profile)).run();
    }

    /** One instance block before defaults are applied: null means "not configured". */
    private static final class InstanceDraft {
        final Token nameToken;
        String interfaceName;
        Integer vrid;
        Integer version;
        Integer priority;
        BigDecimal advertSeconds;
        Token advertToken;
        VrrpInstanceConfig.InitialState state;
        boolean nopreempt;
        BigDecimal preemptDelaySeconds;
        Integer authType;
        String authPass;
        Ip4 sourceIp;
        final List<Ip4> peers = new ArrayList<>();
        final List<VirtualAddress> vips = new ArrayList<>();
        final List<VrrpInstanceConfig.TrackScript> trackScripts = new ArrayList<>();
        final List<VrrpInstanceConfig.TrackInterface> trackInterfaces = new ArrayList<>();
        List<String> notifyMaster = List.of();
        List<String> notifyBackup = List.of();
        List<String> notifyFault = List.of();
        List<String> notifyStop = List.of();
        List<String> notifyGeneric = List.of();
        boolean useVmac;
        Long garpDelayMicros;
        Integer garpRepeat;
        Long garpRefreshMicros;
        Integer garpRefreshRepeat;
        boolean v3ChecksumAsV2;
        boolean dontTrackPrimary;
        boolean skipCheckAdvAddr;

        InstanceDraft(Token nameToken) { this.nameToken = nameToken; }

        String name() { return nameToken.text(); }
    }

    /** The mutable state of one parse. */
    private static final class Session {
        private final String file;
        private final KeepalivedProfile profile;
        private final List<Item> items;
        private int pos;
        private final List<ParseWarning> warnings = new ArrayList<>();
        private final List<ParseWarning> notes = new ArrayList<>();
        private final Map<String, VrrpScriptConfig> scripts = new LinkedHashMap<>();
        private final List<InstanceDraft> drafts = new ArrayList<>();
        // global_defs
        private String routerId;
        private final List<String> emails = new ArrayList<>();
        private String emailFrom;
        private String smtpServer;
        private String scriptUser;
        private boolean scriptSecurity;
        private int vrrpVersion = 2;
        private long garpDelayMicros = VrrpInstanceConfig.Garp.DEFAULT.masterDelayMicros();
        private int garpRepeat = VrrpInstanceConfig.Garp.DEFAULT.masterRepeat();
        private long garpRefreshMicros = VrrpInstanceConfig.Garp.DEFAULT.masterRefreshMicros();
        private int garpRefreshRepeat = VrrpInstanceConfig.Garp.DEFAULT.masterRefreshRepeat();
        private boolean strict;
        private boolean skipCheckAdvAddr;
        private boolean v3ChecksumAsV2;

        Session(String file, KeepalivedProfile profile, List<Item> items) {
            this.file = file;
            this.profile = profile;
            this.items = items;
        }

        KeepalivedConfig run() throws ConfigError {
            while (pos < items.size()) {
                Item item = items.get(pos++);
                if (item instanceof Statement st) rootStatement(st);
                else throw stray(item);
            }
            VrrpInstanceConfig.Garp garp = new VrrpInstanceConfig.Garp(garpDelayMicros, garpRepeat, garpRefreshMicros, garpRefreshRepeat);
            GlobalDefs global = new GlobalDefs(routerId, emails, emailFrom, smtpServer, scriptUser, scriptSecurity, vrrpVersion,
                    garp, strict, skipCheckAdvAddr, v3ChecksumAsV2);
            List<VrrpInstanceConfig> instances = new ArrayList<>();
            for (InstanceDraft d : drafts) instances.add(resolve(d, global));
            return new KeepalivedConfig(file, profile, global, List.copyOf(scripts.values()), instances, warnings, notes);
        }

        // -------------------------------------------------------------- structure

        private void rootStatement(Statement st) throws ConfigError {
            switch (handled(st)) {
                case "global_defs" -> block(st, this::globalStatement);
                case "vrrp_script" -> scriptBlock(st);
                case "vrrp_instance" -> instanceBlock(st);
                default -> unhandled(st);
            }
        }

        /** The keyword if this version of keepalived knows it, else a marker that sends it to {@link #unhandled}. */
        private String handled(Statement st) {
            return KnownKeywords.known(profile, st.keyword()) ? st.keyword() : "";
        }

        @FunctionalInterface
        private interface StatementHandler {
            void accept(Statement st) throws ConfigError;
        }

        /** The '{' ... '}' block after {@code owner}, each inner statement given to {@code handler}. */
        private void block(Statement owner, StatementHandler handler) throws ConfigError {
            Token open = expectOpen(owner);
            while (true) {
                if (pos >= items.size()) throw unclosed(owner, open);
                Item item = items.get(pos++);
                if (item instanceof Close) return;
                if (item instanceof Open o) throw new ConfigError(file, o.first().line(), o.first().column(), "unexpected '{'", "a block opens after its keyword, e.g. 'virtual_ipaddress {'");
                handler.accept((Statement) item);
            }
        }

        /** A block whose lines are values (virtual_ipaddress, unicast_peer, track_script, ...). */
        private List<Statement> valueBlock(Statement owner) throws ConfigError {
            List<Statement> lines = new ArrayList<>();
            block(owner, lines::add);
            return lines;
        }

        private Token expectOpen(Statement owner) throws ConfigError {
            if (pos < items.size() && items.get(pos) instanceof Open o) {
                pos++;
                return o.first();
            }
            Token kw = owner.first();
            throw new ConfigError(file, kw.line(), kw.column(), "'" + owner.keyword() + "' needs a block", "open it with '{' after the keyword");
        }

        private void skipBlock(Statement owner) throws ConfigError {
            Token open = expectOpen(owner);
            int depth = 1;
            while (depth > 0) {
                if (pos >= items.size()) throw unclosed(owner, open);
                Item item = items.get(pos++);
                if (item instanceof Open) depth++;
                else if (item instanceof Close) depth--;
            }
        }

        private ConfigError unclosed(Statement owner, Token open) {
            return new ConfigError(file, open.line(), open.column(), "block '" + String.join(" ", words(owner)) + "' opened here is never closed",
                    "add the missing '}'");
        }

        private ConfigError stray(Item item) {
            Token t = item.first();
            return new ConfigError(file, t.line(), t.column(), "unexpected '" + t.text() + "'",
                    "braces must balance; remove it or add the matching " + (item instanceof Close ? "'{'" : "'}'"));
        }

        /**
         * A keyword the twin does not handle: keepalived's warning if the version does not know it, a note if it
         * knows it but the twin does not model it. Its block, if any, is skipped.
         */
        private void unhandled(Statement st) throws ConfigError {
            String kw = st.keyword();
            int line = st.first().line();
            if (KnownKeywords.known(profile, kw)) {
                notes.add(new ParseWarning(file, line, "keyword '" + kw + "' is not modelled by the twin - ignored"));
            } else if (profile.logsUnknownKeywords()) {
                warnings.add(new ParseWarning(file, line, "Unknown keyword '" + kw + "'"));
            } else {
                notes.add(new ParseWarning(file, line, "keyword '" + kw + "' is unknown to keepalived 1.2.13, which ignores it without a message"));
            }
            if (pos < items.size() && items.get(pos) instanceof Open) skipBlock(st);
        }

        // -------------------------------------------------------------- global_defs

        private void globalStatement(Statement st) throws ConfigError {
            switch (handled(st)) {
                case "router_id" -> routerId = value(st);
                case "notification_email" -> {
                    for (Statement line : valueBlock(st)) emails.addAll(words(line));
                }
                case "notification_email_from" -> emailFrom = value(st);
                case "smtp_server" -> smtpServer = value(st);
                case "smtp_connect_timeout" -> integer(st, 1, 0, Integer.MAX_VALUE);
                case "script_user" -> scriptUser = value(st);
                case "enable_script_security" -> scriptSecurity = true;
                case "vrrp_version" -> vrrpVersion = integer(st, 1, 2, 3);
                case "vrrp_garp_master_delay" -> garpDelayMicros = integer(st, 1, 0, Integer.MAX_VALUE) * VrrpTiming.TIMER_HZ;
                case "vrrp_garp_master_repeat" -> garpRepeat = atLeastOne(st, "vrrp_garp_master_repeat");
                case "vrrp_garp_master_refresh" -> garpRefreshMicros = integer(st, 1, 0, Integer.MAX_VALUE) * VrrpTiming.TIMER_HZ;
                case "vrrp_garp_master_refresh_repeat" -> garpRefreshRepeat = atLeastOne(st, "vrrp_garp_master_refresh_repeat");
                case "vrrp_strict" -> {
                    strict = true;
                    notes.add(new ParseWarning(file, st.first().line(), "vrrp_strict is read but its extra checks are not modelled by the twin"));
                }
                case "vrrp_skip_check_adv_addr" -> skipCheckAdvAddr = true;
                case "v3_checksum_as_v2" -> v3ChecksumAsV2 = true;
                default -> unhandled(st);
            }
        }

        /** 2.x: a repeat count of 0 is accepted for old configs and raised to 1 with a warning. */
        private int atLeastOne(Statement st, String keyword) throws ConfigError {
            int v = integer(st, 1, 0, Integer.MAX_VALUE);
            if (v == 0) {
                warnings.add(new ParseWarning(file, st.first().line(), keyword + " must be greater than 0, setting to 1"));
                return 1;
            }
            return v;
        }

        // -------------------------------------------------------------- vrrp_script

        private void scriptBlock(Statement st) throws ConfigError {
            String name = arg(st, 1, "a script name");
            String[] command = {null};
            long[] interval = {VrrpScriptConfig.DEFAULT_INTERVAL_MICROS};
            long[] timeout = {0};
            int[] weight = {0};
            int[] rise = {1};
            int[] fall = {1};
            String[] user = {null};
            List<List<String>> argv = new ArrayList<>();
            block(st, s -> {
                switch (handled(s)) {
                    case "script" -> {
                        List<String> words = words(s).subList(1, s.size());
                        if (words.isEmpty()) throw missing(s, "the command to run");
                        command[0] = String.join(" ", words);
                        argv.clear();
                        // One (quoted) word is split like a shell line; several words are the argv already.
                        argv.add(words.size() == 1 ? CommandLine.split(words.get(0)) : List.copyOf(words));
                    }
                    case "interval" -> interval[0] = seconds(s, name, "interval");
                    case "timeout" -> timeout[0] = seconds(s, name, "timeout");
                    case "weight" -> {
                        weight[0] = integer(s, 1, -253, 253);
                        if (s.size() > 2) notes.add(new ParseWarning(file, s.first().line(), "weight option '" + s.word(2).text() + "' of vrrp_script " + name + " is not modelled by the twin"));
                    }
                    case "rise" -> rise[0] = integer(s, 1, 1, Integer.MAX_VALUE);
                    case "fall" -> fall[0] = integer(s, 1, 1, Integer.MAX_VALUE);
                    case "user" -> user[0] = value(s);
                    default -> unhandled(s);
                }
            });
            if (command[0] == null) {
                warnings.add(new ParseWarning(file, st.first().line(), "No script set for vrrp_script " + name + " - removing"));
                return;
            }
            scripts.put(name, new VrrpScriptConfig(name, command[0], argv.get(0), interval[0], timeout[0], weight[0], rise[0], fall[0], user[0]));
        }

        /** An interval or timeout in whole seconds; 0 is raised to 1 with keepalived's warning. */
        private long seconds(Statement s, String script, String what) throws ConfigError {
            long v = integer(s, 1, 0, Integer.MAX_VALUE);
            if (v == 0) {
                String text = what.equals("interval")
                        ? "(" + script + "): vrrp script interval must be greater than 0, setting to 1"
                        : "(" + script + "): vrrp script timeout must be greater than 0, setting to 1";
                if (profile == KeepalivedProfile.V2_2) warnings.add(new ParseWarning(file, s.first().line(), text));
                v = 1;
            }
            return v * VrrpTiming.TIMER_HZ;
        }

        // -------------------------------------------------------------- vrrp_instance

        private void instanceBlock(Statement st) throws ConfigError {
            arg(st, 1, "an instance name");
            InstanceDraft d = new InstanceDraft(st.word(1));
            block(st, s -> instanceStatement(d, s));
            drafts.add(d);
        }

        private void instanceStatement(InstanceDraft d, Statement s) throws ConfigError {
            int line = s.first().line();
            switch (handled(s)) {
                case "state" -> {
                    String v = value(s);
                    if (v.equals("MASTER")) d.state = VrrpInstanceConfig.InitialState.MASTER;
                    else if (v.equals("BACKUP")) {
                        if (d.state == VrrpInstanceConfig.InitialState.MASTER) {
                            warnings.add(new ParseWarning(file, line, "(" + d.name() + ") state previously set as MASTER - ignoring BACKUP"));
                        } else {
                            d.state = VrrpInstanceConfig.InitialState.BACKUP;
                        }
                    } else {
                        warnings.add(new ParseWarning(file, line, "(" + d.name() + ") unknown state '" + v + "', defaulting to BACKUP"));
                        d.state = VrrpInstanceConfig.InitialState.BACKUP;
                    }
                }
                case "interface" -> d.interfaceName = value(s);
                case "virtual_router_id" -> d.vrid = integer(s, 1, 1, 255);
                case "priority" -> d.priority = integer(s, 1, 1, 255);
                case "advert_int" -> {
                    d.advertSeconds = decimal(s, 1, new BigDecimal("0.01"), BigDecimal.valueOf(255));
                    d.advertToken = s.word(1);
                }
                case "nopreempt" -> d.nopreempt = true;
                case "preempt" -> d.nopreempt = false;
                case "preempt_delay" -> d.preemptDelaySeconds = decimal(s, 1, BigDecimal.ZERO, BigDecimal.valueOf(Integer.MAX_VALUE / VrrpTiming.TIMER_HZ));
                case "authentication" -> block(s, a -> {
                    switch (handled(a)) {
                        case "auth_type" -> {
                            String t = value(a);
                            if (t.equals("PASS")) d.authType = VrrpPacket.AUTH_PASS;
                            else if (t.equals("AH")) throw new ConfigError(file, a.first().line(), a.word(1).column(), "auth_type AH is not modelled by the twin", "use auth_type PASS or no authentication");
                            else warnings.add(new ParseWarning(file, a.first().line(), "(" + d.name() + ") unknown authentication type '" + t + "'"));
                        }
                        case "auth_pass" -> d.authPass = password(a);
                        default -> unhandled(a);
                    }
                });
                case "unicast_src_ip", "mcast_src_ip" -> d.sourceIp = ip(s.size() > 1 ? s.word(1) : null, s, "an IPv4 address");
                case "unicast_peer" -> {
                    for (Statement p : valueBlock(s)) d.peers.add(ip(p.first(), p, "an IPv4 address"));
                }
                case "virtual_ipaddress" -> {
                    for (Statement v : valueBlock(s)) d.vips.add(virtualAddress(v));
                }
                case "track_script" -> {
                    for (Statement t : valueBlock(s)) trackScript(d, t);
                }
                case "track_interface" -> {
                    for (Statement t : valueBlock(s)) {
                        int weight = 0;
                        if (t.size() >= 3 && t.word(1).text().equals("weight")) weight = integer(t, 2, -254, 254);
                        d.trackInterfaces.add(new VrrpInstanceConfig.TrackInterface(t.keyword(), weight));
                    }
                }
                case "notify_master" -> d.notifyMaster = command(s);
                case "notify_backup" -> d.notifyBackup = command(s);
                case "notify_fault" -> d.notifyFault = command(s);
                case "notify_stop" -> d.notifyStop = command(s);
                case "notify" -> d.notifyGeneric = command(s);
                case "use_vmac" -> d.useVmac = true;
                case "version" -> d.version = integer(s, 1, 2, 3);
                case "garp_master_delay" -> {
                    long v = integer(s, 1, 0, Integer.MAX_VALUE) * VrrpTiming.TIMER_HZ;
                    // 1.2.13 raises a delay under one second to one second.
                    d.garpDelayMicros = profile == KeepalivedProfile.V1_2 ? Math.max(v, VrrpTiming.TIMER_HZ) : v;
                }
                case "garp_master_repeat" -> d.garpRepeat = atLeastOne(s, "garp_master_repeat");
                case "garp_master_refresh" -> d.garpRefreshMicros = integer(s, 1, 0, Integer.MAX_VALUE) * VrrpTiming.TIMER_HZ;
                case "garp_master_refresh_repeat" -> d.garpRefreshRepeat = atLeastOne(s, "garp_master_refresh_repeat");
                case "v3_checksum_as_v2" -> d.v3ChecksumAsV2 = true;
                case "dont_track_primary" -> d.dontTrackPrimary = true;
                case "skip_check_adv_addr" -> d.skipCheckAdvAddr = true;
                default -> unhandled(s);
            }
        }

        private void trackScript(InstanceDraft d, Statement t) throws ConfigError {
            String name = t.keyword();
            VrrpScriptConfig script = scripts.get(name);
            int line = t.first().line();
            if (script == null) {
                // Scripts must be defined above the instance that tracks them: keepalived looks them up while reading.
                warnings.add(new ParseWarning(file, line, profile == KeepalivedProfile.V1_2
                        ? "     " + name + " no match, ignoring..."
                        : "(" + d.name() + ") track script " + name + " not found, ignoring..."));
                return;
            }
            int weight = script.weight();
            if (t.size() >= 3 && t.word(1).text().equals("weight")) weight = integer(t, 2, -254, 254);
            d.trackScripts.add(new VrrpInstanceConfig.TrackScript(name, weight));
        }

        /** auth_pass: only the first 8 characters count; keepalived warns when it cuts. */
        private String password(Statement a) throws ConfigError {
            String pw = value(a);
            byte[] bytes = pw.getBytes(StandardCharsets.ISO_8859_1);
            if (bytes.length <= VrrpPacket.AUTH_DATA_LENGTH) return pw;
            warnings.add(new ParseWarning(file, a.first().line(), "Truncating auth_pass to " + VrrpPacket.AUTH_DATA_LENGTH + " characters"));
            return new String(bytes, 0, VrrpPacket.AUTH_DATA_LENGTH, StandardCharsets.ISO_8859_1);
        }

        /** "ip[/len] [brd X] [dev Y] [scope S] [label L]" (vrrp_ipaddress.c parse_ipaddress). */
        private VirtualAddress virtualAddress(Statement v) throws ConfigError {
            Token addrToken = v.first();
            IfAddr addr;
            try {
                addr = IfAddr.parse(addrToken.text());
            } catch (IllegalArgumentException e) {
                throw new ConfigError(file, addrToken.line(), addrToken.column(), "'" + addrToken.text() + "' is not an IPv4 address",
                        "write a virtual address as a.b.c.d or a.b.c.d/len");
            }
            Ip4 brd = null;
            String dev = null;
            String scope = null;
            String label = null;
            for (int i = 1; i < v.size(); i++) {
                String opt = v.word(i).text();
                boolean takesValue = opt.equals("brd") || opt.equals("broadcast") || opt.equals("dev") || opt.equals("scope") || opt.equals("label");
                if (!takesValue) {
                    warnings.add(new ParseWarning(file, v.first().line(), "Unknown configuration entry '" + opt + "' for ip address - ignoring"));
                    continue;
                }
                if (i + 1 >= v.size()) {
                    warnings.add(new ParseWarning(file, v.first().line(), "No " + opt + " parameter specified for " + addrToken.text()));
                    break;
                }
                Token val = v.word(++i);
                switch (opt) {
                    case "brd", "broadcast" -> brd = ip(val, v, "a broadcast address");
                    case "dev" -> dev = val.text();
                    case "scope" -> scope = val.text();
                    default -> label = val.text();
                }
            }
            return new VirtualAddress(addr, brd, dev, scope, label);
        }

        // -------------------------------------------------------------- resolution (vrrp_complete_instance)

        private VrrpInstanceConfig resolve(InstanceDraft d, GlobalDefs global) throws ConfigError {
            Token at = d.nameToken;
            int line = at.line();
            String tag = "(" + d.name() + ")";
            if (d.interfaceName == null) {
                throw new ConfigError(file, line, at.column(), "vrrp_instance " + d.name() + " has no interface", "add 'interface <name>' to the block");
            }
            if (d.vrid == null) {
                throw new ConfigError(file, line, at.column(), "vrrp_instance " + d.name() + " has no virtual_router_id", "add 'virtual_router_id <1..255>' to the block");
            }
            int version = d.version != null ? d.version : profile.supportsVersion3() ? global.vrrpVersion() : 2;
            boolean legacy = profile == KeepalivedProfile.V1_2;
            int priority = d.priority != null ? d.priority : profile.defaultPriority(d.state == VrrpInstanceConfig.InitialState.MASTER);
            VrrpInstanceConfig.InitialState state = d.state != null ? d.state
                    : !legacy && priority == 255 ? VrrpInstanceConfig.InitialState.MASTER : VrrpInstanceConfig.InitialState.BACKUP;
            boolean nopreempt = d.nopreempt;
            long preemptDelay = d.preemptDelaySeconds == null ? 0 : micros(d.preemptDelaySeconds);
            if (!legacy && state == VrrpInstanceConfig.InitialState.MASTER) {
                if (nopreempt) {
                    warnings.add(new ParseWarning(file, line, tag + " Warning - nopreempt will not work with initial state MASTER - clearing"));
                    nopreempt = false;
                }
                if (preemptDelay > 0) {
                    warnings.add(new ParseWarning(file, line, tag + " Warning - preempt delay will not work with initial state MASTER - clearing"));
                    preemptDelay = 0;
                }
            }
            if (!legacy && preemptDelay > 0 && nopreempt) {
                warnings.add(new ParseWarning(file, line, tag + " preempt_delay is incompatible with nopreempt mode - resetting"));
                preemptDelay = 0;
            }
            int authType = d.authType != null ? d.authType : VrrpPacket.AUTH_NONE;
            if (authType != VrrpPacket.AUTH_NONE && version == 3) {
                warnings.add(new ParseWarning(file, line, tag + " VRRP version 3 does not support authentication. Ignoring."));
                authType = VrrpPacket.AUTH_NONE;
            } else if (authType != VrrpPacket.AUTH_NONE && (d.authPass == null || d.authPass.isEmpty())) {
                warnings.add(new ParseWarning(file, line, tag + " Authentication specified but no password given. Ignoring"));
                authType = VrrpPacket.AUTH_NONE;
            }
            VrrpInstanceConfig.Builder b = VrrpInstanceConfig.builder(d.name(), d.interfaceName, d.vrid)
                    .version(version)
                    .priority(priority)
                    .advertIntervalMicros(advertInterval(d, version, tag))
                    .initialState(state)
                    .nopreempt(nopreempt)
                    .preemptDelayMicros(preemptDelay)
                    .authType(authType)
                    .sourceIp(d.sourceIp)
                    .notifyScripts(new VrrpInstanceConfig.NotifyScripts(d.notifyMaster, d.notifyBackup, d.notifyFault, d.notifyStop, d.notifyGeneric))
                    .useVmac(d.useVmac)
                    .garp(new VrrpInstanceConfig.Garp(
                            d.garpDelayMicros != null ? d.garpDelayMicros : global.garp().masterDelayMicros(),
                            d.garpRepeat != null ? d.garpRepeat : global.garp().masterRepeat(),
                            d.garpRefreshMicros != null ? d.garpRefreshMicros : global.garp().masterRefreshMicros(),
                            d.garpRefreshRepeat != null ? d.garpRefreshRepeat : global.garp().masterRefreshRepeat()))
                    .v3ChecksumAsV2(d.v3ChecksumAsV2 || global.v3ChecksumAsV2())
                    .dontTrackPrimary(d.dontTrackPrimary)
                    .skipCheckAdvAddr(d.skipCheckAdvAddr || global.skipCheckAdvAddr());
            if (authType == VrrpPacket.AUTH_PASS) b.authPass(d.authPass);
            d.peers.forEach(b::unicastPeer);
            d.vips.forEach(b::virtualAddress);
            d.trackScripts.forEach(t -> b.trackScript(t.script(), t.weight()));
            d.trackInterfaces.forEach(t -> b.trackInterface(t.interfaceName(), t.weight()));
            return b.build();
        }

        /** advert_int in µs, rounded as the version demands (vrrp.c:3310-3349). */
        private long advertInterval(InstanceDraft d, int version, String tag) {
            if (d.advertSeconds == null) return VrrpTiming.TIMER_HZ;
            long us = micros(d.advertSeconds);
            int line = d.advertToken.line();
            if (profile == KeepalivedProfile.V1_2) {
                // atoi: the fraction is dropped, and 0 becomes the default 1 s.
                return Math.max(1, us / VrrpTiming.TIMER_HZ) * VrrpTiming.TIMER_HZ;
            }
            long unit = version == 2 ? VrrpTiming.TIMER_HZ : VrrpTiming.TIMER_CENTI_HZ;
            long max = version == 2 ? 255 * VrrpTiming.TIMER_HZ : 4095 * VrrpTiming.TIMER_CENTI_HZ;
            if (us > max) {
                warnings.add(new ParseWarning(file, line, version == 2
                        ? String.format(Locale.ROOT, "%s VRRPv2 advertisement interval %.2fs is out of range. Must be less than 256s. Setting to 255s", tag, us / 1e6)
                        : String.format(Locale.ROOT, "%s VRRPv3 advertisement interval %.2fs is out of range. Must be less than 40.96s. Setting to 40.95s", tag, us / 1e6)));
                return max;
            }
            if (us % unit != 0) {
                warnings.add(new ParseWarning(file, line, version == 2
                        ? String.format(Locale.ROOT, "%s VRRPv2 advertisement interval %fs must be an integer. rounding", tag, us / 1e6)
                        : String.format(Locale.ROOT, "%s VRRPv3 advertisement interval %fs must be in units of 10ms - rounding", tag, us / 1e6)));
                long rounded = (us + unit / 2) / unit * unit;
                return rounded == 0 ? unit : rounded;
            }
            return us;
        }

        // -------------------------------------------------------------- values

        private static List<String> words(Statement s) {
            List<String> out = new ArrayList<>(s.size());
            for (Token t : s.words()) out.add(t.text());
            return out;
        }

        /** A notify command: one (quoted) word is split like a shell line, several words are the argv. */
        private List<String> command(Statement s) throws ConfigError {
            List<String> w = words(s).subList(1, s.size());
            if (w.isEmpty()) throw missing(s, "a script path");
            return w.size() == 1 ? CommandLine.split(w.get(0)) : List.copyOf(w);
        }

        private String value(Statement s) throws ConfigError {
            if (s.size() < 2) throw missing(s, "a value");
            return s.word(1).text();
        }

        private String arg(Statement s, int i, String what) throws ConfigError {
            if (s.size() <= i) throw missing(s, what);
            return s.word(i).text();
        }

        private ConfigError missing(Statement s, String what) {
            Token kw = s.first();
            return new ConfigError(file, kw.line(), kw.column() + kw.text().length(), "'" + kw.text() + "' needs " + what,
                    "write it on the same line: '" + kw.text() + " <value>'");
        }

        private int integer(Statement s, int i, int min, int max) throws ConfigError {
            if (s.size() <= i) throw missing(s, "a number");
            Token t = s.word(i);
            long v;
            try {
                v = Long.parseLong(t.text());
            } catch (NumberFormatException e) {
                throw new ConfigError(file, t.line(), t.column(), s.keyword() + " '" + t.text() + "' is not a whole number", range(min, max));
            }
            if (v < min || v > max) throw new ConfigError(file, t.line(), t.column(), s.keyword() + " " + t.text() + " is out of range", range(min, max));
            return (int) v;
        }

        private BigDecimal decimal(Statement s, int i, BigDecimal min, BigDecimal max) throws ConfigError {
            if (s.size() <= i) throw missing(s, "a number");
            Token t = s.word(i);
            BigDecimal v;
            try {
                v = new BigDecimal(t.text());
            } catch (NumberFormatException e) {
                throw new ConfigError(file, t.line(), t.column(), s.keyword() + " '" + t.text() + "' is not a number", "use seconds, e.g. 1 or 0.5");
            }
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new ConfigError(file, t.line(), t.column(), s.keyword() + " " + t.text() + " is out of range",
                        "use " + min.toPlainString() + ".." + max.toPlainString() + " seconds");
            }
            return v;
        }

        private static long micros(BigDecimal seconds) {
            return seconds.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        private static String range(long min, long max) {
            return max == Integer.MAX_VALUE ? "use a whole number of at least " + min : "use a whole number in " + min + ".." + max;
        }

        private Ip4 ip(Token t, Statement s, String what) throws ConfigError {
            if (t == null) throw missing(s, what);
            try {
                return Ip4.parse(t.text());
            } catch (IllegalArgumentException e) {
                throw new ConfigError(file, t.line(), t.column(), "'" + t.text() + "' is not an IPv4 address", "write " + what + " as a.b.c.d");
            }
        }
    }
}
