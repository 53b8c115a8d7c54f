package org.nettwin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** `nettwin fidelity`: option mistakes exit 2 before anything touches the host (docs/fidelity.md). */
class FidelityCommandTest {
    @Test
    @DisplayName("an unknown case name is a user error that lists the known cases")
    void unknownCase() {
        Cli r = Cli.run("fidelity", "--cases", "stop-150-100,nope");
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode(), r.err());
        assertTrue(r.err().contains("--cases: no fidelity case nope; known: [stop-150-100,"), r.err());
    }

    @Test
    @DisplayName("--repeat below 1 is a user error")
    void repeatAtLeastOne() {
        Cli r = Cli.run("fidelity", "--repeat", "0");
        assertEquals(Main.EXIT_USER_ERROR, r.exitCode(), r.err());
        assertTrue(r.err().contains("--repeat 0: at least 1"), r.err());
    }
}
