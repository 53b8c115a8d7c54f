package org.nettwin.topologies.yaml;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.topologies.SourcePos;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One value of a YAML file with its position. The typed conversions never let a raw exception out: a value
 * of the wrong shape or with bad text becomes a {@link ConfigError} at this value's line and column.
 */
public final class YamlValue {
    /** A conversion from a YAML value, e.g. {@code YamlValue::duration}; used by {@link YamlMap}'s getters. */
    @FunctionalInterface
    public interface Conversion<T> {
        T from(YamlValue value) throws ConfigError;
    }

    private final YamlDoc doc;
    private final Node node;

    YamlValue(YamlDoc doc, Node node) {
        this.doc = doc;
        this.node = node;
    }

    public SourcePos pos() {
        return doc.pos(node);
    }

    /**
     * A text value made in code rather than read from a file, e.g. by a builder that fills the same tree a file
     * would: every conversion and every message treats it as the same text written at {@code pos} (line and
     * column 0 = unknown). It is never empty: a text "null" stays text.
     */
    public static YamlValue scalar(String text, SourcePos pos) {
        return new YamlValue(YamlDoc.IN_CODE, new ScalarNode(Tag.STR, text, mark(pos), mark(pos), DumperOptions.ScalarStyle.PLAIN));
    }

    /** A list made in code (see {@link #scalar}); its items may be values made in code only. */
    public static YamlValue list(List<YamlValue> items, SourcePos pos) {
        List<Node> nodes = items.stream().map(v -> inCode(v).node).toList();
        return new YamlValue(YamlDoc.IN_CODE, new SequenceNode(Tag.SEQ, true, nodes, mark(pos), mark(pos), DumperOptions.FlowStyle.FLOW));
    }

    /**
     * A mapping made in code (see {@link #scalar}), its keys in {@code entries}' order and written at {@code pos};
     * the values may be values made in code only.
     */
    public static YamlValue mapping(Map<String, YamlValue> entries, SourcePos pos) {
        List<NodeTuple> tuples = new ArrayList<>(entries.size());
        entries.forEach((k, v) -> tuples.add(new NodeTuple(
                new ScalarNode(Tag.STR, k, mark(pos), mark(pos), DumperOptions.ScalarStyle.PLAIN), inCode(v).node)));
        return new YamlValue(YamlDoc.IN_CODE, new MappingNode(Tag.MAP, true, tuples, mark(pos), mark(pos), DumperOptions.FlowStyle.FLOW));
    }

    private static YamlValue inCode(YamlValue v) {
        if (v.doc != YamlDoc.IN_CODE) throw new IllegalArgumentException("a value read from " + v.doc.fileLabel() + " in a tree made in code");
        return v;
    }

    /** A mark that {@link YamlDoc#pos} turns back into {@code pos}. */
    private static Mark mark(SourcePos pos) {
        return new Mark(pos.file(), 0, pos.line() - 1, pos.column() - 1, new int[0], 0);
    }

    public ConfigError error(String problem, String hint) {
        return pos().error(problem, hint);
    }

    public ConfigError error(String problem) {
        return pos().error(problem);
    }

    /** An empty value ({@code key:}, {@code ~} or {@code null}). A quoted "null" is text, not empty. */
    public boolean isNull() {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    public boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** What this value is, for "expected X, found Y" messages. */
    public String describe() {
        if (isNull()) return "nothing";
        if (node instanceof ScalarNode s) return "'" + s.getValue() + "'";
        if (isMap()) return "a mapping";
        return "a list";
    }

    private ConfigError expected(String what, String hint) {
        return error("expected " + what + ", found " + describe(), hint);
    }

    /** Any scalar as its text. */
    public String string() throws ConfigError {
        if (!isScalar()) throw expected("a text value", "");
        return ((ScalarNode) node).getValue();
    }

    /** The rule {@link #name()} enforces, as a hint. */
    public static final String NAME_RULE = "use letters, digits and _ . @ / + - (no blanks, no ':')";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@/+-]+");

    /** Whether {@code s} may name a node, interface, link or probe: ':' is reserved for "node:interface". */
    public static boolean isName(String s) {
        return NAME.matcher(s).matches();
    }

    /** A scalar that names something (node, interface, link, probe). */
    public String name() throws ConfigError {
        String s = string();
        if (!isName(s)) throw error("'" + s + "' is not a valid name", NAME_RULE);
        return s;
    }

    public long longValue() throws ConfigError {
        String s = string();
        try {
            return Units.parseLong(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    public int integer() throws ConfigError {
        return integerIn(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public int integerIn(int min, int max) throws ConfigError {
        long v = longValue();
        if (v < min || v > max) throw error(v + " is out of range", "allowed: " + min + ".." + max);
        return (int) v;
    }

    public boolean bool() throws ConfigError {
        String s = string().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw expected("true or false", "");
        };
    }

    /** Nanoseconds; see {@link Units#parseDuration}. */
    public long duration() throws ConfigError {
        return unit(Units::parseDuration, Units.DURATION_EXAMPLES);
    }

    /** Bits per second; see {@link Units#parseRate}. */
    public long rate() throws ConfigError {
        return unit(Units::parseRate, Units.RATE_EXAMPLES);
    }

    /** A fraction in [0, 1] written as "5%" or 0.05. */
    public double fraction() throws ConfigError {
        String s = string();
        try {
            return Units.parseFraction(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), Units.FRACTION_EXAMPLES);
        }
    }

    private long unit(ToLongFunction<String> parser, String examples) throws ConfigError {
        String s = string();
        try {
            return parser.applyAsLong(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), examples);
        }
    }

    public Ip4 ip4() throws ConfigError {
        return parsed(Ip4::parse, "e.g. 192.168.0.1");
    }

    /** "10.0.0.0/8", a bare address (as /32), or "default". */
    public Prefix4 prefix() throws ConfigError {
        return parsed(Prefix4::parse, "e.g. 10.0.2.0/24 or default");
    }

    /** An interface address with prefix length, "10.0.1.1/24". The length is required: guessing it hides mistakes. */
    public IfAddr ifAddr() throws ConfigError {
        String s = string();
        if (s.indexOf('/') < 0) throw error("address '" + s + "' has no prefix length", "write e.g. " + s + "/24");
        return parsed(IfAddr::parse, "e.g. 10.0.1.1/24");
    }

    public Mac mac() throws ConfigError {
        return parsed(Mac::parse, "e.g. 02:00:00:00:00:01");
    }

    private <T> T parsed(Function<String, T> parser, String example) throws ConfigError {
        String s = string();
        try {
            return parser.apply(s);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), example);
        }
    }

    /** An enum constant written in lower case with '-' for '_' ("iputils", "link-down"). */
    public <E extends Enum<E>> E enumValue(Class<E> type, String what) throws ConfigError {
        String s = string();
        List<String> spellings = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
            String spelling = spelling(c);
            if (spelling.equals(s.toLowerCase(Locale.ROOT))) return c;
            spellings.add(spelling);
        }
        throw error("unknown " + what + " '" + s + "'", Suggestions.hint(s, spellings, "allowed"));
    }

    /** How an enum constant is written in files. */
    public static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A file path, resolved against the directory of the file it is written in. */
    public Path path() throws ConfigError {
        String s = string();
        try {
            return doc.resolve(s);
        } catch (InvalidPathException e) {
            throw error("not a valid path: '" + s + "'");
        }
    }

    public List<YamlValue> list(String what) throws ConfigError {
        if (!(node instanceof SequenceNode seq)) throw expected("a list of " + what, "");
        List<YamlValue> items = new ArrayList<>(seq.getValue().size());
        for (Node n : seq.getValue()) items.add(new YamlValue(doc, n));
        return items;
    }

    /**
     * This value as a mapping; {@code label} names it in messages ("node 'r1'", "link"). Keys must be plain
     * scalars and unique: YAML parsers usually keep the last of two equal keys, silently dropping the first.
     */
    public YamlMap map(String label) throws ConfigError {
        if (!(node instanceof MappingNode m)) throw expected("a mapping for " + label, "write key: value pairs");
        List<YamlMap.Entry> entries = new ArrayList<>(m.getValue().size());
        Map<String, YamlValue> firstByKey = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            YamlValue key = new YamlValue(doc, t.getKeyNode());
            if (!key.isScalar()) throw key.error("a key in " + label + " must be a plain name, found " + key.describe());
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            YamlValue first = firstByKey.putIfAbsent(k, key);
            if (first != null) {
                throw key.error("'" + k + "' is defined twice in " + label, "first at " + first.pos().lineRef());
            }
            entries.add(new YamlMap.Entry(k, key, new YamlValue(doc, t.getValueNode())));
        }
        return new YamlMap(this, label, entries);
    }
}
