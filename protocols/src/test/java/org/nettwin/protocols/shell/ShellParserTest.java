package org.nettwin.protocols.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nettwin.protocols.config.ConfigError;

/** Parsing the sh subset: structure, line numbers, and errors that point at file:line:col. */
class ShellParserTest {
    private static final String PATH = "/etc/keepalived/notify.sh";

    private static ShellNode.Sequence parse(String text) throws ConfigError {
        return ShellScript.parse(PATH, text).body();
    }

    private static ConfigError error(String text) {
        return assertThrows(ConfigError.class, () -> parse(text));
    }

    @Test @DisplayName("seed 000 trigger: three assignments, then a case with four arms whose first runs \"MASTER\" as a command")
    void seedTriggerStructure() throws ConfigError {
        ShellNode.Sequence body = parse(SeedScripts.SWITCH_ROUTE_TRIGGER);
        assertEquals(4, body.items().size());
        ShellNode.Case c = assertInstanceOf(ShellNode.Case.class, body.items().get(3));
        assertEquals(5, c.line());
        assertEquals(4, c.arms().size());
        ShellNode.CaseArm master = c.arms().get(0);
        assertEquals(List.of(new Word.Literal("MASTER", true)), master.patterns().get(0).parts());
        ShellNode.SimpleCommand bogus = assertInstanceOf(ShellNode.SimpleCommand.class, master.body().items().get(0));
        assertEquals(6, bogus.line());
        assertEquals(List.of(new Word.Literal("MASTER", true)), bogus.words().get(0).parts(), "a quoted word is a command, not a label");
        assertEquals(3, master.body().items().size(), "\"MASTER\", switch-route.sh, exit 0");
        assertEquals("*", c.arms().get(3).patterns().get(0).bareText());
    }

    @Test @DisplayName("seed 000 switch-route: the comment after the assignment ends at the line end; backquotes hold a command")
    void seedSwitchRoute() throws ConfigError {
        ShellNode.Sequence body = parse(SeedScripts.SWITCH_ROUTE);
        assertEquals(5, body.items().size());
        ShellNode.SimpleCommand first = (ShellNode.SimpleCommand) body.items().get(0);
        assertEquals("ROUTE_TABLE_ID", first.assignments().get(0).name());
        assertTrue(first.words().isEmpty(), "the Japanese comment is no argument");
        ShellNode.SimpleCommand create = (ShellNode.SimpleCommand) body.items().get(4);
        assertEquals(5, create.line());
        Word last = create.words().get(create.words().size() - 1);
        Word.CommandSubstitution wget = assertInstanceOf(Word.CommandSubstitution.class, last.parts().get(0));
        ShellNode.SimpleCommand inner = (ShellNode.SimpleCommand) wget.body().items().get(0);
        assertEquals(5, inner.line(), "line numbers inside backquotes are file lines");
        assertEquals("wget", inner.words().get(0).bareText());
    }

    @Test @DisplayName("seed 002 scripts parse, em dashes and all")
    void seed002() throws ConfigError {
        for (String s : List.of(SeedScripts.MAIN_MASTER, SeedScripts.MAIN_BACKUP, SeedScripts.SUB_MASTER, SeedScripts.SUB_BACKUP)) {
            ShellScript script = ShellScript.parse(PATH, s);
            assertEquals("/bin/sh", script.interpreter().orElseThrow());
            assertEquals(ShellScript.Dialect.DASH, script.dialect());
        }
        ShellNode.SimpleCommand soracom = (ShellNode.SimpleCommand) parse(SeedScripts.SUB_MASTER).items().get(2);
        assertEquals(List.of(ShellNode.RedirectKind.WRITE, ShellNode.RedirectKind.DUPLICATE),
                soracom.redirects().stream().map(ShellNode.Redirect::kind).toList());
        assertEquals(2, soracom.redirects().get(1).fd());
    }

    @Test @DisplayName("quotes, escapes and expansions keep what was quoted; $(...) nests through a case")
    void words() throws ConfigError {
        ShellNode.SimpleCommand c = (ShellNode.SimpleCommand) parse("echo a\\ b 'c $d' \"e $f ${g}\" $(case x in x) echo y;; esac)").items().get(0);
        assertEquals(List.of(new Word.Literal("a", false), new Word.Literal(" ", true), new Word.Literal("b", false)), c.words().get(1).parts());
        assertEquals(List.of(new Word.Literal("c $d", true)), c.words().get(2).parts());
        assertEquals(List.of(new Word.Literal("e ", true), new Word.Parameter("f", true), new Word.Literal(" ", true), new Word.Parameter("g", true)),
                c.words().get(3).parts());
        Word.CommandSubstitution sub = (Word.CommandSubstitution) c.words().get(4).parts().get(0);
        assertInstanceOf(ShellNode.Case.class, sub.body().items().get(0));
    }

    @Test @DisplayName("several assignments before a command; an assignment-looking word after the name is an argument")
    void assignments() throws ConfigError {
        ShellNode.SimpleCommand c = (ShellNode.SimpleCommand) parse("A=1 B=\"x y\" sysctl -w net.ipv4.ip_forward=1").items().get(0);
        assertEquals(List.of("A", "B"), c.assignments().stream().map(ShellNode.Assignment::name).toList());
        assertEquals(3, c.words().size());
    }

    @Test @DisplayName("if/elif/else and && || build the expected tree")
    void ifAndLists() throws ConfigError {
        ShellNode.Sequence body = parse("if [ \"$1\" = a ]; then\n  echo a\nelif false || true; then echo b\nelse echo c; fi\nx && y || z\n");
        ShellNode.If i = (ShellNode.If) body.items().get(0);
        assertEquals(2, i.branches().size());
        assertEquals(1, i.otherwise().items().size());
        ShellNode.AndOr or = (ShellNode.AndOr) body.items().get(1);
        assertEquals(5, or.line());
        assertTrue(!or.and() && ((ShellNode.AndOr) or.left()).and(), "left-associative: (x && y) || z");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "~", value = {
            "ip route show | grep default ~ 1 ~ 15 ~ pipes (cmd | cmd) are not supported by the twin",
            "for i in 1 2; do echo $i; done ~ 1 ~ 1 ~ loops (for) are not supported by the twin",
            "echo ok\\nwhile true; do :; done ~ 2 ~ 1 ~ loops (while) are not supported by the twin",
            "f() { echo x; } ~ 1 ~ 2 ~ function definitions name() { ... } are not supported by the twin",
            "sleep 5 & ~ 1 ~ 9 ~ background jobs (&) are not supported by the twin",
            "( cd /tmp ) ~ 1 ~ 1 ~ subshells ( ... ) are not supported by the twin",
            "cat <<EOF ~ 1 ~ 5 ~ here-documents (<<) are not supported by the twin",
            "echo $((1+2)) ~ 1 ~ 6 ~ arithmetic expansion $(( )) is not supported by the twin",
            "echo ${X:-default} ~ 1 ~ 6 ~ parameter expansion ${X:-default} is not supported by the twin",
            "[[ -n x ]] ~ 1 ~ 1 ~ bash's [[ ... ]] is not supported by the twin",
            "echo x &> /dev/null ~ 1 ~ 8 ~ bash's &> redirection is not supported by the twin",
    })
    void unsupportedConstructsAreNamed(String script, int line, int column, String problem) {
        ConfigError e = error(script.replace("\\n", "\n"));
        assertEquals(problem, e.problem());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith(PATH + ":" + line + ":" + column + ": "), e.getMessage());
        assertTrue(!e.hint().isEmpty(), "every rejection says what to do instead");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "~", value = {
            "if true; then echo x ~ 1 ~ syntax error: end of file unexpected (expecting \"fi\")",
            "if true\\necho x\\nfi ~ 3 ~ syntax error: \"fi\" unexpected (expecting \"then\")",
            "case $1 in\\n  a) echo a ;;\\n  b) echo b\\n ~ 4 ~ syntax error: end of file unexpected (expecting \";;\")",
            "echo 'unterminated ~ 1 ~ unterminated single quote",
            "echo \"x\\ny ~ 1 ~ unterminated double quote",
            "echo `date ~ 1 ~ unterminated backquote",
            "fi ~ 1 ~ syntax error: \"fi\" unexpected",
            "echo x > ~ 1 ~ syntax error: redirection > has no target",
            "echo a ;; echo b ~ 1 ~ syntax error: \";;\" unexpected",
    })
    void syntaxErrorsCarryFileAndLine(String script, int line, String problem) {
        ConfigError e = error(script.replace("\\n", "\n"));
        assertEquals(problem, e.problem());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(PATH, e.file());
    }

    @Test @DisplayName("a #! line naming something other than a POSIX shell is refused")
    void foreignInterpreter() {
        ConfigError e = error("#!/usr/bin/python3\nprint('hi')\n");
        assertEquals(PATH + ":1:1: interpreter /usr/bin/python3 is not supported by the twin (the twin interprets POSIX sh scripts (#!/bin/sh or #!/bin/bash))", e.getMessage());
    }

    @Test @DisplayName("#!/usr/bin/env bash selects bash's echo")
    void bashDialect() throws ConfigError {
        assertEquals(ShellScript.Dialect.BASH, ShellScript.parse(PATH, "#!/usr/bin/env bash\necho hi\n").dialect());
    }
}
