package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.env.NodeEnv;
import org.nettwin.protocols.trace.TraceEvent;

/**
 * Runs users' shell scripts on a simulated node, as the node's /bin/sh would. Commands may take virtual time
 * (a ping waiting for its reply, a cloud API round trip), so execution is continuation-passing on NodeEnv
 * timers: no threads, nothing blocks, and a run that waits simply has a timer or a callback pending.
 *
 * <p>The trace shows every command as {@code Log("sh", "<script>:<line>: <argv>")} (like `sh -x`), the
 * script's own output as {@code Log(<script name>, line)}, and whatever the twin cannot reproduce as a
 * Diagnostic naming script:line.
 *
 * <p>Use one Shell per node: it holds the files the node's scripts write ({@link #files()}).
 */
public final class Shell {
    /** Debian's default PATH for root, which keepalived passes on to its scripts. */
    private static final List<String> PATH_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");
    /** sh builtins the twin does not model; running one is reported rather than approximated. */
    private static final Set<String> UNSUPPORTED_BUILTINS = Set.of(".", "source", "eval", "exec", "cd", "read", "trap", "return",
            "local", "wait", "alias", "unalias", "umask", "ulimit", "readonly", "getopts", "command", "type", "hash", "times",
            "break", "continue", "jobs", "fg", "bg");
    /** A script calling itself would fork until the box gives up; the twin stops here instead. */
    private static final int MAX_SCRIPT_DEPTH = 64;
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final NodeEnv env;
    private final CommandRegistry commands;
    private final ScriptFiles scripts;
    private final NodeFiles files;

    public Shell(NodeEnv env, CommandRegistry commands, ScriptFiles files) {
        this(env, commands, files, 0);
    }

    /**
     * {@code execLatencyNs} is what fork+exec of a program costs on this node before it does anything: a
     * few ms on a Raspberry Pi. It matters for failover because notify scripts run after the GARPs are
     * out: packets that arrive before `echo 1 > ip_forward` has run are dropped.
     */
    public Shell(NodeEnv env, CommandRegistry commands, ScriptFiles files, long execLatencyNs) {
        this.env = env;
        this.commands = commands;
        this.scripts = files;
        this.files = new NodeFiles(env, commands.kernel());
        this.execLatencyNs = execLatencyNs;
    }

    private final long execLatencyNs;

    /** Commands dash runs itself, without fork+exec, though the twin models them as command models. */
    private static final Set<String> DASH_BUILTINS = Set.of("echo", "printf", "true", "false", "test", "[", "kill");

    /** Starts a program (not a builtin) once fork+exec has taken its time; a kill meanwhile cancels it. */
    private void afterExec(Proc p, String name, Runnable start) {
        if (execLatencyNs <= 0 || DASH_BUILTINS.contains(name)) {
            start.run();
            return;
        }
        org.nettwin.protocols.env.TimerHandle t = env.after(execLatencyNs, "exec " + name, () -> {
            if (p.job.running()) start.run();
        });
        p.job.onKill(t::cancel);
    }

    /** The node's files as its scripts left them. */
    public NodeFiles files() { return files; }

    /**
     * Runs the script at {@code path} with positional parameters {@code args} (keepalived's notify:
     * INSTANCE, VI_1, MASTER, 100 — protocol-facts §2.2). A path that is no script but a modelled program
     * (/bin/true) runs that program. The trace shows it as "exec: path args".
     */
    public ShellRun run(String path, List<String> args, Consumer<ExitStatus> done) {
        List<String> argv = new ArrayList<>();
        argv.add(path);
        argv.addAll(args);
        return exec(argv, "exec", done);
    }

    /**
     * Runs {@code argv} as execve(2) would, without a shell in between: how keepalived starts a `script`
     * or `notify` command it has split into words. {@code origin} names the caller in the trace.
     */
    public ShellRun exec(List<String> argv, String origin, Consumer<ExitStatus> done) {
        if (argv.isEmpty()) throw new IllegalArgumentException("exec of an empty argv");
        Job job = new Job(done);
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        Proc caller = new Proc(job, origin, ShellScript.Dialect.DASH, initialVariables(), List.of(), "keepalived",
                new Streams.ScriptLog(env, program), 0, job::finish);
        traceCommand(origin, List.of(), argv);
        invoke(argv, Map.of(), caller, caller.out, caller.err, origin, origin + ": ", caller::exit);
        return job;
    }

    /** Runs one command line through sh -c (a scenario's `run:` step). A syntax error exits 2, as sh does. */
    public ShellRun runLine(String commandLine, String origin, Consumer<ExitStatus> done) {
        Job job = new Job(done);
        ShellScript line;
        try {
            line = ShellScript.parseLine(origin, commandLine);
        } catch (ConfigError e) {
            env.trace(new TraceEvent.Diagnostic("error", origin, e.getMessage()));
            job.finish(2);
            return job;
        }
        Proc p = new Proc(job, origin, line.dialect(), initialVariables(), List.of(), "sh", new Streams.ScriptLog(env, origin), 0, job::finish);
        execute(line.body(), p, false, p::exit);
        return job;
    }

    private static Map<String, String> initialVariables() {
        Map<String, String> vars = new HashMap<>();
        vars.put("PATH", String.join(":", PATH_DIRS));
        vars.put("HOME", "/root");
        return vars;
    }

    // ------------------------------------------------------------------ processes

    /** One top-level run: what kill() stops, and where the final status goes. */
    static final class Job implements ShellRun {
        private final Consumer<ExitStatus> done;
        private final List<Runnable> cleanups = new ArrayList<>();
        private boolean finished;

        Job(Consumer<ExitStatus> done) { this.done = done; }

        void onKill(Runnable cleanup) {
            if (!finished) cleanups.add(cleanup);
        }

        void finish(int code) {
            if (finished) return;
            finished = true;
            cleanups.clear();
            done.accept(ExitStatus.exited(code));
        }

        @Override public void kill() {
            if (finished) return;
            finished = true;
            List<Runnable> pending = List.copyOf(cleanups);
            cleanups.clear();
            pending.forEach(Runnable::run);
            done.accept(ExitStatus.killed(ExitStatus.SIGTERM));
        }

        @Override public boolean running() { return !finished; }
    }

    /** A shell process: a script invocation, or the subshell of a command substitution. */
    private static final class Proc {
        final Job job;
        final String path;
        final ShellScript.Dialect dialect;
        final Map<String, String> vars;
        final Set<String> exported;
        List<String> args;
        final String arg0;
        final int depth;
        int status;
        boolean errexit;
        boolean nounset;
        Streams.Stream out;
        Streams.Stream err;
        final List<Streams.Stream> logs = new ArrayList<>();
        private final IntConsumer onExit;
        private boolean exited;

        Proc(Job job, String path, ShellScript.Dialect dialect, Map<String, String> exportedVars, List<String> args, String arg0,
             Streams.Stream log, int depth, IntConsumer onExit) {
            this.job = job;
            this.path = path;
            this.dialect = dialect;
            this.vars = new HashMap<>(exportedVars);
            this.exported = new HashSet<>(exportedVars.keySet());
            this.args = List.copyOf(args);
            this.arg0 = arg0;
            this.depth = depth;
            this.out = log;
            this.err = log;
            this.logs.add(log);
            this.onExit = onExit;
        }

        /** The subshell of `$(...)`: a copy of the variables, stdout captured, stderr shared. */
        Proc subshell(Streams.Capture capture, IntConsumer onExit) {
            Proc s = new Proc(job, path, dialect, Map.of(), args, arg0, capture, depth, onExit);
            s.logs.clear();
            s.vars.putAll(vars);
            s.exported.addAll(exported);
            s.err = err;
            s.status = status;
            s.errexit = errexit;
            s.nounset = nounset;
            return s;
        }

        Map<String, String> exportedVariables() {
            Map<String, String> m = new HashMap<>();
            for (String name : exported) if (vars.containsKey(name)) m.put(name, vars.get(name));
            return m;
        }

        void exit(int code) {
            if (exited) return;
            exited = true;
            logs.forEach(Streams.Stream::flush);
            onExit.accept(code);
        }

        boolean stopped() { return exited || job.finished; }

        String at(int line) { return path + ":" + line; }

        /** dash's prefix for its own error messages: "script: line: ". */
        String errorPrefix(int line) { return path + ": " + line + ": "; }
    }

    // ------------------------------------------------------------------ execution

    private void execute(ShellNode node, Proc p, boolean condition, IntConsumer k) {
        if (p.stopped()) return;
        IntConsumer done = s -> {
            p.status = s;
            k.accept(s);
        };
        if (node instanceof ShellNode.Sequence seq) {
            runItems(seq.items(), 0, p, condition, done, 0);
        } else if (node instanceof ShellNode.SimpleCommand c) {
            simpleCommand(c, p, condition, done);
        } else if (node instanceof ShellNode.AndOr a) {
            // Only the last command of an && / || list is subject to set -e (XCU 2.14 set -e).
            execute(a.left(), p, true, s -> {
                if (a.and() == (s == 0)) execute(a.right(), p, condition, done);
                else done.accept(s);
            });
        } else if (node instanceof ShellNode.Not n) {
            execute(n.command(), p, true, s -> done.accept(s == 0 ? 1 : 0));
        } else if (node instanceof ShellNode.Group g) {
            execute(g.body(), p, condition, done);
        } else if (node instanceof ShellNode.If i) {
            ifBranch(i, 0, p, condition, done);
        } else if (node instanceof ShellNode.Case c) {
            caseClause(c, p, condition, done);
        } else {
            throw new IllegalStateException("unknown node " + node);
        }
    }

    /**
     * Runs items in order. Commands that finish at once are looped over here rather than recursed into, so a
     * long script does not grow the Java stack; one that finishes later resumes the loop from its callback.
     */
    private void runItems(List<ShellNode> items, int from, Proc p, boolean condition, IntConsumer k, int statusSoFar) {
        int status = statusSoFar;
        for (int i = from; i < items.size(); i++) {
            final int next = i + 1;
            final int[] result = {-1};
            final boolean[] looping = {true};
            execute(items.get(i), p, condition, s -> {
                if (looping[0]) result[0] = s;
                else runItems(items, next, p, condition, k, s);
            });
            looping[0] = false;
            if (result[0] < 0) return;
            status = result[0];
        }
        k.accept(status);
    }

    private void ifBranch(ShellNode.If node, int index, Proc p, boolean condition, IntConsumer k) {
        if (index == node.branches().size()) {
            if (node.otherwise() != null) execute(node.otherwise(), p, condition, k);
            else k.accept(0);
            return;
        }
        ShellNode.Branch b = node.branches().get(index);
        execute(b.condition(), p, true, s -> {
            if (s == 0) execute(b.body(), p, condition, k);
            else ifBranch(node, index + 1, p, condition, k);
        });
    }

    private void caseClause(ShellNode.Case c, Proc p, boolean condition, IntConsumer k) {
        Expansion x = new Expansion(p);
        x.segments(c.subject(), segs -> matchArm(c, 0, 0, joined(segs), x, p, condition, k));
    }

    private void matchArm(ShellNode.Case c, int arm, int pattern, String subject, Expansion x, Proc p, boolean condition, IntConsumer k) {
        if (arm == c.arms().size()) {
            k.accept(0);
            return;
        }
        ShellNode.CaseArm a = c.arms().get(arm);
        if (pattern == a.patterns().size()) {
            matchArm(c, arm + 1, 0, subject, x, p, condition, k);
            return;
        }
        x.segments(a.patterns().get(pattern), segs -> {
            if (glob(segs).matcher(subject).matches()) execute(a.body(), p, condition, k);
            else matchArm(c, arm, pattern + 1, subject, x, p, condition, k);
        });
    }

    private void simpleCommand(ShellNode.SimpleCommand c, Proc p, boolean condition, IntConsumer k) {
        String origin = p.at(c.line());
        Expansion x = new Expansion(p);
        Shell.<ShellNode.Assignment, String>eachAsync(c.assignments(), (a, kk) -> x.segments(a.value(), segs -> kk.accept(joined(segs))), values ->
            Shell.<Word, List<String>>eachAsync(c.words(), (w, kk) -> x.segments(w, segs -> kk.accept(fields(segs, w, origin))), fieldLists ->
                Shell.<ShellNode.Redirect, String>eachAsync(c.redirects(), (r, kk) -> x.segments(r.target(), segs -> kk.accept(joined(segs))), targets -> {
                    List<String> argv = new ArrayList<>();
                    fieldLists.forEach(argv::addAll);
                    Map<String, String> assigned = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < values.size(); i++) assigned.put(c.assignments().get(i).name(), values.get(i));
                    run(c, p, condition, origin, assigned, argv, targets, x.lastSubstitutionStatus, k);
                })));
    }

    private void run(ShellNode.SimpleCommand c, Proc p, boolean condition, String origin, Map<String, String> assigned,
                     List<String> argv, List<String> targets, int substitutionStatus, IntConsumer k) {
        if (p.stopped()) return;
        traceCommand(origin, assignmentWords(assigned), argv);
        String prefix = p.errorPrefix(c.line());
        Redirected r = redirect(c.redirects(), targets, p, origin);
        IntConsumer complete = status -> {
            int s = status;
            for (Streams.Stream opened : r.opened()) {
                String error = opened.close();
                if (error != null) {
                    r.err().println(prefix + error);
                    if (s == 0) s = 1;
                }
            }
            if (s != 0 && p.errexit && !condition) p.exit(s);
            else k.accept(s);
        };
        if (r.error() != null) {
            p.err.println(prefix + r.error());
            complete.accept(2);
            return;
        }
        if (argv.isEmpty()) {
            p.vars.putAll(assigned);
            complete.accept(substitutionStatus >= 0 ? substitutionStatus : 0);
            return;
        }
        invoke(argv, assigned, p, r.out(), r.err(), origin, prefix, complete);
    }

    private void traceCommand(String origin, List<String> assignments, List<String> argv) {
        List<String> words = new ArrayList<>(assignments);
        for (String a : argv) words.add(quoteForTrace(a));
        env.trace(new TraceEvent.Log("sh", origin + ": " + String.join(" ", words)));
    }

    private static List<String> assignmentWords(Map<String, String> assigned) {
        List<String> out = new ArrayList<>();
        assigned.forEach((name, value) -> out.add(name + "=" + quoteForTrace(value)));
        return out;
    }

    /** As `sh -x` shows words: plain ones as they are, others in single quotes. */
    static String quoteForTrace(String word) {
        if (PLAIN_WORD.matcher(word).matches()) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The fds a command runs with after its redirections; {@code error} stops it from running. */
    private record Redirected(Streams.Stream out, Streams.Stream err, List<Streams.Stream> opened, String error) {}

    private Redirected redirect(List<ShellNode.Redirect> redirects, List<String> targets, Proc p, String origin) {
        Streams.Stream out = p.out, err = p.err;
        List<Streams.Stream> opened = new ArrayList<>();
        for (int i = 0; i < redirects.size(); i++) {
            ShellNode.Redirect r = redirects.get(i);
            String target = targets.get(i);
            Streams.Stream s;
            if (r.kind() == ShellNode.RedirectKind.DUPLICATE) {
                s = target.equals("1") ? out : err;
            } else if (target.equals("/dev/stdout")) {
                s = out;
            } else if (target.equals("/dev/stderr")) {
                s = err;
            } else if (target.isEmpty()) {
                return new Redirected(out, err, opened, "cannot create : Directory nonexistent");
            } else {
                NodeFiles.Opened o = files.open(target, r.kind() == ShellNode.RedirectKind.APPEND, origin);
                if (o.error() != null) return new Redirected(out, err, opened, o.error());
                s = o.stream();
                opened.add(s);
            }
            if (r.fd() == 2) err = s;
            else out = s;
        }
        return new Redirected(out, err, opened, null);
    }

    // ------------------------------------------------------------------ commands

    /** Finds what {@code argv[0]} names (builtin, modelled program, script) and runs it. */
    private void invoke(List<String> argv, Map<String, String> assigned, Proc p, Streams.Stream out, Streams.Stream err,
                        String origin, String errorPrefix, IntConsumer k) {
        String name = argv.get(0);
        if (!name.contains("/")) {
            if (builtin(argv, assigned, p, out, err, origin, errorPrefix, k)) return;
            Optional<CommandModel> model = commands.find(name);
            if (model.isPresent()) {
                afterExec(p, name, () -> runModel(model.get(), argv, p, out, err, origin, k));
                return;
            }
            for (String dir : PATH_DIRS) {
                Optional<ShellScript> script = scripts.script(dir + "/" + name);
                if (script.isPresent()) {
                    afterExec(p, name, () -> runScript(script.get(), argv, assigned, p, out, err, origin, k));
                    return;
                }
            }
        } else {
            Optional<ShellScript> script = scripts.script(NodeFiles.absolute(name));
            if (script.isPresent()) {
                afterExec(p, name, () -> runScript(script.get(), argv, assigned, p, out, err, origin, k));
                return;
            }
            Optional<CommandModel> model = commands.find(name);
            if (model.isPresent()) {
                afterExec(p, name, () -> runModel(model.get(), argv, p, out, err, origin, k));
                return;
            }
        }
        err.println(errorPrefix + name + ": not found");
        env.trace(new TraceEvent.Diagnostic("error", origin, "`" + name + "`: not found (exit 127): no such command or script on node "
                + env.nodeName() + " in the twin; the real /bin/sh runs it too and fails unless such a program is installed"));
        k.accept(127);
    }

    private void runModel(CommandModel model, List<String> argv, Proc p, Streams.Stream out, Streams.Stream err, String origin, IntConsumer k) {
        CommandContext ctx = new CommandContext(env, origin, out, err, commands, files, p.dialect, p.job, scripts);
        boolean[] answered = {false};
        model.run(ctx, List.copyOf(argv), result -> {
            if (answered[0]) throw new IllegalStateException("the model of " + argv.get(0) + " reported twice");
            answered[0] = true;
            if (p.job.finished) return; // killed meanwhile: whatever the command did, nobody waits for it
            out.write(result.stdout());
            err.write(result.stderr());
            k.accept(result.status());
        });
    }

    private void runScript(ShellScript script, List<String> argv, Map<String, String> assigned, Proc p, Streams.Stream out,
                           Streams.Stream err, String origin, IntConsumer k) {
        if (p.depth >= MAX_SCRIPT_DEPTH) {
            env.trace(new TraceEvent.Diagnostic("error", origin, "scripts nested deeper than " + MAX_SCRIPT_DEPTH + " levels: stopped"));
            k.accept(2);
            return;
        }
        Map<String, String> environment = p.exportedVariables();
        environment.putAll(assigned);
        Streams.Stream childOut = out.forScript(script.name());
        Streams.Stream childErr = err == out ? childOut : err.forScript(script.name());
        Proc child = new Proc(p.job, script.path(), script.dialect(), environment, argv.subList(1, argv.size()), argv.get(0),
                childOut, p.depth + 1, k);
        child.err = childErr;
        if (childErr != childOut) child.logs.add(childErr);
        execute(script.body(), child, false, child::exit);
    }

    /** The builtins that change the shell itself. Returns false if {@code argv[0]} is none of them. */
    private boolean builtin(List<String> argv, Map<String, String> assigned, Proc p, Streams.Stream out, Streams.Stream err,
                            String origin, String errorPrefix, IntConsumer k) {
        String name = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        if (UNSUPPORTED_BUILTINS.contains(name)) {
            env.trace(new TraceEvent.Diagnostic("warning", origin, "the sh builtin `" + name + "` is not supported by the twin"));
            err.println(errorPrefix + name + ": not supported by the twin");
            k.accept(2);
            return true;
        }
        switch (name) {
            case ":" -> k.accept(0);
            case "exit" -> {
                p.vars.putAll(assigned);
                if (args.isEmpty()) {
                    p.exit(p.status);
                } else if (args.get(0).matches("[0-9]+")) {
                    p.exit(Integer.parseInt(args.get(0)) & 0xff);
                } else {
                    err.println(errorPrefix + "exit: Illegal number: " + args.get(0));
                    p.exit(2);
                }
            }
            case "set" -> k.accept(set(args, p, out, err, errorPrefix, origin));
            case "export" -> {
                p.vars.putAll(assigned);
                int status = 0;
                for (String a : args) {
                    int eq = a.indexOf('=');
                    String var = eq < 0 ? a : a.substring(0, eq);
                    if (!NAME.matcher(var).matches()) {
                        err.println(errorPrefix + "export: " + a + ": bad variable name");
                        status = 2;
                        continue;
                    }
                    if (eq >= 0) p.vars.put(var, a.substring(eq + 1));
                    p.exported.add(var);
                }
                k.accept(status);
            }
            case "unset" -> {
                for (String a : args) {
                    p.vars.remove(a);
                    p.exported.remove(a);
                }
                k.accept(0);
            }
            case "shift" -> {
                int n = args.isEmpty() ? 1 : args.get(0).matches("[0-9]+") ? Integer.parseInt(args.get(0)) : -1;
                if (n < 0 || n > p.args.size()) {
                    err.println(errorPrefix + "shift: can't shift that many");
                    k.accept(2);
                } else {
                    p.args = List.copyOf(p.args.subList(n, p.args.size()));
                    k.accept(0);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** `set -e|-u|-x` (and +), `set -- args`; `set` alone lists the variables. */
    private int set(List<String> args, Proc p, Streams.Stream out, Streams.Stream err, String errorPrefix, String origin) {
        if (args.isEmpty()) {
            new TreeMap<>(p.vars).forEach((n, v) -> out.println(n + "=" + quoteForTrace(v)));
            return 0;
        }
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                p.args = List.copyOf(args.subList(i + 1, args.size()));
                return 0;
            }
            if (!(a.startsWith("-") || a.startsWith("+")) || a.length() == 1) {
                p.args = List.copyOf(args.subList(i, args.size()));
                return 0;
            }
            boolean on = a.charAt(0) == '-';
            for (char f : a.substring(1).toCharArray()) {
                switch (f) {
                    case 'e' -> p.errexit = on;
                    case 'u' -> p.nounset = on;
                    case 'x' -> { } // every command is in the trace anyway
                    default -> {
                        env.trace(new TraceEvent.Diagnostic("warning", origin, "set " + a + ": only -e, -u and -x are modelled by the twin"));
                        err.println(errorPrefix + "set: Illegal option " + a.charAt(0) + f);
                        return 2;
                    }
                }
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ expansion

    /** A piece of an expanded word; {@code split} marks unquoted expansion results, subject to field splitting. */
    private record Segment(String text, boolean quoted, boolean split) {
        /** Between the words of "$@". */
        static final Segment FIELD_BREAK = new Segment(null, true, false);
    }

    /** Expansion of the words of one command; remembers the status of its last command substitution. */
    private final class Expansion {
        private final Proc p;
        int lastSubstitutionStatus = -1;

        Expansion(Proc p) { this.p = p; }

        void segments(Word w, Consumer<List<Segment>> k) {
            List<Word.Part> parts = w.parts();
            eachAsync(parts, this::part, lists -> {
                List<Segment> all = new ArrayList<>();
                lists.forEach(all::addAll);
                k.accept(tilde(all));
            });
        }

        /** A leading unquoted ~ is $HOME (root's, for keepalived's scripts). */
        private List<Segment> tilde(List<Segment> segs) {
            if (segs.isEmpty()) return segs;
            Segment first = segs.get(0);
            if (first.quoted() || first.split() || first.text() == null || !first.text().startsWith("~")) return segs;
            if (first.text().length() > 1 && first.text().charAt(1) != '/') return segs;
            List<Segment> out = new ArrayList<>(segs);
            out.set(0, new Segment(p.vars.getOrDefault("HOME", "/root") + first.text().substring(1), true, false));
            return out;
        }

        private void part(Word.Part part, Consumer<List<Segment>> k) {
            if (part instanceof Word.Literal l) {
                k.accept(List.of(new Segment(l.text(), l.quoted(), false)));
            } else if (part instanceof Word.Parameter v) {
                List<Segment> value = parameter(v);
                if (value != null) k.accept(value);
            } else {
                Word.CommandSubstitution cs = (Word.CommandSubstitution) part;
                Streams.Capture capture = new Streams.Capture();
                Proc sub = p.subshell(capture, status -> {
                    lastSubstitutionStatus = status;
                    k.accept(List.of(new Segment(capture.substituted(), cs.quoted(), !cs.quoted())));
                });
                execute(cs.body(), sub, false, sub::exit);
            }
        }

        /** The value of a parameter, or null after failing the shell on an unset one under set -u. */
        private List<Segment> parameter(Word.Parameter v) {
            String name = v.name();
            boolean q = v.quoted();
            switch (name) {
                case "@":
                    if (q) {
                        List<Segment> segs = new ArrayList<>();
                        for (String a : p.args) {
                            if (!segs.isEmpty()) segs.add(Segment.FIELD_BREAK);
                            segs.add(new Segment(a, true, false));
                        }
                        return segs;
                    }
                    return List.of(new Segment(String.join(" ", p.args), false, true));
                case "*":
                    return List.of(new Segment(String.join(" ", p.args), q, !q));
                case "#":
                    return List.of(new Segment(String.valueOf(p.args.size()), q, !q));
                case "?":
                    return List.of(new Segment(String.valueOf(p.status), q, !q));
                case "0":
                    return List.of(new Segment(p.arg0, q, !q));
                default:
                    break;
            }
            String value;
            if (Character.isDigit(name.charAt(0))) {
                int n = Integer.parseInt(name);
                value = n <= p.args.size() ? p.args.get(n - 1) : null;
            } else {
                value = p.vars.get(name);
            }
            if (value == null && p.nounset) {
                p.err.println(p.path + ": " + name + ": parameter not set");
                p.exit(2);
                return null;
            }
            return List.of(new Segment(value == null ? "" : value, q, !q));
        }
    }

    /** Runs {@code f} on each item in order (each may answer later) and hands over all results. */
    private static <T, R> void eachAsync(List<T> items, BiConsumer<T, Consumer<R>> f, Consumer<List<R>> k) {
        eachAsync(items, 0, new ArrayList<>(), f, k);
    }

    private static <T, R> void eachAsync(List<T> items, int index, List<R> results, BiConsumer<T, Consumer<R>> f, Consumer<List<R>> k) {
        if (index == items.size()) {
            k.accept(results);
            return;
        }
        f.accept(items.get(index), r -> {
            results.add(r);
            eachAsync(items, index + 1, results, f, k);
        });
    }

    /** A word where no field splitting happens (assignment values, redirection targets, case words). */
    private static String joined(List<Segment> segs) {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segs) sb.append(s == Segment.FIELD_BREAK ? " " : s.text());
        return sb.toString();
    }

    /**
     * Field splitting (XCU 2.6.5) with the default IFS: unquoted expansion results split at blanks and
     * newlines, quotes keep empty fields. Pathname expansion needs a filesystem the twin lacks: a word it
     * would apply to is passed as written, with a Diagnostic.
     */
    private List<String> fields(List<Segment> segs, Word w, String origin) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean has = false;
        boolean glob = false;
        for (Segment s : segs) {
            if (s == Segment.FIELD_BREAK) {
                if (has) out.add(cur.toString());
                cur.setLength(0);
                has = false;
                continue;
            }
            if (!s.quoted()) glob |= hasGlob(s.text());
            if (!s.split()) {
                cur.append(s.text());
                has = true;
                continue;
            }
            for (char c : s.text().toCharArray()) {
                if (c == ' ' || c == '\t' || c == '\n') {
                    if (has) out.add(cur.toString());
                    cur.setLength(0);
                    has = false;
                } else {
                    cur.append(c);
                    has = true;
                }
            }
        }
        if (has) out.add(cur.toString());
        if (glob) {
            env.trace(new TraceEvent.Diagnostic("warning", origin, "pathname expansion of `" + w.display()
                    + "` is not modelled by the twin: the word is passed as written"));
        }
        return out;
    }

    private static boolean hasGlob(String text) {
        int open = text.indexOf('[');
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || open >= 0 && text.indexOf(']', open + 1) > open;
    }

    /** A case pattern as a regex: unquoted * ? [...] are wildcards, quoted text is literal (XCU 2.13). */
    static Pattern glob(List<Segment> segs) {
        StringBuilder re = new StringBuilder();
        for (Segment s : segs) {
            String t = s == Segment.FIELD_BREAK ? " " : s.text();
            if (s.quoted()) {
                if (!t.isEmpty()) re.append(Pattern.quote(t));
                continue;
            }
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else if (c == '[' && bracketEnd(t, i) > 0) {
                    int end = bracketEnd(t, i);
                    re.append(bracketClass(t.substring(i + 1, end)));
                    i = end;
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Index of the `]` closing a bracket expression opened at {@code open}, or -1 (then `[` is literal). */
    private static int bracketEnd(String t, int open) {
        int i = open + 1;
        if (i < t.length() && (t.charAt(i) == '!' || t.charAt(i) == '^')) i++;
        if (i < t.length() && t.charAt(i) == ']') i++;
        return t.indexOf(']', i);
    }

    private static String bracketClass(String inside) {
        StringBuilder cls = new StringBuilder("[");
        int first = 0;
        if (!inside.isEmpty() && (inside.charAt(0) == '!' || inside.charAt(0) == '^')) {
            cls.append('^');
            first = 1;
        }
        for (int i = first; i < inside.length(); i++) {
            char c = inside.charAt(i);
            boolean range = c == '-' && i > first && i < inside.length() - 1;
            if (range || Character.isLetterOrDigit(c)) cls.append(c);
            else cls.append('\\').append(c);
        }
        return cls.append(']').toString();
    }
}
