package org.nettwin.protocols.shell;

import java.util.List;

/**
 * The syntax tree of the POSIX sh subset the twin runs. Every node keeps the line it starts on, so the trace
 * and diagnostics can point at "script:line" as the user reads the file.
 */
public sealed interface ShellNode {
    int line();

    /** Commands run one after another (`;` or newline). */
    record Sequence(int line, List<ShellNode> items) implements ShellNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** `NAME=value` before (or instead of) a command. */
    record Assignment(String name, Word value) {}

    /** Where a redirection points an output descriptor. */
    enum RedirectKind {
        /** `>` and `>|`: truncate or create. */
        WRITE,
        /** `>>`. */
        APPEND,
        /** `n>&m`: make fd n a copy of fd m. */
        DUPLICATE
    }

    /** `[fd]> target`, `[fd]>> target`, `[fd]>&m`; {@code target} is a file name or, for DUPLICATE, an fd number. */
    record Redirect(int fd, RedirectKind kind, Word target) {}

    /** Assignments, words (argv before expansion) and redirections of one simple command. */
    record SimpleCommand(int line, List<Assignment> assignments, List<Word> words, List<Redirect> redirects) implements ShellNode {
        public SimpleCommand {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
        }
    }

    /** {@code left && right} or {@code left || right}: right runs only if left succeeded (and) or failed (or). */
    record AndOr(int line, ShellNode left, boolean and, ShellNode right) implements ShellNode {}

    /** {@code ! command}: inverts the status. */
    record Not(int line, ShellNode command) implements ShellNode {}

    /** {@code { list; }}. */
    record Group(int line, Sequence body) implements ShellNode {}

    /** One `if`/`elif` condition with its `then` part. */
    record Branch(Sequence condition, Sequence body) {}

    /** {@code if ... then ... elif ... else ... fi}; {@code otherwise} is null without `else`. */
    record If(int line, List<Branch> branches, Sequence otherwise) implements ShellNode {
        public If {
            branches = List.copyOf(branches);
        }
    }

    /** One `pattern|pattern) body ;;` arm. */
    record CaseArm(int line, List<Word> patterns, Sequence body) {
        public CaseArm {
            patterns = List.copyOf(patterns);
        }
    }

    /** {@code case WORD in ... esac}: the first arm with a matching pattern runs. */
    record Case(int line, Word subject, List<CaseArm> arms) implements ShellNode {
        public Case {
            arms = List.copyOf(arms);
        }
    }
}
