package org.nettwin.protocols.shell;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nettwin.protocols.env.TimerHandle;
import org.nettwin.protocols.trace.TraceEvent;

/** Programs that touch no network: echo, true, false, sleep, logger, cat, rm. (`test`/`[` are in {@link TestCommand}.) */
final class BasicCommands {
    private BasicCommands() {}

    static void registerAll(CommandRegistry r) {
        r.register("echo", BasicCommands::echo);
        r.register("true", (ctx, argv, done) -> done.accept(CommandResult.ok()));
        r.register("false", (ctx, argv, done) -> done.accept(new CommandResult(1, "", "")));
        r.register("sleep", BasicCommands::sleep);
        r.register("logger", BasicCommands::logger);
        r.register("cat", BasicCommands::cat);
        r.register("rm", BasicCommands::rm);
        r.register("test", new TestCommand(false));
        r.register("[", new TestCommand(true));
    }

    /**
     * dash's echo (Debian's /bin/sh): only a first "-n" is an option and backslash escapes are always
     * interpreted; bash's echo takes -n/-e/-E and interprets escapes only with -e.
     */
    static void echo(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        List<String> args = argv.subList(1, argv.size());
        boolean newline = true;
        boolean escapes = ctx.dialect() == ShellScript.Dialect.DASH;
        int first = 0;
        if (ctx.dialect() == ShellScript.Dialect.DASH) {
            if (!args.isEmpty() && args.get(0).equals("-n")) {
                newline = false;
                first = 1;
            }
        } else {
            for (; first < args.size() && args.get(first).matches("-[neE]+"); first++) {
                for (char c : args.get(first).substring(1).toCharArray()) {
                    if (c == 'n') newline = false;
                    else escapes = c == 'e';
                }
            }
        }
        String text = String.join(" ", args.subList(first, args.size()));
        if (escapes) {
            Unescaped u = unescape(text);
            text = u.text();
            newline &= !u.stopped();
        }
        done.accept(CommandResult.ok(newline ? text + "\n" : text));
    }

    /** {@code stopped}: a \c was met, so nothing more is printed, not even the newline. */
    record Unescaped(String text, boolean stopped) {}

    /** The XSI escapes echo knows: \a \b \c \f \n \r \t \v \\ and \0 followed by up to three octal digits. */
    static Unescaped unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'a' -> out.append('\007');
                case 'b' -> out.append('\b');
                case 'c' -> {
                    return new Unescaped(out.toString(), true);
                }
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\013');
                case '\\' -> out.append('\\');
                case '0' -> {
                    int value = 0, digits = 0;
                    while (digits < 3 && i + 1 < s.length() && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
                        value = value * 8 + (s.charAt(++i) - '0');
                        digits++;
                    }
                    out.append((char) value);
                }
                default -> out.append('\\').append(n);
            }
        }
        return new Unescaped(out.toString(), false);
    }

    /** GNU sleep: the sum of its operands, each a number with an optional s/m/h/d suffix — in virtual time. */
    static void sleep(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        if (argv.size() < 2) {
            done.accept(CommandResult.fail(1, "sleep: missing operand"));
            return;
        }
        long totalNs = 0;
        for (String operand : argv.subList(1, argv.size())) {
            Optional<Long> ns = durationNs(operand);
            if (ns.isEmpty()) {
                done.accept(CommandResult.fail(1, "sleep: invalid time interval '" + operand + "'"));
                return;
            }
            totalNs += ns.get();
        }
        TimerHandle t = ctx.env().after(totalNs, "sh/sleep " + ctx.origin(), () -> done.accept(CommandResult.ok()));
        ctx.onKill(t::cancel);
    }

    static Optional<Long> durationNs(String text) {
        if (text.isEmpty()) return Optional.empty();
        long unit = switch (text.charAt(text.length() - 1)) {
            case 's' -> 1L;
            case 'm' -> 60L;
            case 'h' -> 3600L;
            case 'd' -> 86400L;
            default -> 0L;
        };
        String number = unit == 0 ? text : text.substring(0, text.length() - 1);
        if (unit == 0) unit = 1;
        if (!number.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) return Optional.empty();
        BigDecimal seconds = new BigDecimal(number).multiply(BigDecimal.valueOf(unit));
        return Optional.of(seconds.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
    }

    /** util-linux logger: the message goes to syslog, which the trace stands for, tagged with -t (default: the user, root). */
    static void logger(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        ShortOptions o;
        try {
            o = ShortOptions.parse(argv.subList(1, argv.size()), "is", "tp");
        } catch (ShortOptions.Invalid e) {
            done.accept(CommandResult.fail(1, "logger: " + e.getMessage()));
            return;
        }
        if (o.operands().isEmpty()) {
            // Without a message logger reads stdin, which for keepalived's scripts is /dev/null.
            done.accept(CommandResult.ok());
            return;
        }
        String message = String.join(" ", o.operands());
        ctx.env().trace(new TraceEvent.Log(o.value('t').orElse("root"), message));
        done.accept(o.has('s') ? new CommandResult(0, "", message + "\n") : CommandResult.ok());
    }

    /** cat of files scripts wrote on this node; other files do not exist in the twin, and that is reported. */
    static void cat(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String path : argv.subList(1, argv.size())) {
            if (path.equals("-")) continue; // stdin of a keepalived script is /dev/null
            if (path.startsWith("-")) {
                done.accept(CommandResult.fail(1, "cat: option " + path + " is not modelled by the twin"));
                return;
            }
            Optional<String> content = ctx.files().read(path);
            if (content.isPresent()) {
                out.append(content.get());
            } else {
                ctx.diagnostic("warning", "cat " + path + ": the twin's node has no such file (only files its scripts wrote)");
                err.append("cat: ").append(path).append(": No such file or directory\n");
            }
        }
        done.accept(new CommandResult(err.length() == 0 ? 0 : 1, out.toString(), err.toString()));
    }

    /**
     * `rm [-f] FILE...` on the files scripts wrote (a health-check file a test removes to fail a track_script).
     * Like coreutils, a missing file is an error (exit 1) unless -f is given.
     */
    static void rm(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        boolean force = false;
        StringBuilder err = new StringBuilder();
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.equals("-f")) {
                force = true;
            } else if (arg.startsWith("-")) {
                done.accept(CommandResult.fail(1, "rm: option " + arg + " is not modelled by the twin (only -f)"));
                return;
            } else if (!ctx.files().remove(arg) && !force) {
                err.append("rm: cannot remove '").append(arg).append("': No such file or directory\n");
            }
        }
        done.accept(new CommandResult(err.length() == 0 ? 0 : 1, "", err.toString()));
    }
}
