package org.nettwin.protocols.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GNU getopt as Linux tools use it: clustered flags (-nq), attached or separate values (-c1, -c 1), options
 * after operands (`ping 8.8.8.8 -c 1`), and `--` to end options.
 */
final class ShortOptions {
    private final Map<Character, String> values = new HashMap<>();
    private final Set<Character> flags = new HashSet<>();
    private final List<String> operands = new ArrayList<>();

    /** getopt's message, e.g. "invalid option -- 'x'", for the tool to prefix with its name. */
    static final class Invalid extends Exception {
        Invalid(String message) { super(message, null, false, false); }
    }

    private ShortOptions() {}

    /** {@code flagChars} take no value, {@code valueChars} take one. */
    static ShortOptions parse(List<String> args, String flagChars, String valueChars) throws Invalid {
        ShortOptions o = new ShortOptions();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                o.operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.length() == 1) {
                o.operands.add(a);
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                if (flagChars.indexOf(c) >= 0) {
                    o.flags.add(c);
                } else if (valueChars.indexOf(c) >= 0) {
                    String value;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new Invalid("option requires an argument -- '" + c + "'");
                    }
                    o.values.put(c, value);
                    break;
                } else {
                    throw new Invalid("invalid option -- '" + c + "'");
                }
            }
        }
        return o;
    }

    boolean has(char flag) { return flags.contains(flag) || values.containsKey(flag); }

    Optional<String> value(char option) { return Optional.ofNullable(values.get(option)); }

    List<String> operands() { return operands; }
}
