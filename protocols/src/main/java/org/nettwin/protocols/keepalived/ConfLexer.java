package org.nettwin.protocols.keepalived;

import java.util.ArrayList;
import java.util.List;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.vrrp.KeepalivedProfile;

/**
 * Turns keepalived.conf text into statements and braces, as keepalived's read_line and alloc_strvec do.
 *
 * <ul>
 *   <li>Comments start with '#' or '!'. 2.x cuts the line at the first one outside double quotes (lib/parser.c
 *       decomment); 1.2.13 only at one that begins a word (v1.2.13 alloc_strvec).</li>
 *   <li>A double-quoted string is one word without its quotes.</li>
 *   <li>'{' and '}' outside quotes stand alone even when written against a word, and end the statement
 *       before them: 2.x splits lines at braces, so "global_defs { x 1 }" reads as four lines. The same rule
 *       is used for 1.2.13, whose seeds only put braces at line ends.</li>
 * </ul>
 */
final class ConfLexer {
    /** A word with its 1-based place. */
    record Token(String text, int line, int column) {}

    /** What the parser sees: a statement (keyword and arguments), an opening or a closing brace. */
    sealed interface Item permits Statement, Open, Close {
        Token first();
    }

    record Statement(List<Token> words) implements Item {
        public Token first() { return words.get(0); }
        String keyword() { return words.get(0).text(); }
        int size() { return words.size(); }
        Token word(int i) { return words.get(i); }
    }

    record Open(Token first) implements Item {}

    record Close(Token first) implements Item {}

    private ConfLexer() {}

    static List<Item> lex(String file, String text, KeepalivedProfile profile) throws ConfigError {
        List<Item> items = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int n = 0; n < lines.length; n++) lexLine(file, lines[n], n + 1, profile, items);
        return items;
    }

    private static void lexLine(String file, String line, int lineNo, KeepalivedProfile profile, List<Item> out) throws ConfigError {
        List<Token> words = new ArrayList<>();
        int i = 0;
        int len = line.length();
        while (i < len) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '#' || c == '!') break;
            if (c == '{' || c == '}') {
                flush(words, out);
                Token t = new Token(String.valueOf(c), lineNo, i + 1);
                out.add(c == '{' ? new Open(t) : new Close(t));
                i++;
                continue;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            while (i < len) {
                c = line.charAt(i);
                if (c == '"') {
                    int close = line.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new ConfigError(file, lineNo, i + 1, "unterminated quote", "close the string with '\"'");
                    }
                    word.append(line, i + 1, close);
                    i = close + 1;
                    continue;
                }
                if (c == ' ' || c == '\t' || c == '{' || c == '}') break;
                // 2.x treats a comment character anywhere outside quotes as the start of a comment.
                if ((c == '#' || c == '!') && profile == KeepalivedProfile.V2_2) break;
                word.append(c);
                i++;
            }
            words.add(new Token(word.toString(), lineNo, start + 1));
            if (i < len && (line.charAt(i) == '#' || line.charAt(i) == '!') && profile == KeepalivedProfile.V2_2) break;
        }
        flush(words, out);
    }

    private static void flush(List<Token> words, List<Item> out) {
        if (words.isEmpty()) return;
        out.add(new Statement(List.copyOf(words)));
        words.clear();
    }
}
