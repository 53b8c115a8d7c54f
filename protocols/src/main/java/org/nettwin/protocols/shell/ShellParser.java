package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.shell.ShellLexer.Token;
import org.nettwin.protocols.shell.ShellLexer.Type;

/**
 * Recursive-descent parser for the sh subset (POSIX XCU 2.9 grammar, trimmed). Whatever lies outside the
 * subset (pipes, loops, functions, subshells, here-documents...) is rejected with a ConfigError naming the
 * construct, so a script is never half-understood.
 */
final class ShellParser implements ShellLexer.NestedParser {
    private static final Set<String> NOTHING = Set.of();
    /** Reserved words that may not start a command (they close or continue one). */
    private static final Set<String> CLOSERS = Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}");

    private final ShellLexer lexer;
    private Token lookahead;

    private ShellParser(String path, String text, int firstLine) {
        this.lexer = new ShellLexer(path, text, firstLine);
        lexer.setNestedParser(this);
    }

    /** A whole script or command line; {@code firstLine} is the file line {@code text} starts on. */
    static ShellNode.Sequence parse(String path, String text, int firstLine) throws ConfigError {
        ShellParser p = new ShellParser(path, text, firstLine);
        ShellNode.Sequence body = p.list(NOTHING, null);
        Token t = p.peek();
        if (t.type() != Type.END) {
            throw p.unexpected(t, t.isOp(";;") ? "`;;` ends a case arm: is the `case ... in` missing?" : "is an opening `case` or `(` missing?");
        }
        return body;
    }

    private Token peek() throws ConfigError {
        if (lookahead == null) lookahead = lexer.next();
        return lookahead;
    }

    private Token next() throws ConfigError {
        Token t = peek();
        lookahead = null;
        return t;
    }

    private ConfigError error(Token at, String problem, String hint) {
        return lexer.error(at.line(), at.column(), problem, hint);
    }

    /** dash's wording: `Syntax error: "fi" unexpected`. */
    private ConfigError unexpected(Token t, String hint) {
        return error(t, "syntax error: " + t.describe() + " unexpected", hint);
    }

    private ConfigError unsupported(Token at, String construct, String hint) {
        return error(at, construct + " not supported by the twin", hint);
    }

    private void skipNewlines() throws ConfigError {
        while (peek().type() == Type.NEWLINE) next();
    }

    private boolean atListEnd(Set<String> stopWords) throws ConfigError {
        Token t = peek();
        if (t.type() == Type.END || t.isOp(")") || t.isOp(";;")) return true;
        return t.type() == Type.WORD && t.word().bareText() != null && stopWords.contains(t.word().bareText());
    }

    /**
     * A compound list: and-or lists separated by `;` or newlines, up to a stop word, `)`, `;;` or the end.
     * {@code expecting} is what the enclosing construct waits for, named when a stray closer turns up.
     */
    private ShellNode.Sequence list(Set<String> stopWords, String expecting) throws ConfigError {
        skipNewlines();
        int line = peek().line();
        List<ShellNode> items = new ArrayList<>();
        while (!atListEnd(stopWords)) {
            Token t0 = peek();
            if (expecting != null && t0.type() == Type.WORD && t0.word().bareText() != null && CLOSERS.contains(t0.word().bareText())) {
                throw error(t0, "syntax error: " + t0.describe() + " unexpected (expecting \"" + expecting + "\")", closerHint(t0.word().bareText()));
            }
            items.add(andOr());
            Token t = peek();
            if (t.isOp(";") || t.type() == Type.NEWLINE) {
                next();
                skipNewlines();
            } else if (t.isOp("&")) {
                throw unsupported(t, "background jobs (&) are", "run the command in the foreground");
            } else if (t.isOp("&>")) {
                throw unsupported(t, "bash's &> redirection is",
                        "dash would run the command in the background; write > file 2>&1");
            } else {
                break;
            }
        }
        return new ShellNode.Sequence(line, items);
    }

    private ShellNode andOr() throws ConfigError {
        ShellNode left = pipeline();
        while (peek().isOp("&&") || peek().isOp("||")) {
            boolean and = next().isOp("&&");
            skipNewlines();
            left = new ShellNode.AndOr(left.line(), left, and, pipeline());
        }
        return left;
    }

    private ShellNode pipeline() throws ConfigError {
        Token first = peek();
        boolean negate = first.isBare("!");
        if (negate) next();
        ShellNode command = command();
        if (peek().isOp("|")) {
            throw unsupported(peek(), "pipes (cmd | cmd) are",
                    "split the pipeline into separate commands; command substitution `...` or $(...) is supported");
        }
        return negate ? new ShellNode.Not(first.line(), command) : command;
    }

    private ShellNode command() throws ConfigError {
        Token t = peek();
        switch (t.type()) {
            case END -> throw error(t, "syntax error: end of file unexpected", "a command is missing here");
            case NEWLINE -> throw unexpected(t, "a command is missing here");
            case OPERATOR -> {
                if (t.isOp("(")) throw unsupported(t, "subshells ( ... ) are", "use { ...; } or run the commands directly");
                if (!t.isRedirect()) throw unexpected(t, "a command is missing before it");
                return simpleCommand();
            }
            case WORD -> {
                String bare = t.word().bareText();
                if (bare != null) {
                    switch (bare) {
                        case "if": return ifClause();
                        case "case": return caseClause();
                        case "{": return group();
                        case "for", "while", "until", "select":
                            throw unsupported(t, "loops (" + bare + ") are", "the twin runs straight-line scripts: unroll the loop");
                        case "function":
                            throw unsupported(t, "function definitions are", "inline the function body");
                        case "[[":
                            throw unsupported(t, "bash's [[ ... ]] is", "use POSIX [ ... ]");
                        default:
                            if (CLOSERS.contains(bare)) throw unexpected(t, closerHint(bare));
                    }
                }
                return simpleCommand();
            }
            default -> throw new IllegalStateException(t.type().name());
        }
    }

    private static String closerHint(String word) {
        return switch (word) {
            case "then", "elif", "else", "fi" -> "is an `if` missing, or a `;` before it?";
            case "esac" -> "is a `case` missing?";
            default -> "";
        };
    }

    private ShellNode.SimpleCommand simpleCommand() throws ConfigError {
        int line = peek().line();
        List<ShellNode.Assignment> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<ShellNode.Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek();
            if (t.isRedirect()) {
                redirects.add(redirect());
            } else if (t.type() == Type.WORD) {
                next();
                if (words.isEmpty() && t.word().isAssignment()) assignments.add(assignment(t.word()));
                else words.add(t.word());
            } else {
                break;
            }
        }
        if (peek().isOp("(")) {
            throw unsupported(peek(), "function definitions name() { ... } are", "inline the function body");
        }
        return new ShellNode.SimpleCommand(line, assignments, words, redirects);
    }

    /** Splits `NAME=rest` into the name and the value word (the rest of the first part plus the other parts). */
    private static ShellNode.Assignment assignment(Word w) {
        Word.Literal first = (Word.Literal) w.parts().get(0);
        int eq = first.text().indexOf('=');
        List<Word.Part> value = new ArrayList<>();
        if (eq + 1 < first.text().length()) value.add(new Word.Literal(first.text().substring(eq + 1), false));
        value.addAll(w.parts().subList(1, w.parts().size()));
        return new ShellNode.Assignment(first.text().substring(0, eq), new Word(value, w.line(), w.column() + eq + 1));
    }

    private ShellNode.Redirect redirect() throws ConfigError {
        Token op = next();
        switch (op.op()) {
            case "<", "<&", "<>" -> throw unsupported(op, "input redirection (" + op.op() + ") is", "scripts of the twin read no files");
            case "<<", "<<-" -> throw unsupported(op, "here-documents (" + op.op() + ") are", "use echo");
            default -> { }
        }
        Token target = next();
        if (target.type() != Type.WORD) throw error(target, "syntax error: redirection " + op.op() + " has no target", "write e.g. > /dev/null");
        int fd = op.ioNumber() >= 0 ? op.ioNumber() : 1;
        if (fd > 2) throw unsupported(op, "file descriptors above 2 are", "redirect 1 (stdout) or 2 (stderr)");
        return switch (op.op()) {
            case ">", ">|" -> new ShellNode.Redirect(fd, ShellNode.RedirectKind.WRITE, target.word());
            case ">>" -> new ShellNode.Redirect(fd, ShellNode.RedirectKind.APPEND, target.word());
            case ">&" -> {
                String to = target.word().bareText();
                if (to == null || !(to.equals("1") || to.equals("2"))) {
                    throw unsupported(target, "`>&" + target.word().display() + "` (only >&1 and >&2) is", "write > file 2>&1");
                }
                yield new ShellNode.Redirect(fd, ShellNode.RedirectKind.DUPLICATE, target.word());
            }
            default -> throw unexpected(op, "");
        };
    }

    /** After a compound command only a separator may follow: redirecting a whole if/case is not modelled. */
    private void noRedirectAfterCompound() throws ConfigError {
        if (peek().isRedirect()) throw unsupported(peek(), "redirecting a whole if/case/{ } is", "redirect each command inside it");
    }

    private void expectWord(String word, String hint) throws ConfigError {
        Token t = next();
        if (!t.isBare(word)) {
            if (t.type() == Type.END) throw error(t, "syntax error: end of file unexpected (expecting \"" + word + "\")", hint);
            throw error(t, "syntax error: " + t.describe() + " unexpected (expecting \"" + word + "\")", hint);
        }
    }

    private ShellNode.Sequence nonEmpty(ShellNode.Sequence s, String what) throws ConfigError {
        if (s.items().isEmpty()) throw unexpected(peek(), what + " needs at least one command");
        return s;
    }

    private ShellNode ifClause() throws ConfigError {
        Token ifToken = next();
        List<ShellNode.Branch> branches = new ArrayList<>();
        ShellNode.Sequence otherwise = null;
        ShellNode.Sequence condition = nonEmpty(list(Set.of("then"), "then"), "the if condition");
        while (true) {
            expectWord("then", "put `; then` or a newline after the condition");
            ShellNode.Sequence body = nonEmpty(list(Set.of("elif", "else", "fi"), "fi"), "then");
            branches.add(new ShellNode.Branch(condition, body));
            Token t = next();
            if (t.isBare("elif")) {
                condition = nonEmpty(list(Set.of("then"), "then"), "the elif condition");
            } else if (t.isBare("else")) {
                otherwise = nonEmpty(list(Set.of("fi"), "fi"), "else");
                expectWord("fi", "close the if with fi");
                break;
            } else if (t.isBare("fi")) {
                break;
            } else {
                throw error(t, "syntax error: " + t.describe() + " unexpected (expecting \"fi\")", "close the if with fi");
            }
        }
        noRedirectAfterCompound();
        return new ShellNode.If(ifToken.line(), branches, otherwise);
    }

    private ShellNode caseClause() throws ConfigError {
        Token caseToken = next();
        Token subject = next();
        if (subject.type() != Type.WORD) throw error(subject, "syntax error: case needs a word", "write case $VAR in");
        skipNewlines();
        expectWord("in", "write case WORD in");
        List<ShellNode.CaseArm> arms = new ArrayList<>();
        while (true) {
            skipNewlines();
            Token t = peek();
            if (t.isBare("esac")) {
                next();
                break;
            }
            if (t.isOp("(")) next();
            Token first = peek();
            List<Word> patterns = new ArrayList<>();
            patterns.add(pattern());
            while (peek().isOp("|")) {
                next();
                patterns.add(pattern());
            }
            Token close = next();
            if (!close.isOp(")")) throw error(close, "syntax error: " + close.describe() + " unexpected (expecting \")\")", "a case pattern ends with )");
            ShellNode.Sequence body = list(Set.of("esac"), ";;");
            arms.add(new ShellNode.CaseArm(first.line(), patterns, body));
            Token end = peek();
            if (end.isOp(";;")) {
                next();
            } else if (!end.isBare("esac")) {
                throw error(end, "syntax error: " + end.describe() + " unexpected (expecting \";;\")", "end each case arm with ;;");
            }
        }
        noRedirectAfterCompound();
        return new ShellNode.Case(caseToken.line(), subject.word(), arms);
    }

    private Word pattern() throws ConfigError {
        Token t = next();
        if (t.type() != Type.WORD) throw error(t, "syntax error: " + t.describe() + " unexpected (expecting a case pattern)", "write pattern) commands ;;");
        return t.word();
    }

    private ShellNode group() throws ConfigError {
        Token open = next();
        ShellNode.Sequence body = nonEmpty(list(Set.of("}"), "}"), "{ }");
        expectWord("}", "close the group with } (after a ; or newline)");
        noRedirectAfterCompound();
        return new ShellNode.Group(open.line(), body);
    }

    @Override public ShellNode.Sequence commandSubstitution() throws ConfigError {
        // The caller (the lexer, mid-word) holds no token of ours: the lookahead is empty here.
        ShellNode.Sequence body = list(NOTHING, ")");
        Token close = next();
        if (!close.isOp(")")) {
            if (close.type() == Type.END) throw error(close, "unterminated $( ... )", "add the closing )");
            throw unexpected(close, "expected ) to close $(");
        }
        return body;
    }

    @Override public ShellNode.Sequence backquoted(String text, int line, int column) throws ConfigError {
        return parse(lexer.path(), text, line);
    }
}
