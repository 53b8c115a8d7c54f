package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * `nettwin topo show` on a shipped topology, against a golden file (cli/src/test/resources/golden). A deliberate
 * change of the text is accepted by rerunning with -Dnettwin.updateGolden=true and reviewing the diff.
 */
class TopoShowTest {
    private static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("examples/ not found above " + Path.of("").toAbsolutePath());
        return p;
    }

    @Test @DisplayName("seed 002 (examples/ftth-lte): nodes, the lan switch and its members, PPPoE/NAT, keepalived 1.2.13, files, the SORACOM cloud")
    void ftthLte() throws Exception {
        Cli r = Cli.run("topo", "show", repo().resolve("examples/ftth-lte/ftth-lte.topo.yml").toString());
        assertEquals("", r.err());
        assertEquals(Main.EXIT_OK, r.exitCode());
        Path golden = repo().resolve("cli/src/test/resources/golden/topo-show-ftth-lte.txt");
        if (Boolean.getBoolean("nettwin.updateGolden")) {
            Files.writeString(golden, r.out(), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), r.out(),
                "golden file differs; if the change is intended, rerun with -Dnettwin.updateGolden=true");
    }

    @Test @DisplayName("regions, unlinked interfaces and warnings appear; the order is the file's")
    void regionsAndWarnings() throws Exception {
        Path dir = Files.createTempDirectory("topo-show");
        Path f = Files.writeString(dir.resolve("r.topo.yml"), """
                name: r
                nodes:
                  b: { kind: host, region: west, interfaces: { eth0: { address: 10.0.0.2/24 }, eth1: } }
                  a: { kind: router, region: east, interfaces: { eth0: { address: 10.0.0.1/24 } } }
                links:
                  - { endpoints: ["b:eth0", "a:eth0"], delay: 5ms }
                """, StandardCharsets.UTF_8);
        String out = Cli.run("topo", "show", f.toString()).out();
        assertTrue(out.startsWith("topology r: 2 nodes, 0 switches, 1 link, 0 clouds\nregions:\n  west: b\n  east: a\n"), out);
        assertTrue(out.contains("  b  host  region west\n    eth0 10.0.0.2/24  -> a:eth0 (b:eth0--a:eth0)\n    eth1  (no link)\n"), out);
        assertTrue(out.contains("warnings: 1\n  r.topo.yml:3: interface b:eth1 has no link\n"), out);
    }
}
