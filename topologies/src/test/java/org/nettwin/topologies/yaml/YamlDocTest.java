package org.nettwin.topologies.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class YamlDocTest {
    /** A generated topology for a large fleet is bigger than SnakeYAML's default 3 MB document limit. */
    @Test void documentsBiggerThanSnakeYamlsDefaultLimitLoad() throws Exception {
        StringBuilder text = new StringBuilder("nodes:\n");
        int n = 0;
        while (text.length() < 4 * 1024 * 1024) {
            text.append("  device-").append(n++).append(": { kind: host, interfaces: { eth0: { address: 10.0.0.1/8 } } }\n");
        }
        YamlValue root = YamlDoc.parse(Path.of("big.topo.yml"), text.toString());
        assertEquals(n, root.map("topology").find("nodes").orElseThrow().map("nodes").entries().size());
    }
}
