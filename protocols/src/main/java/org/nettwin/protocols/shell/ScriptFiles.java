package org.nettwin.protocols.shell;

import java.util.Map;
import java.util.Optional;

/** The scripts installed on a node (its virtual filesystem of executables written by the user). */
@FunctionalInterface
public interface ScriptFiles {
    /** The parsed script at {@code absolutePath}, if the node has one there. */
    Optional<ShellScript> script(String absolutePath);

    /** A node without scripts. */
    static ScriptFiles none() { return path -> Optional.empty(); }

    /** Scripts keyed by their own {@link ShellScript#path()}. */
    static ScriptFiles of(ShellScript... scripts) {
        Map<String, ShellScript> byPath = new java.util.HashMap<>();
        for (ShellScript s : scripts) byPath.put(s.path(), s);
        return path -> Optional.ofNullable(byPath.get(path));
    }
}
