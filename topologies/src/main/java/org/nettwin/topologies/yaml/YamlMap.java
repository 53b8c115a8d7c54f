package org.nettwin.topologies.yaml;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.topologies.SourcePos;

/**
 * A YAML mapping with unique keys in file order, named by a label used in every message about it
 * ("unknown key 'dealy' in link", "node 'r1' needs 'kind'"). An empty value ({@code key:}) counts as absent
 * for optional keys.
 */
public final class YamlMap {
    /** One {@code key: value} pair; {@code keyValue} locates the key itself. */
    public record Entry(String key, YamlValue keyValue, YamlValue value) {}

    private final YamlValue self;
    private final String label;
    private final List<Entry> entries;

    YamlMap(YamlValue self, String label, List<Entry> entries) {
        this.self = self;
        this.label = label;
        this.entries = List.copyOf(entries);
    }

    public String label() {
        return label;
    }

    public SourcePos pos() {
        return self.pos();
    }

    public ConfigError error(String problem, String hint) {
        return self.error(problem, hint);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Rejects keys outside {@code allowed}, pointing at the first unknown key with a did-you-mean hint. */
    public YamlMap allowOnly(Collection<String> allowed) throws ConfigError {
        for (Entry e : entries) {
            if (!allowed.contains(e.key())) {
                throw e.keyValue().error("unknown key '" + e.key() + "' in " + label,
                        Suggestions.hint(e.key(), allowed, "allowed keys"));
            }
        }
        return this;
    }

    public YamlMap allowOnly(String... allowed) throws ConfigError {
        return allowOnly(List.of(allowed));
    }

    private Optional<Entry> entry(String key) {
        for (Entry e : entries) if (e.key().equals(key)) return Optional.of(e);
        return Optional.empty();
    }

    /** The value of {@code key} unless it is absent or empty. */
    public Optional<YamlValue> find(String key) {
        return entry(key).map(Entry::value).filter(v -> !v.isNull());
    }

    public boolean has(String key) {
        return find(key).isPresent();
    }

    /** The value of a required key; absent points at this mapping, empty at the key. */
    public YamlValue require(String key) throws ConfigError {
        Optional<Entry> e = entry(key);
        if (e.isEmpty()) throw self.error(label + " needs '" + key + "'", "");
        if (e.get().value().isNull()) throw e.get().keyValue().error("'" + key + "' in " + label + " has no value", "");
        return e.get().value();
    }

    /** A required value converted, e.g. {@code map.get("delay", YamlValue::duration)}. */
    public <T> T get(String key, YamlValue.Conversion<T> conversion) throws ConfigError {
        return conversion.from(require(key));
    }

    /** An optional value converted, or {@code fallback} (which may be null) when absent or empty. */
    public <T> T get(String key, YamlValue.Conversion<T> conversion, T fallback) throws ConfigError {
        Optional<YamlValue> v = find(key);
        return v.isPresent() ? conversion.from(v.get()) : fallback;
    }

    /** An optional list, empty when absent. */
    public List<YamlValue> list(String key, String what) throws ConfigError {
        Optional<YamlValue> v = find(key);
        return v.isPresent() ? v.get().list(what) : List.of();
    }

    /** The one key of {@code choices} that is present; an error when none or several are. */
    public Entry exactlyOne(List<String> choices) throws ConfigError {
        Optional<Entry> e = atMostOne(choices);
        if (e.isEmpty()) throw self.error(label + " needs one of: " + String.join(", ", choices), "");
        return e.get();
    }

    /** The key of {@code choices} that is present, if any; an error when several are. */
    public Optional<Entry> atMostOne(List<String> choices) throws ConfigError {
        List<Entry> present = new ArrayList<>();
        for (String c : choices) entry(c).ifPresent(present::add);
        if (present.size() > 1) {
            Entry second = present.get(1);
            throw second.keyValue().error("'" + present.get(0).key() + "' and '" + second.key() + "' cannot both be in " + label,
                    "use exactly one of: " + String.join(", ", choices));
        }
        return present.stream().findFirst();
    }
}
