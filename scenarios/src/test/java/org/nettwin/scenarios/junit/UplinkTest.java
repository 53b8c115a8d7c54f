package org.nettwin.scenarios.junit;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nettwin.scenarios.junit.ScenarioTests;
import org.nettwin.scenarios.spec.Scenario;

class UplinkTest {
    @Test
    void pingRidesOutAnUplinkFailure() throws Exception {
        ScenarioTests.check(Scenario.on(Path.of("src/test/resources/examples/two-hosts.topo.yml"))
                .name("uplink-failure").duration("30s").seed(7)
                .ping("p1", "h1", "10.0.2.2", p -> p.interval("1s").start("1s"))
                .at("10s").linkDown("uplink")
                .at("15s").linkUp("uplink")
                .at("20s").impair("uplink", i -> i.loss("20%").delay("50ms"))
                .expectOutageAtMost("p1", "5s")
                .expectLostAtMost("p1", 10)
                .build());
    }
}
