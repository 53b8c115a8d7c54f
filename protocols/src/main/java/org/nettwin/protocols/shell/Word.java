package org.nettwin.protocols.shell;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One shell word as written, before expansion: a sequence of parts that remember whether they were quoted,
 * because quoting decides field splitting and whether `*` in a case pattern is a wildcard.
 */
public record Word(List<Part> parts, int line, int column) {
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);

    public Word {
        parts = List.copyOf(parts);
    }

    /** A piece of a word. */
    public sealed interface Part {}

    /** Text taken as is; {@code quoted} when it came from quotes or a backslash escape. */
    public record Literal(String text, boolean quoted) implements Part {}

    /**
     * {@code $name}, {@code ${name}}, {@code $1}, {@code $#}, {@code $?}, {@code $@}, {@code $*}, {@code $0}:
     * expanded at run time; {@code quoted} when inside double quotes.
     */
    public record Parameter(String name, boolean quoted) implements Part {}

    /** {@code $(...)} or a backquoted command; its output (trailing newlines removed) replaces it. */
    public record CommandSubstitution(ShellNode.Sequence body, boolean quoted) implements Part {}

    /** True if the word is plain unquoted text equal to {@code text} (how reserved words are recognised). */
    public boolean isBare(String text) {
        return parts.size() == 1 && parts.get(0) instanceof Literal l && !l.quoted() && l.text().equals(text);
    }

    /** The unquoted text of a word made of one unquoted literal, else null. */
    public String bareText() {
        return parts.size() == 1 && parts.get(0) instanceof Literal l && !l.quoted() ? l.text() : null;
    }

    /** POSIX "assignment word": an unquoted NAME= at the very start. */
    public boolean isAssignment() {
        return !parts.isEmpty() && parts.get(0) instanceof Literal l && !l.quoted() && ASSIGNMENT.matcher(l.text()).matches();
    }

    /** The source text, re-quoted, for messages. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) sb.append(l.quoted() ? "'" + l.text() + "'" : l.text());
            else if (p instanceof Parameter v) sb.append("${").append(v.name()).append('}');
            else sb.append("$(...)");
        }
        return sb.toString();
    }
}
