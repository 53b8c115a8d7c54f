package org.nettwin.protocols.shell;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * `test` and `[ ... ]` with POSIX's rules by argument count (XCU test, "Application usage"): string tests
 * (-z -n = !=) and integer comparisons (-eq -ne -lt -gt -le -ge), `!` and `( )`. File tests need a
 * filesystem the twin does not have, and -a/-o are obsolescent: both are reported, never guessed.
 * Exit status 0 true, 1 false, 2 error — as dash, whose messages are reproduced.
 */
final class TestCommand implements CommandModel {
    private static final Set<String> INTEGER_OPS = Set.of("-eq", "-ne", "-lt", "-gt", "-le", "-ge");
    private static final Set<String> FILE_OPS = Set.of("-b", "-c", "-d", "-e", "-f", "-g", "-h", "-k", "-L", "-p", "-r", "-s", "-S", "-t", "-u", "-w", "-x", "-O", "-G");
    private static final Set<String> UNMODELLED_BINARY = Set.of("-a", "-o", "-nt", "-ot", "-ef", "<", ">");

    private final boolean bracket;

    TestCommand(boolean bracket) {
        this.bracket = bracket;
    }

    /** Raised for a status-2 outcome; the message is what dash prints after "[: ". */
    private static final class TestError extends Exception {
        final boolean unmodelled;

        TestError(String message, boolean unmodelled) {
            super(message, null, false, false);
            this.unmodelled = unmodelled;
        }
    }

    @Override public void run(CommandContext ctx, List<String> argv, Consumer<CommandResult> done) {
        String name = bracket ? "[" : "test";
        List<String> args = argv.subList(1, argv.size());
        if (bracket) {
            if (args.isEmpty() || !args.get(args.size() - 1).equals("]")) {
                done.accept(CommandResult.fail(2, "[: missing ]"));
                return;
            }
            args = args.subList(0, args.size() - 1);
        }
        try {
            done.accept(new CommandResult(evaluate(args, ctx.dialect()) ? 0 : 1, "", ""));
        } catch (TestError e) {
            if (e.unmodelled) ctx.diagnostic("warning", name + " " + String.join(" ", args) + ": " + e.getMessage());
            done.accept(CommandResult.fail(2, name + ": " + e.getMessage()));
        }
    }

    private static boolean evaluate(List<String> a, ShellScript.Dialect dialect) throws TestError {
        return switch (a.size()) {
            case 0 -> false;
            case 1 -> !a.get(0).isEmpty();
            case 2 -> twoArgs(a.get(0), a.get(1));
            case 3 -> threeArgs(a.get(0), a.get(1), a.get(2), dialect);
            case 4 -> {
                if (a.get(0).equals("!")) yield !threeArgs(a.get(1), a.get(2), a.get(3), dialect);
                if (a.get(0).equals("(") && a.get(3).equals(")")) yield twoArgs(a.get(1), a.get(2));
                throw new TestError("expressions of more than three terms (-a/-o) are not modelled by the twin", true);
            }
            default -> throw new TestError("expressions of more than three terms (-a/-o) are not modelled by the twin", true);
        };
    }

    private static boolean twoArgs(String op, String operand) throws TestError {
        if (op.equals("!")) return operand.isEmpty();
        if (op.equals("-z")) return operand.isEmpty();
        if (op.equals("-n")) return !operand.isEmpty();
        if (FILE_OPS.contains(op)) throw new TestError(op + " (file test) is not modelled by the twin: it has no filesystem", true);
        throw new TestError(op + ": unexpected operator", false);
    }

    private static boolean threeArgs(String left, String op, String right, ShellScript.Dialect dialect) throws TestError {
        switch (op) {
            case "=":
                return left.equals(right);
            case "==":
                // dash's test has no "==" (a classic failure of bash-tested scripts under /bin/sh).
                if (dialect == ShellScript.Dialect.BASH) return left.equals(right);
                throw new TestError(left + ": unexpected operator", false);
            case "!=":
                return !left.equals(right);
            default:
                break;
        }
        if (INTEGER_OPS.contains(op)) {
            long l = integer(left), r = integer(right);
            return switch (op) {
                case "-eq" -> l == r;
                case "-ne" -> l != r;
                case "-lt" -> l < r;
                case "-gt" -> l > r;
                case "-le" -> l <= r;
                default -> l >= r;
            };
        }
        if (UNMODELLED_BINARY.contains(op)) throw new TestError(op + " is not modelled by the twin", true);
        if (left.equals("!")) return !twoArgs(op, right);
        if (left.equals("(") && right.equals(")")) return !op.isEmpty();
        throw new TestError(op + ": unexpected operator", false);
    }

    /** dash: optional blanks and sign, decimal digits, nothing else ("Illegal number: x"). */
    private static long integer(String s) throws TestError {
        String t = s.strip();
        if (!t.matches("[+-]?[0-9]+")) throw new TestError("Illegal number: " + s, false);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TestError("Illegal number: " + s, false);
        }
    }
}
