package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @Test
    @DisplayName("gate-scale without the seed 000 files (run outside the checkout) is a usage error, exit 2, before anything runs")
    void gateScaleOutsideTheCheckout(@TempDir Path elsewhere) {
        Cli r = Cli.run("bench", "gate-scale", "--devices", "1", "--seed-dir", elsewhere.toString());
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode(), r.err());
        assertTrue(r.err().contains("gate-scale needs " + elsewhere.resolve("gate_init_vxlan.sh")), r.err());
        assertFalse(r.err().contains("nettwin: internal error"), r.err());
        assertEquals("", r.out(), "no table header printed before the check");
    }
}
