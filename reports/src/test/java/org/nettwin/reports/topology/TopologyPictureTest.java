package org.nettwin.reports.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.topologies.TopologyLoader;
import org.nettwin.topologies.TopologySpec;

class TopologyPictureTest {
    private static Path example(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("examples"))) p = p.getParent();
        return p.resolve("examples").resolve(relative);
    }

    @Test void svgNamesEveryNodeAndIsDeterministic(@TempDir Path tmp) throws Exception {
        TopologySpec t = TopologyLoader.load(example("ftth-lte/ftth-lte.topo.yml"));
        TopologyPicture.write(t, tmp.resolve("a.svg"));
        TopologyPicture.write(t, tmp.resolve("b.svg"));
        String svg = Files.readString(tmp.resolve("a.svg"));
        for (String node : t.nodes().keySet()) assertTrue(svg.contains(node), node);
        assertTrue(svg.contains("192.168.0.1/24") && svg.contains("keepalived 1.2") && svg.contains("lte"), "addresses, keepalived and link names are drawn");
        assertEquals(svg, Files.readString(tmp.resolve("b.svg")), "the seeded layout gives the same picture every time");
    }

    @Test void pngAndBadExtension(@TempDir Path tmp) throws Exception {
        TopologySpec t = TopologyLoader.load(example("keepalived-lan/keepalived-lan.topo.yml"));
        TopologyPicture.write(t, tmp.resolve("t.png"));
        assertTrue(Files.size(tmp.resolve("t.png")) > 20_000);
        assertThrows(IllegalArgumentException.class, () -> TopologyPicture.write(t, tmp.resolve("t.gif")));
        assertTrue(Files.notExists(tmp.resolve("t.gif.partial")));
    }
}
