package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.protocols.config.ConfigError;

/**
 * Splits sh source into tokens (POSIX XCU 2.3 token recognition) one at a time, on demand: a `$(` inside a
 * word hands control back to the parser, which reads the nested commands from this same lexer up to the
 * matching `)`. That is the only way to find the end of `$( case x in a) ;; esac )` correctly.
 */
final class ShellLexer {
    enum Type { WORD, OPERATOR, NEWLINE, END }

    /** {@code ioNumber} is the fd written before a redirection operator ("2" in `2>&1`), else -1. */
    record Token(Type type, Word word, String op, int ioNumber, int line, int column) {
        boolean isOp(String o) { return type == Type.OPERATOR && op.equals(o); }

        boolean isBare(String text) { return type == Type.WORD && word.isBare(text); }

        boolean isRedirect() { return type == Type.OPERATOR && (op.startsWith(">") || op.startsWith("<")); }

        String describe() {
            return switch (type) {
                case WORD -> "\"" + word.display() + "\"";
                case OPERATOR -> "\"" + op + "\"";
                case NEWLINE -> "newline";
                case END -> "end of file";
            };
        }
    }

    /** Parses the commands of a `$( ... )` (the lexer stands just after the `(`) and consumes the `)`. */
    interface NestedParser {
        ShellNode.Sequence commandSubstitution() throws ConfigError;

        /** Parses the text of a backquoted command; {@code line} is where it starts in the file. */
        ShellNode.Sequence backquoted(String text, int line, int column) throws ConfigError;
    }

    private static final String OPERATORS_3 = "<<-";
    private static final String[] OPERATORS_2 = {"&&", "||", ";;", "<<", ">>", "<&", ">&", "<>", ">|", "&>"};

    private final String path;
    private final String text;
    private NestedParser nested;
    private int pos;
    private int line;
    private int column = 1;

    ShellLexer(String path, String text, int firstLine) {
        this.path = path;
        this.text = text;
        this.line = firstLine;
    }

    void setNestedParser(NestedParser nested) { this.nested = nested; }

    String path() { return path; }

    ConfigError error(int atLine, int atColumn, String problem, String hint) {
        return new ConfigError(path, atLine, atColumn, problem, hint);
    }

    private boolean atEnd() { return pos >= text.length(); }

    private char peekChar(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\0';
    }

    private char advance() {
        char c = text.charAt(pos++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    private static boolean isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

    private static boolean isMeta(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
    }

    Token next() throws ConfigError {
        skipBlanksAndComments();
        int l = line, c = column;
        if (atEnd()) return new Token(Type.END, null, null, -1, l, c);
        char ch = peekChar(0);
        if (ch == '\n') {
            advance();
            return new Token(Type.NEWLINE, null, null, -1, l, c);
        }
        int io = ioNumberLength();
        if (io > 0) {
            int fd = Integer.parseInt(text.substring(pos, pos + io));
            for (int i = 0; i < io; i++) advance();
            return new Token(Type.OPERATOR, null, operator(), fd, l, c);
        }
        if (isMeta(ch)) return new Token(Type.OPERATOR, null, operator(), -1, l, c);
        return new Token(Type.WORD, word(l, c), null, -1, l, c);
    }

    private void skipBlanksAndComments() {
        while (!atEnd()) {
            char ch = peekChar(0);
            if (isBlank(ch)) {
                advance();
            } else if (ch == '\\' && peekChar(1) == '\n') {
                advance();
                advance();
            } else if (ch == '#') {
                while (!atEnd() && peekChar(0) != '\n') advance();
            } else {
                return;
            }
        }
    }

    /** Digits directly followed by `<` or `>` are an IO number (`2>&1`), otherwise they start a word. */
    private int ioNumberLength() {
        int i = 0;
        while (Character.isDigit(peekChar(i)) && peekChar(i) < 128) i++;
        char after = peekChar(i);
        return i > 0 && (after == '<' || after == '>') ? i : 0;
    }

    private String operator() {
        if (text.startsWith(OPERATORS_3, pos)) return take(3);
        for (String op : OPERATORS_2) if (text.startsWith(op, pos)) return take(2);
        return take(1);
    }

    private String take(int n) {
        String s = text.substring(pos, pos + n);
        for (int i = 0; i < n; i++) advance();
        return s;
    }

    /** Reads one word: unquoted text, quotes, escapes and expansions until an unquoted metacharacter. */
    private Word word(int l, int c) throws ConfigError {
        List<Word.Part> parts = new ArrayList<>();
        StringBuilder bare = new StringBuilder();
        while (!atEnd() && !isMeta(peekChar(0))) {
            char ch = peekChar(0);
            if (ch == '\\') {
                advance();
                if (atEnd()) {
                    bare.append('\\');
                } else if (peekChar(0) == '\n') {
                    advance();
                } else {
                    flush(bare, parts);
                    parts.add(new Word.Literal(String.valueOf(advance()), true));
                }
            } else if (ch == '\'') {
                flush(bare, parts);
                parts.add(new Word.Literal(singleQuoted(), true));
            } else if (ch == '"') {
                flush(bare, parts);
                doubleQuoted(parts);
            } else if (ch == '$' || ch == '`') {
                Word.Part expansion = expansion(false);
                if (expansion == null) {
                    bare.append(advance());
                } else {
                    flush(bare, parts);
                    parts.add(expansion);
                }
            } else {
                bare.append(advance());
            }
        }
        flush(bare, parts);
        return new Word(parts, l, c);
    }

    private static void flush(StringBuilder bare, List<Word.Part> parts) {
        if (bare.length() > 0) parts.add(new Word.Literal(bare.toString(), false));
        bare.setLength(0);
    }

    private String singleQuoted() throws ConfigError {
        int l = line, c = column;
        advance();
        int start = pos;
        while (!atEnd() && peekChar(0) != '\'') advance();
        if (atEnd()) throw error(l, c, "unterminated single quote", "add the closing ' ");
        String s = text.substring(start, pos);
        advance();
        return s;
    }

    /** Inside "...": only $, ` and \ before $ ` " \ newline are special (XCU 2.2.3). */
    private void doubleQuoted(List<Word.Part> parts) throws ConfigError {
        int l = line, c = column;
        advance();
        StringBuilder lit = new StringBuilder();
        boolean any = false;
        while (true) {
            if (atEnd()) throw error(l, c, "unterminated double quote", "add the closing \"");
            char ch = peekChar(0);
            if (ch == '"') {
                advance();
                break;
            }
            if (ch == '\\') {
                char n = peekChar(1);
                advance();
                if (n == '\n') {
                    advance();
                } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    lit.append(advance());
                } else {
                    lit.append('\\');
                }
            } else if (ch == '$' || ch == '`') {
                Word.Part expansion = expansion(true);
                if (expansion == null) {
                    lit.append(advance());
                } else {
                    if (lit.length() > 0) parts.add(new Word.Literal(lit.toString(), true));
                    lit.setLength(0);
                    parts.add(expansion);
                    any = true;
                }
            } else {
                lit.append(advance());
            }
        }
        // "" is an (empty) argument of its own, so it must leave a part behind.
        if (lit.length() > 0 || !any) parts.add(new Word.Literal(lit.toString(), true));
    }

    /** At `$` or a backquote: the expansion, or null if this `$` is just a dollar sign. */
    private Word.Part expansion(boolean quoted) throws ConfigError {
        int l = line, c = column;
        if (peekChar(0) == '`') return new Word.CommandSubstitution(backquoted(), quoted);
        char n = peekChar(1);
        if (n == '(') {
            if (peekChar(2) == '(') {
                throw error(l, c, "arithmetic expansion $(( )) is not supported by the twin",
                        "compute the value outside the script, or compare with [ ... -lt ... ]");
            }
            advance();
            advance();
            return new Word.CommandSubstitution(nested.commandSubstitution(), quoted);
        }
        if (n == '{') return braced(quoted, l, c);
        if (Character.isLetter(n) && n < 128 || n == '_') {
            advance();
            StringBuilder name = new StringBuilder();
            while (!atEnd() && (Character.isLetterOrDigit(peekChar(0)) && peekChar(0) < 128 || peekChar(0) == '_')) name.append(advance());
            return new Word.Parameter(name.toString(), quoted);
        }
        if (Character.isDigit(n) && n < 128 || n == '#' || n == '?' || n == '@' || n == '*') {
            advance();
            return new Word.Parameter(String.valueOf(advance()), quoted);
        }
        if (n == '$' || n == '!' || n == '-') {
            throw error(l, c, "special parameter $" + n + " is not supported by the twin",
                    "the twin models no process ids or shell option flags");
        }
        return null;
    }

    /** ${NAME}, ${1}, ${#}...: anything fancier (defaults, lengths, trimming) is rejected, not guessed. */
    private Word.Part braced(boolean quoted, int l, int c) throws ConfigError {
        advance();
        advance();
        int start = pos;
        while (!atEnd() && peekChar(0) != '}' && peekChar(0) != '\n') advance();
        if (atEnd() || peekChar(0) != '}') throw error(l, c, "missing } in ${...}", "write ${NAME}");
        String inside = text.substring(start, pos);
        advance();
        boolean name = inside.matches("[A-Za-z_][A-Za-z0-9_]*");
        boolean positional = inside.matches("[0-9]+");
        boolean special = inside.length() == 1 && "#?@*".contains(inside);
        if (!name && !positional && !special) {
            throw error(l, c, "parameter expansion ${" + inside + "} is not supported by the twin",
                    "only ${NAME}, ${1}..${9}, ${#}, ${?}, ${@} and ${*} are modelled");
        }
        return new Word.Parameter(positional ? String.valueOf(Integer.parseInt(inside)) : inside, quoted);
    }

    /** `...`: inside, backslash keeps its meaning only before $ ` \ (XCU 2.6.3); the text is parsed on its own. */
    private ShellNode.Sequence backquoted() throws ConfigError {
        int l = line, c = column;
        advance();
        StringBuilder body = new StringBuilder();
        while (true) {
            if (atEnd()) throw error(l, c, "unterminated backquote", "add the closing `");
            char ch = advance();
            if (ch == '`') break;
            if (ch == '\\' && !atEnd() && (peekChar(0) == '$' || peekChar(0) == '`' || peekChar(0) == '\\')) {
                body.append(advance());
            } else {
                body.append(ch);
            }
        }
        return nested.backquoted(body.toString(), l, c + 1);
    }
}
