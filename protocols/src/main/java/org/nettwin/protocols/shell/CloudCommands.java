package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The CLIs that talk to the outside world: `aws ec2 *-route`, the EC2 instance metadata fetched with wget or
 * curl, and `soracom` speed-class changes. They parse the command line as the real tools do and hand the
 * request to the node's {@link CloudApi}, which applies it after the modelled latency.
 */
final class CloudCommands {
    static final String INSTANCE_ID_URL = "http://169.254.169.254/latest/meta-data/instance-id";
    /** protocol-facts §6 (soracom-cli sources; s1.8xfast on plan-US). */
    static final Set<String> SPEED_CLASSES = Set.of("s1.minimum", "s1.slow", "s1.standard", "s1.fast", "s1.4xfast", "s1.8xfast");
    private static final Set<String> ROUTE_VERBS = Set.of("delete-route", "create-route", "replace-route");
    /** aws: the route targets other than an instance, which the CloudApi does not model. */
    private static final Set<String> OTHER_ROUTE_TARGETS = Set.of("gateway-id", "nat-gateway-id", "network-interface-id",
            "transit-gateway-id", "vpc-peering-connection-id", "egress-only-internet-gateway-id", "local-gateway-id",
            "carrier-gateway-id", "core-network-arn", "vpc-endpoint-id", "destination-prefix-list-id");
    private static final Set<String> AWS_OPTIONS = Set.of("route-table-id", "destination-cidr-block", "instance-id", "region",
            "profile", "output", "endpoint-url");
    private static final Set<String> SORACOM_OPTIONS = Set.of("imsi", "speed-class", "profile", "coverage-type");

    private CloudCommands() {}

    static void registerAll(CommandRegistry r) {
        r.register("aws", CloudCommands::aws);
        r.register("wget", CloudCommands::wget);
        r.register("curl", CloudCommands::curl);
        r.register("soracom", CloudCommands::soracom);
    }

    /** `--name value` and `--name=value` options, and the remaining positional words. */
    private record LongOptions(Map<String, String> values, List<String> positional) {
        /** Returns null after reporting, via {@code error}, an unknown option or one missing its value. */
        static LongOptions parse(List<String> args, Set<String> known, Consumer<String> error) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    positional.add(a);
                    continue;
                }
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                if (!known.contains(name) && !OTHER_ROUTE_TARGETS.contains(name)) {
                    error.accept("Unknown options: " + a);
                    return null;
                }
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    error.accept("argument --" + name + ": expected one argument");
                    return null;
                }
                values.put(name, value);
            }
            return new LongOptions(values, positional);
        }

        Optional<String> get(String name) { return Optional.ofNullable(values.get(name)); }
    }

    private static boolean noCloud(CommandContext ctx, String what, Consumer<CommandResult> done, int status, String message) {
        if (ctx.cloud().isPresent()) return false;
        ctx.diagnostic("error", "the topology gives node " + ctx.env().nodeName() + " no cloud/carrier API, so `" + what + "` cannot reach it");
        done.accept(CommandResult.fail(status, message));
        return true;
    }

    /** AWS CLI v1 (Ubuntu 20.04's awscli, seed 000): 2 for a command line it rejects, 255 for any other failure (aws help return-codes). */
    static void aws(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        StringBuilder usage = new StringBuilder();
        LongOptions o = LongOptions.parse(argv.subList(1, argv.size()), AWS_OPTIONS, usage::append);
        if (o == null) {
            done.accept(CommandResult.fail(2, "aws: error: " + usage));
            return;
        }
        List<String> pos = o.positional();
        String service = pos.isEmpty() ? "" : pos.get(0);
        String verb = pos.size() < 2 ? "" : pos.get(1);
        if (!service.equals("ec2") || !ROUTE_VERBS.contains(verb) || pos.size() > 2) {
            ctx.diagnostic("warning", "`aws " + String.join(" ", pos) + "` is not modelled by the twin (only ec2 delete-route, create-route, replace-route)");
            done.accept(CommandResult.fail(255, "aws: the twin models only ec2 delete-route|create-route|replace-route"));
            return;
        }
        Optional<String> table = o.get("route-table-id");
        Optional<String> cidr = o.get("destination-cidr-block");
        if (table.isEmpty() || cidr.isEmpty()) {
            done.accept(CommandResult.fail(2, "aws: error: the following arguments are required: --route-table-id, --destination-cidr-block"));
            return;
        }
        String instanceId = null;
        if (!verb.equals("delete-route")) {
            Optional<String> otherTarget = o.values().keySet().stream().filter(OTHER_ROUTE_TARGETS::contains).findFirst();
            if (otherTarget.isPresent() || o.get("instance-id").isEmpty()) {
                ctx.diagnostic("warning", "aws ec2 " + verb + ": only --instance-id targets are modelled by the twin"
                        + otherTarget.map(t -> " (got --" + t + ")").orElse(" (no target given)"));
                done.accept(CommandResult.fail(2, "aws: the twin models only --instance-id route targets"));
                return;
            }
            instanceId = o.get("instance-id").get();
        }
        if (noCloud(ctx, "aws ec2 " + verb, done, 255, "Unable to locate credentials. You can configure credentials by running \"aws configure\".")) return;
        CloudApi cloud = ctx.cloud().get();
        cloud.ec2RouteChange(verb, table.get(), cidr.get(), instanceId, done);
    }

    /** The instance metadata service: only instance-id is modelled; the rest is reported, not invented. */
    private static Optional<String> metadata(CommandContext ctx, String tool, String url) {
        if (!url.equals(INSTANCE_ID_URL) && !url.equals(INSTANCE_ID_URL + "/")) {
            ctx.diagnostic("warning", tool + " " + url + ": the twin models only " + INSTANCE_ID_URL);
            return Optional.empty();
        }
        if (ctx.cloud().isEmpty()) {
            ctx.diagnostic("error", "the topology gives node " + ctx.env().nodeName() + " no cloud API, so the instance metadata service does not answer");
            return Optional.empty();
        }
        return Optional.of(ctx.cloud().get().instanceId());
    }

    /** `wget -q -O - URL` (also -qO-, -O file); exit 4 ("network failure") when the metadata is unavailable. */
    static void wget(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        ShortOptions o;
        try {
            o = ShortOptions.parse(argv.subList(1, argv.size()), "qnv", "OTt");
        } catch (ShortOptions.Invalid e) {
            done.accept(CommandResult.fail(2, "wget: " + e.getMessage()));
            return;
        }
        if (o.operands().size() != 1) {
            done.accept(CommandResult.fail(1, "wget: missing URL"));
            return;
        }
        String url = o.operands().get(0);
        Optional<String> body = metadata(ctx, "wget", url);
        if (body.isEmpty()) {
            done.accept(CommandResult.fail(4, o.has('q') ? "" : "wget: unable to connect to " + url));
            return;
        }
        String target = o.value('O').orElse("instance-id");
        if (target.equals("-")) {
            done.accept(CommandResult.ok(body.get()));
        } else {
            ctx.files().write(target, body.get());
            done.accept(CommandResult.ok());
        }
    }

    /** `curl -s URL` (-f, -S, -o FILE, -m SECONDS accepted); exit 7 ("failed to connect") when unavailable. */
    static void curl(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        ShortOptions o;
        try {
            o = ShortOptions.parse(argv.subList(1, argv.size()), "sSfL", "om");
        } catch (ShortOptions.Invalid e) {
            done.accept(CommandResult.fail(2, "curl: " + e.getMessage()));
            return;
        }
        if (o.operands().size() != 1) {
            done.accept(CommandResult.fail(2, "curl: the twin models a single URL"));
            return;
        }
        String url = o.operands().get(0);
        Optional<String> body = metadata(ctx, "curl", url);
        if (body.isEmpty()) {
            boolean silent = o.has('s') && !o.has('S');
            done.accept(CommandResult.fail(7, silent ? "" : "curl: (7) Failed to connect to 169.254.169.254"));
            return;
        }
        Optional<String> file = o.value('o');
        if (file.isPresent()) {
            ctx.files().write(file.get(), body.get());
            done.accept(CommandResult.ok());
        } else {
            done.accept(CommandResult.ok(body.get()));
        }
    }

    /**
     * `soracom sim update_speed_class --imsi=... --speed-class=...` (the seed 002 form) or soracom-cli's
     * `soracom subscribers update-speed-class`. A dash that a web page turned into an em or en dash
     * (`—-imsi`, `—imsi`) is read as `--` with a warning: the real CLI would not recognise that option.
     */
    static void soracom(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        List<String> args = new ArrayList<>();
        for (String a : argv.subList(1, argv.size())) args.add(repairDash(ctx, a));
        StringBuilder usage = new StringBuilder();
        LongOptions o = LongOptions.parse(args, SORACOM_OPTIONS, usage::append);
        if (o == null) {
            done.accept(CommandResult.fail(1, "soracom: " + usage));
            return;
        }
        String command = String.join(" ", o.positional());
        if (!command.equals("sim update_speed_class") && !command.equals("subscribers update-speed-class")) {
            ctx.diagnostic("warning", "`soracom " + command + "` is not modelled by the twin (only sim update_speed_class)");
            done.accept(CommandResult.fail(1, "soracom: the twin models only sim update_speed_class"));
            return;
        }
        Optional<String> imsi = o.get("imsi");
        Optional<String> speed = o.get("speed-class");
        if (imsi.isEmpty() || speed.isEmpty()) {
            done.accept(CommandResult.fail(1, "soracom: --imsi and --speed-class are required"));
            return;
        }
        if (!SPEED_CLASSES.contains(speed.get())) {
            ctx.diagnostic("warning", "soracom: unknown speed class " + speed.get() + " (known: " + String.join(", ", SPEED_CLASSES.stream().sorted().toList()) + ")");
            done.accept(CommandResult.fail(1, "soracom: invalid speed class: " + speed.get()));
            return;
        }
        if (noCloud(ctx, "soracom " + command, done, 1, "soracom: cannot reach the SORACOM API")) return;
        ctx.cloud().get().setSpeedClass(imsi.get(), speed.get(), done);
    }

    private static String repairDash(CommandContext ctx, String arg) {
        if (arg.isEmpty() || (arg.charAt(0) != '\u2014' && arg.charAt(0) != '\u2013')) return arg;
        String rest = arg.substring(1);
        while (rest.startsWith("-")) rest = rest.substring(1);
        String repaired = "--" + rest;
        ctx.diagnostic("warning", "`" + arg + "` starts with a typographic dash (U+" + Integer.toHexString(arg.charAt(0)).toUpperCase(java.util.Locale.ROOT)
                + ") where `--` belongs, as when a script is copied from a web page; the twin reads it as `" + repaired
                + "`, the real CLI would not recognise the option");
        return repaired;
    }
}
