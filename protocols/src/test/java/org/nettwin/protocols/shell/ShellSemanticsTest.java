package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.testkit.ManualEnv;
import org.nettwin.protocols.trace.TraceEvent;

/** What sh does with the subset the twin runs (POSIX XCU 2; dash where shells differ). */
class ShellSemanticsTest {
    private static final String PATH = "/etc/keepalived/t.sh";
    private final ManualEnv env = new ManualEnv("n1", 1);
    private final List<ShellScript> installed = new ArrayList<>();

    private Shell shell() {
        return new Shell(env, CommandRegistry.withoutStack(Optional.empty()), ScriptFiles.of(installed.toArray(ShellScript[]::new)));
    }

    private void install(String path, String text) {
        installed.add(SeedScripts.parse(path, text));
    }

    /** Runs {@code text} as t.sh with {@code args}; returns its exit status after virtual time settles. */
    private int run(String text, String... args) {
        install(PATH, text);
        Traces.Outcome out = new Traces.Outcome(env);
        shell().run(PATH, List.of(args), out);
        env.advanceBy(Time.s(60));
        assertTrue(out.done(), "script did not finish");
        assertEquals(1, out.reports, "done is called exactly once");
        return out.status.code();
    }

    private List<String> output() { return Traces.logs(env, "t.sh"); }

    @Test @DisplayName("keepalived's notify convention: $1=INSTANCE $2=VI_1 $3=MASTER $4=priority, $# = 4 (protocol-facts §2.2)")
    void notifyArguments() {
        run("echo \"$1|$2|$3|$4|$#|${4}\"", "INSTANCE", "VI_1", "MASTER", "100");
        assertEquals(List.of("INSTANCE|VI_1|MASTER|100|4|100"), output());
    }

    @ParameterizedTest(name = "case {0} -> {1}")
    @CsvSource({"MASTER, master", "BACKUP, backup-or-fault", "FAULT, backup-or-fault", "M, single", "MAST, glob", "'', empty", "x*y, star-literal", "STOP, other"})
    void caseMatchesLikeSh(String state, String expected) {
        run("""
                case "$1" in
                  MASTER) echo master ;;
                  BACKUP|"FAULT") echo backup-or-fault ;;
                  ?) echo single ;;
                  MA*) echo glob ;;
                  "") echo empty ;;
                  x"*"y) echo star-literal ;;
                  *) echo other ;;
                esac
                """, state);
        assertEquals(List.of(expected), output());
    }

    @Test @DisplayName("a quoted * in a pattern is literal: \"*\" matches only a star")
    void quotedStarIsLiteral() {
        run("case $1 in \"*\") echo star ;; *) echo any ;; esac", "abc");
        assertEquals(List.of("any"), output());
    }

    @Test @DisplayName("[ ] with = != -z -n -eq -lt, if/elif/else picks the first true branch")
    void ifAndTest() {
        run("""
                if [ "$1" = a ]; then echo one
                elif [ "$2" -lt 10 ] && [ -n "$2" ]; then echo two
                else echo three; fi
                [ -z "" ] && echo empty
                [ x != x ] || echo same
                test 3 -eq 03 && echo numeric
                if ! [ "$1" = b ]; then echo not-b; fi
                """, "b", "7");
        assertEquals(List.of("two", "empty", "same", "numeric"), output());
    }

    @ParameterizedTest(name = "[ {0} ] -> {1}")
    @CsvSource(delimiterString = "~", value = {
            "a = a ~ 0", "a = b ~ 1", "a != b ~ 0", "-n '' ~ 1", "-z '' ~ 0", "x ~ 0", "'' ~ 1", "'' '' ~ 2",
            "5 -gt 3 ~ 0", "5 -le 3 ~ 1", "-3 -lt 2 ~ 0", "! a = a ~ 1", "'(' x ')' ~ 0", "'(' '' ')' ~ 1",
            "abc -eq 1 ~ 2", "a == a ~ 2", "a -o b ~ 2", "-f /etc/passwd ~ 2"})
    void testStatuses(String expression, int status) {
        assertEquals(status, run("[ " + expression + " ]"));
    }

    @Test @DisplayName("[ ] with no expression is false; a [ without ] is an error")
    void emptyTest() {
        assertEquals(1, run("[ ]"));
        installed.clear();
        assertEquals(2, run("[ a = a"));
        assertTrue(output().contains("[: missing ]"), output().toString());
    }

    @Test @DisplayName("dash's [ has no ==: status 2 with its message, as on the real /bin/sh; bash accepts it")
    void doubleEquals() {
        assertEquals(2, run("[ a == a ]"));
        assertEquals(List.of("[: a: unexpected operator"), output());
        installed.clear();
        assertEquals(0, run("#!/bin/bash\n[ a == a ]"));
    }

    @Test @DisplayName("command substitution: $(...) and backquotes, trailing newlines removed, unquoted results split into fields")
    void commandSubstitution() {
        run("""
                A=$(echo "x  y")
                B=`echo z`
                set -- $(echo "p q  r")
                echo "[$A][$B][$#][$2]"
                echo "$(echo a; echo; echo)|"
                C="$(exit 3)"; echo "status $?"
                """);
        assertEquals(List.of("[x  y][z][3][q]", "a|", "status 3"), output());
    }

    @Test @DisplayName("field splitting: unquoted empty vanishes, quoted empty stays, \"$@\" keeps each argument")
    void fields() {
        install("/usr/local/bin/count.sh", "echo $#");
        run("""
                E=
                /usr/local/bin/count.sh $E
                /usr/local/bin/count.sh "$E"
                /usr/local/bin/count.sh "$@"
                /usr/local/bin/count.sh $@
                /usr/local/bin/count.sh "$*"
                """, "a b", "", "c");
        assertEquals(List.of("0", "1", "3", "3", "1"), Traces.logs(env, "count.sh"));
    }

    @Test @DisplayName("exit N ends the script at once, from inside case or if; exit without N keeps $?")
    void exitStops() {
        assertEquals(4, run("if true; then case x in x) exit 4 ;; esac; fi\necho never"));
        assertTrue(output().isEmpty());
        env.clearTraces();
        assertEquals(1, run("false\nexit"));
    }

    @Test @DisplayName("a script's status is its last command's; a missing command is 127 and the script goes on")
    void statuses() {
        assertEquals(0, run("nosuchcommand\necho after"));
        assertEquals(List.of(PATH + ": 1: nosuchcommand: not found", "after"), output());
        TraceEvent.Diagnostic d = Traces.diagnostics(env).get(0);
        assertEquals(PATH + ":1", d.source());
        env.clearTraces();
        assertEquals(127, run("echo before; nosuchcommand"));
    }

    @Test @DisplayName("set -e stops at the first failure except in conditions and before && / ||")
    void errexit() {
        assertEquals(1, run("set -e\nif false; then :; fi\nfalse || echo rescued\nfalse && echo no\nfalse\necho never"));
        assertEquals(List.of("rescued"), output());
    }

    @Test @DisplayName("redirections: > truncates, >> appends, 2>&1 follows stdout, > /dev/null discards, order matters")
    void redirections() {
        Shell sh = shell();
        install(PATH, """
                echo one > /tmp/state
                echo two >> /tmp/state
                echo gone > /dev/null
                nosuch > /dev/null 2>&1
                nosuch 2>&1 > /dev/null
                echo replaced > /tmp/other; echo again > /tmp/other
                echo -n partial; echo " line"
                """);
        sh = shell();
        Traces.Outcome out = new Traces.Outcome(env);
        sh.run(PATH, List.of(), out);
        assertEquals("one\ntwo\n", sh.files().read("/tmp/state").orElseThrow());
        assertEquals("again\n", sh.files().read("/tmp/other").orElseThrow());
        assertEquals(List.of(PATH + ": 5: nosuch: not found", "partial line"), output(),
                "2>&1 > /dev/null sends stderr to the old stdout only");
    }

    @Test @DisplayName("a file written by one script is read by another through cat and $(...)")
    void filesPersistOnTheNode() {
        install("/usr/local/bin/write.sh", "echo MASTER > /var/run/vrrp.state");
        install("/usr/local/bin/read.sh", "S=$(cat /var/run/vrrp.state)\necho \"state=$S\"");
        Shell sh = shell();
        sh.run("/usr/local/bin/write.sh", List.of(), s -> { });
        sh.run("/usr/local/bin/read.sh", List.of(), s -> { });
        assertEquals(List.of("state=MASTER"), Traces.logs(env, "read.sh"));
    }

    @Test @DisplayName("writing /sys or /dev is refused with a Diagnostic rather than faked")
    void unmodelledFiles() {
        assertEquals(2, run("echo 1 > /sys/class/net/eth0/mtu"));
        assertEquals(List.of(PATH + ": 1: cannot create /sys/class/net/eth0/mtu: not modelled by the twin"), output());
        assertEquals(PATH + ":1", Traces.diagnostics(env).get(0).source());
    }

    @Test @DisplayName("echo: dash interprets \\n and \\c and takes only -n; bash's echo prints backslashes as written")
    void echoDialects() {
        run("echo 'a\\tb\\nc'\necho -n 'x\\cy'\necho -e z");
        assertEquals(List.of("a\tb", "c", "x-e z"), output());
        env.clearTraces();
        installed.clear();
        run("#!/bin/bash\necho 'a\\nb'\necho -e 'c\\td'");
        assertEquals(List.of("a\\nb", "c\td"), output());
    }

    @Test @DisplayName("sleep takes virtual time; kill() stops the script, cancels the timer and reports SIGTERM")
    void sleepAndKill() {
        install(PATH, "echo start\nsleep 2.5\necho end");
        Traces.Outcome out = new Traces.Outcome(env);
        ShellRun r = shell().run(PATH, List.of(), out);
        env.advanceTo(Time.ms(2499));
        assertFalse(out.done());
        env.advanceTo(Time.ms(2500));
        assertEquals(0, out.status.code());
        assertEquals(Time.ms(2500), out.at);
        assertEquals(List.of("start", "end"), output());

        env.clearTraces();
        Traces.Outcome killed = new Traces.Outcome(env);
        ShellRun k = shell().run(PATH, List.of(), killed);
        env.advanceBy(Time.s(1));
        k.kill();
        assertEquals(ExitStatus.killed(ExitStatus.SIGTERM), killed.status);
        assertEquals(143, killed.status.code());
        assertFalse(k.running());
        assertTrue(env.pendingTimers().isEmpty(), "the sleep timer is cancelled: " + env.pendingTimers());
        env.advanceBy(Time.s(10));
        assertEquals(List.of("start"), output());
        assertEquals(1, killed.reports);
        assertFalse(r.running());
    }

    @Test @DisplayName("runLine: a scenario's one-liner runs like sh -c; a syntax error is a Diagnostic and status 2")
    void runLine() {
        Traces.Outcome ok = new Traces.Outcome(env);
        shell().runLine("X=5; [ $X -gt 3 ] && echo big", "scenario step 3", ok);
        assertEquals(0, ok.status.code());
        assertEquals(List.of("big"), Traces.logs(env, "scenario step 3"));
        assertEquals(List.of("scenario step 3:1: X=5", "scenario step 3:1: '[' 5 -gt 3 ']'", "scenario step 3:1: echo big"), Traces.logs(env, "sh"));

        Traces.Outcome bad = new Traces.Outcome(env);
        shell().runLine("if true; then echo", "scenario step 4", bad);
        assertEquals(2, bad.status.code());
        assertEquals("scenario step 4:1:19: syntax error: end of file unexpected (expecting \"fi\") (close the if with fi)",
                Traces.diagnostics(env).get(0).text());
    }

    @Test @DisplayName("exported variables and NAME=value prefixes reach a child script; plain variables do not")
    void environment() {
        install("/usr/local/bin/child.sh", "echo \"$A|$B|$C\"");
        run("A=plain\nexport B=exported\nC=prefix /usr/local/bin/child.sh\n/usr/local/bin/child.sh");
        assertEquals(List.of("|exported|prefix", "|exported|"), Traces.logs(env, "child.sh"));
    }

    @Test @DisplayName("scripts on PATH are found by name; a bare name that is neither model nor script is 127")
    void pathLookup() {
        install("/usr/local/bin/helper.sh", "echo helped $1");
        run("helper.sh x");
        assertEquals(List.of("helped x"), Traces.logs(env, "helper.sh"));
    }

    @Test @DisplayName("unsupported builtins and globbing are reported, never silently approximated")
    void reported() {
        assertEquals(2, run("cd /tmp"));
        assertEquals("the sh builtin `cd` is not supported by the twin", Traces.diagnostics(env).get(0).text());
        env.clearTraces();
        installed.clear();
        run("echo /etc/*.conf");
        assertEquals(List.of("/etc/*.conf"), output());
        assertTrue(Traces.diagnostics(env).get(0).text().startsWith("pathname expansion of `/etc/*.conf`"));
    }

    @Test @DisplayName("set -u: an unset variable ends the script with status 2")
    void nounset() {
        assertEquals(2, run("set -u\necho $MISSING\necho never"));
        assertEquals(List.of(PATH + ": MISSING: parameter not set"), output());
    }

    @Test @DisplayName("a long script runs in constant Java stack depth (commands that finish at once are looped, not recursed)")
    void longScript() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) sb.append("X=").append(i).append('\n');
        sb.append("echo $X\n");
        run(sb.toString());
        assertEquals(List.of("19999"), output());
    }
}
