package org.nettwin.protocols.vrrp;

import java.util.ArrayList;
import java.util.List;

/** Splits a script command the way keepalived turns a `script`/`notify` string into argv. */
public final class CommandLine {
    private CommandLine() {}

    /**
     * Words separated by blanks; double or single quotes group a word and are removed; a backslash escapes
     * the next character (keepalived's alloc_strvec_quoted_escaped, without its variable expansion).
     */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
