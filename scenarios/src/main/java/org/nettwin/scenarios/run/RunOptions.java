package org.nettwin.scenarios.run;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How to run a scenario: an optional seed override, where to write pcaps (null = {@code outDir}/pcap, or
 * nowhere), the run directory the caller will write the report into, actor threads (ignored when
 * {@code inline}), and where to print what the user sees.
 */
public record RunOptions(Long seedOverride, Path pcapDir, Path outDir, int threads, boolean inline, PrintStream console) {
    public static RunOptions quiet() {
        return new RunOptions(null, null, null, 1, true, null);
    }
}
