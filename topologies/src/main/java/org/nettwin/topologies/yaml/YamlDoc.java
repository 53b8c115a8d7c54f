package org.nettwin.topologies.yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.topologies.SourcePos;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * One YAML file read through SnakeYAML's node API, which (unlike Jackson's tree model) keeps the line and
 * column of every value. Nothing is constructed from the YAML: tags cannot instantiate classes, and every
 * value is converted by a typed getter that knows its position.
 */
public final class YamlDoc {
    /**
     * The document of values made in code ({@link YamlValue#scalar} and friends): each names its own place, in
     * the name of its SnakeYAML mark, since one tree may hold values written at different call sites.
     */
    static final YamlDoc IN_CODE = new YamlDoc(null);

    /** The file read, or null for {@link #IN_CODE}. */
    private final Path file;

    private YamlDoc(Path file) {
        this.file = file;
    }

    /**
     * Reads {@code file}. Errors name it as given, so the user sees the path they typed; paths written inside
     * it are resolved against its directory the same way ("examples/lab.topo.yml" names "r1.conf" as
     * "examples/r1.conf"), so errors in files it refers to read the same way too.
     */
    public static YamlValue load(Path file) throws ConfigError {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigError(label, 0, "file not found", "looked for " + file.toAbsolutePath().normalize());
        } catch (CharacterCodingException e) {
            throw new ConfigError(label, 0, "file is not UTF-8 text", "");
        } catch (IOException e) {
            throw new ConfigError(label, 0, "cannot read file: " + e.getMessage(), "");
        }
        return parse(file, text);
    }

    /** Parses YAML text as if read from {@code file}. */
    public static YamlValue parse(Path file, String text) throws ConfigError {
        YamlDoc doc = new YamlDoc(file);
        String fileLabel = doc.fileLabel();
        Node root;
        try {
            root = new Yaml(loaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw doc.syntaxError(e);
        } catch (ReaderException e) {
            // Characters YAML forbids (control characters): the reader knows only the code point offset.
            int[] lineColumn = lineColumn(text, e.getPosition());
            throw new ConfigError(fileLabel, lineColumn[0], lineColumn[1],
                    String.format(Locale.ROOT, "YAML syntax error: character U+%04X is not allowed", e.getCodePoint()), "");
        } catch (YAMLException e) {
            throw new ConfigError(fileLabel, 0, "YAML error: " + e.getMessage(), "");
        }
        if (root == null) throw new ConfigError(fileLabel, 1, 1, "file is empty", "");
        return new YamlValue(doc, root);
    }

    /**
     * SnakeYAML refuses documents over 3 MB by default, a guard for untrusted input; a generated topology with
     * tens of thousands of devices is bigger than that, and the file is already in memory when we parse it.
     * Aliases stay limited (the default 50), which is what guards against "billion laughs" expansion.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    /** 1-based line and column of the code point at {@code offset}. */
    private static int[] lineColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int cp = 0; cp < offset && i < text.length(); cp++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private ConfigError syntaxError(MarkedYAMLException e) {
        Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() != null ? e.getProblem() : e.getContext() != null ? e.getContext() : "malformed YAML";
        String hint = "";
        if (e.getContext() != null && e.getContextMark() != null && e.getProblem() != null) {
            hint = e.getContext() + " at line " + (e.getContextMark().getLine() + 1);
        }
        String fileLabel = fileLabel();
        if (at == null) return new ConfigError(fileLabel, 0, "YAML syntax error: " + problem, hint);
        return new ConfigError(fileLabel, at.getLine() + 1, at.getColumn() + 1, "YAML syntax error: " + problem, hint);
    }

    /** The file name as shown in errors. */
    public String fileLabel() {
        return file == null ? "code" : file.toString();
    }

    /** Where {@code node} was written: this file, or for a value made in code the place its mark names. */
    SourcePos pos(Node node) {
        Mark m = node.getStartMark();
        return new SourcePos(file == null ? m.getName() : file.toString(), m.getLine() + 1, m.getColumn() + 1);
    }

    /** A path written in this file, resolved against the file's directory (a value made in code: the working directory). */
    public Path resolve(String written) {
        return (file == null ? Path.of(written) : file.resolveSibling(written)).normalize();
    }
}
