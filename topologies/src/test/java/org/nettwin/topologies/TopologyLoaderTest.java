package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Prefix4;

/** One test per validation rule of docs/topology-format.md "Checks": file, line and message text. */
class TopologyLoaderTest {
    @TempDir Path dir;
    TopologyFiles files;

    @BeforeEach void setUp() {
        files = new TopologyFiles(dir);
    }

    /** Two routers with one link; tests append or vary lines. Lines: nodes at 1, r1 at 2, r2 at 6, links at 10. */
    private static final String TWO_ROUTERS = """
            nodes:
              r1:
                kind: router
                interfaces:
                  eth0: { address: 10.0.0.1/30 }
              r2:
                kind: router
                interfaces:
                  eth0: { address: 10.0.0.2/30 }
            links:
              - endpoints: ["r1:eth0", "r2:eth0"]
            """;

    @Test void minimalTopologyLoadsWithDefaults() throws ConfigError {
        TopologySpec t = files.load(TWO_ROUTERS);
        assertEquals("t", t.name(), "name defaults to the file name without .topo.yml");
        NodeSpec r1 = t.nodes().get("r1");
        assertEquals(NodeKind.ROUTER, r1.kind());
        assertTrue(r1.forwarding(), "routers forward by default");
        InterfaceSpec eth0 = r1.interfaces().get(0);
        assertEquals(List.of(IfAddr.parse("10.0.0.1/30")), eth0.addresses());
        assertEquals(1500, eth0.mtu());
        assertNull(eth0.mac());
        LinkSpec l = t.links().get(0);
        assertEquals("r1:eth0--r2:eth0", l.name());
        assertEquals(ImpairmentSpec.NONE, l.aToB());
        assertEquals(ImpairmentSpec.NONE, l.bToA());
        assertEquals(new SourcePos(files.write("t.topo.yml", TWO_ROUTERS).toString(), 11, 5), l.pos());
        assertTrue(t.warnings().isEmpty(), t.warnings().toString());
    }

    @Test void yamlSyntaxErrorHasLineAndColumn() {
        ConfigError e = files.error("""
                nodes:
                  r1: { kind: router
                  r2: { kind: router }
                """, 3);
        assertTrue(e.problem().startsWith("YAML syntax error: "), e.getMessage());
        assertTrue(e.column() > 0, e.getMessage());
    }

    @Test void tabIndentationIsASyntaxError() {
        ConfigError e = files.error("nodes:\n\tr1: { kind: router }\n", 2);
        assertTrue(e.problem().startsWith("YAML syntax error: "), e.getMessage());
    }

    @Test void emptyFileIsAnError() {
        assertEquals("file is empty", files.error("# only a comment\n", 1).problem());
    }

    @Test void missingFileIsAConfigErrorNotAnIoException() {
        Path missing = dir.resolve("nope.topo.yml");
        ConfigError e = assertThrows(ConfigError.class, () -> TopologyLoader.load(missing));
        assertEquals(missing.toString(), e.file());
        assertEquals("file not found", e.problem());
    }

    @Test void wrongTypeNamesWhatWasFound() {
        ConfigError e = files.error("""
                nodes:
                  - r1
                """, 2);
        assertEquals("expected a mapping for nodes, found a list", e.problem());
    }

    @Test void unknownKeySuggestsTheNearestAndListsAllowedKeys() {
        ConfigError e = files.error(TWO_ROUTERS + "    dealy: 10ms\n", 12);
        assertEquals("unknown key 'dealy' in link", e.problem());
        assertEquals("did you mean 'delay'? allowed keys: endpoints, name, a-to-b, b-to-a, delay, jitter, loss, "
                + "burst-loss, rate, queue, mtu", e.hint());
        assertEquals(5, e.column(), "points at the key");
    }

    @Test void unknownKeyFarFromAnyAllowedKeyOnlyListsThem() {
        ConfigError e = files.error("""
                nodes:
                  r1: { kind: router, colour: red }
                """, 2);
        assertEquals("unknown key 'colour' in node 'r1'", e.problem());
        assertEquals("allowed keys: kind, region, interfaces, routes, forwarding, keepalived, files, setup, exec-latency", e.hint());
    }

    @Test void missingRequiredKeyPointsAtTheMapping() {
        ConfigError e = files.error("""
                nodes:
                  r1:
                    interfaces: { eth0: }
                """, 3);
        assertEquals("node 'r1' needs 'kind'", e.problem());
    }

    @Test void unknownEnumValueSuggests() {
        ConfigError e = files.error("""
                nodes:
                  r1: { kind: rooter }
                """, 2);
        assertEquals("unknown node kind 'rooter'", e.problem());
        assertEquals("did you mean 'router'? allowed: host, router, switch", e.hint());
    }

    @Test void durationWithoutUnitIsABadValue() {
        ConfigError e = files.error(TWO_ROUTERS + "    delay: 10\n", 12);
        assertEquals("duration '10' needs a unit", e.problem());
        assertEquals(12, e.line());
        assertEquals(12, e.column(), "points at the value");
    }

    @Test void lossAbove100PercentIsABadValue() {
        ConfigError e = files.error(TWO_ROUTERS + "    loss: 150%\n", 12);
        assertEquals("'150%' is not between 0% and 100%", e.problem());
    }

    @Test void addressWithoutPrefixLengthIsRejected() {
        ConfigError e = files.error("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.0.1 } }
                """, 4);
        assertEquals("address '10.0.0.1' has no prefix length", e.problem());
        assertEquals("write e.g. 10.0.0.1/24", e.hint());
    }

    @Test void endpointWithUnknownNode() {
        ConfigError e = files.error(TWO_ROUTERS.replace("\"r2:eth0\"", "\"r3:eth0\""), 11);
        assertEquals("link endpoint 'r3:eth0': no node named 'r3'", e.problem());
        assertEquals("did you mean 'r1'? nodes: r1, r2", e.hint());
    }

    @Test void endpointWithUnknownInterface() {
        ConfigError e = files.error(TWO_ROUTERS.replace("\"r2:eth0\"", "\"r2:eth1\""), 11);
        assertEquals("link endpoint 'r2:eth1': node 'r2' has no interface 'eth1'", e.problem());
        assertEquals("did you mean 'eth0'? its interfaces: eth0", e.hint());
    }

    @Test void endpointWithoutColon() {
        ConfigError e = files.error(TWO_ROUTERS.replace("\"r2:eth0\"", "\"r2\""), 11);
        assertEquals("endpoint 'r2' is not of the form node:interface", e.problem());
    }

    @Test void linkNeedsExactlyTwoEndpoints() {
        ConfigError e = files.error(TWO_ROUTERS.replace("\"r2:eth0\"]", "\"r2:eth0\", \"r1:eth0\"]"), 11);
        assertEquals("a link has exactly two endpoints, found 3", e.problem());
    }

    @Test void interfaceUsedByTwoLinks() {
        ConfigError e = files.error(TWO_ROUTERS + "  - endpoints: [\"r2:eth0\", \"r1:eth0\"]\n", 12);
        assertEquals("interface r2:eth0 is already used by link 'r1:eth0--r2:eth0'", e.problem());
        assertTrue(e.hint().startsWith("that link is at line 11"), e.hint());
    }

    @Test void duplicateInterfaceName() {
        ConfigError e = files.error("""
                nodes:
                  r1:
                    kind: router
                    interfaces:
                      eth0: { address: 10.0.0.1/30 }
                      eth0: { address: 10.0.1.1/30 }
                """, 6);
        assertEquals("'eth0' is defined twice in interfaces of node 'r1'", e.problem());
        assertEquals("first at line 5", e.hint());
    }

    @Test void duplicateNodeName() {
        ConfigError e = files.error("""
                nodes:
                  r1: { kind: router }
                  h1: { kind: host }
                  r1: { kind: host }
                """, 4);
        assertEquals("'r1' is defined twice in nodes", e.problem());
        assertEquals("first at line 2", e.hint());
    }

    @Test void sameAddressOnTwoInterfacesNamesBoth() {
        ConfigError e = files.error(TWO_ROUTERS.replace("10.0.0.2/30", "10.0.0.1/30"), 9);
        assertEquals("address 10.0.0.1 is on both r1:eth0 and r2:eth0", e.problem());
        assertEquals("r1:eth0 is at line 5", e.hint());
    }

    @Test void sameMacOnTwoInterfaces() {
        ConfigError e = files.error("""
                nodes:
                  h1: { kind: host, interfaces: { eth0: { mac: "02:00:00:00:00:01" } } }
                  h2: { kind: host, interfaces: { eth0: { mac: "02:00:00:00:00:01" } } }
                """, 3);
        assertEquals("MAC 02:00:00:00:00:01 is on both h1:eth0 and h2:eth0", e.problem());
    }

    @Test void linkEndsInDifferentSubnets() {
        ConfigError e = files.error(TWO_ROUTERS.replace("10.0.0.2/30", "10.0.0.6/30"), 11);
        assertEquals("link 'r1:eth0--r2:eth0' joins different subnets: r1:eth0 has 10.0.0.1/30, r2:eth0 has 10.0.0.6/30",
                e.problem());
    }

    @Test void pointToPointSlash32EndsAreNotASubnetMismatch() throws ConfigError {
        TopologySpec t = files.load(TWO_ROUTERS.replace("10.0.0.1/30", "10.0.0.1/32").replace("10.0.0.2/30", "192.0.2.7/32"));
        assertEquals(1, t.links().size());
    }

    @Test void routeViaOutsideItsSubnets() {
        ConfigError e = files.error("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.1.2/24 } }
                    routes:
                      - { to: default, via: 10.0.2.1 }
                """, 6);
        assertEquals("node 'h1': gateway 10.0.2.1 is an address outside its subnets", e.problem());
        assertEquals("connected: 10.0.1.0/24 on eth0", e.hint());
    }

    @Test void routeViaMustBeInTheSubnetOfItsDev() {
        ConfigError e = files.error("""
                nodes:
                  r1:
                    kind: router
                    interfaces:
                      eth0: { address: 10.0.1.1/24 }
                      eth1: { address: 10.0.2.1/24 }
                    routes:
                      - { to: 10.9.0.0/16, via: 10.0.1.7, dev: eth1 }
                """, 8);
        assertEquals("node 'r1': gateway 10.0.1.7 is an address outside its subnets", e.problem());
        assertEquals("connected: 10.0.2.0/24 on eth1", e.hint());
    }

    @Test void routeDevThatDoesNotExist() {
        ConfigError e = files.error("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.1.2/24 } }
                    routes:
                      - to: 10.0.9.0/24
                        dev: eht0
                """, 7);
        assertEquals("node 'h1' has no interface 'eht0' (route dev)", e.problem());
        assertEquals("did you mean 'eth0'? its interfaces: eth0", e.hint());
    }

    @Test void routeNeedsViaOrDev() {
        ConfigError e = files.error("""
                nodes:
                  h1:
                    kind: host
                    routes:
                      - { to: default }
                """, 5);
        assertEquals("route to 0.0.0.0/0 on node 'h1' needs 'via' or 'dev'", e.problem());
    }

    @Test void routeDestinationWithHostBitsIsRejectedLikeLinux() {
        ConfigError e = files.error("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.1.2/24 } }
                    routes:
                      - { to: 10.0.9.5/24, via: 10.0.1.1 }
                """, 6);
        assertEquals("route destination 10.0.9.5/24 has host bits set", e.problem());
        assertEquals("did you mean 10.0.9.0/24?", e.hint());
    }

    @Test void interfaceWithoutLinkIsOnlyAWarning() throws ConfigError {
        TopologySpec t = files.load(TWO_ROUTERS.replace("      eth0: { address: 10.0.0.2/30 }\n",
                "      eth0: { address: 10.0.0.2/30 }\n      eth1: { address: 10.9.0.1/24 }\n"));
        assertEquals(1, t.warnings().size());
        TopologyWarning w = t.warnings().get(0);
        assertEquals("interface r2:eth1 has no link", w.message());
        assertEquals(10, w.pos().line());
        assertTrue(w.toString().endsWith(":10:7: warning: interface r2:eth1 has no link"), w.toString());
    }

    @Test void switchPortsAreCreatedByLinks() throws ConfigError {
        TopologySpec t = files.load("""
                nodes:
                  h1: { kind: host, interfaces: { eth0: { address: 10.0.0.1/24 } } }
                  h2: { kind: host, interfaces: { eth0: { address: 10.0.0.2/24 } } }
                  sw: { kind: switch }
                links:
                  - endpoints: ["h1:eth0", "sw:p1"]
                  - endpoints: ["sw:p2", "h2:eth0"]
                """);
        NodeSpec sw = t.nodes().get("sw");
        assertEquals(List.of("p1", "p2"), sw.interfaceNames());
        assertFalse(sw.forwarding());
        assertEquals(6, sw.interfaces().get(0).pos().line(), "a created port points at the endpoint that made it");
        assertTrue(t.warnings().isEmpty());
    }

    @Test void switchPortCannotHaveAnAddress() {
        ConfigError e = files.error("""
                nodes:
                  sw:
                    kind: switch
                    interfaces: { p1: { address: 10.0.0.9/24 } }
                """, 4);
        assertEquals("switch port sw:p1 cannot have an address", e.problem());
    }

    @Test void switchCannotHaveRoutes() {
        ConfigError e = files.error("""
                nodes:
                  sw:
                    kind: switch
                    routes: [ { to: default, dev: p1 } ]
                """, 4);
        assertEquals("switch 'sw' cannot have 'routes'", e.problem());
    }

    @Test void duplicateLinkName() {
        ConfigError e = files.error("""
                nodes:
                  sw: { kind: switch }
                links:
                  - { endpoints: ["sw:p1", "sw:p2"], name: uplink }
                  - { endpoints: ["sw:p3", "sw:p4"], name: uplink }
                """, 5);
        assertEquals("two links are named 'uplink'", e.problem());
        assertEquals("the other is at line 4", e.hint());
    }

    @Test void linkToItself() {
        ConfigError e = files.error("""
                nodes:
                  sw: { kind: switch }
                links:
                  - endpoints: ["sw:p1",
                                "sw:p1"]
                """, 5);
        assertEquals("link joins sw:p1 to itself", e.problem());
    }

    @Test void keepalivedPathIsRelativeToTheTopologyFile() throws ConfigError {
        files.write("r1.conf", "vrrp_instance VI_1 {}\n");
        TopologySpec t = files.load("""
                nodes:
                  r1: { kind: router, keepalived: r1.conf }
                """);
        assertEquals(dir.resolve("r1.conf").toAbsolutePath().normalize(), t.nodes().get("r1").keepalivedConf());
    }

    @Test void keepalivedFileMustExist() {
        ConfigError e = files.error("""
                nodes:
                  r1:
                    kind: router
                    keepalived: missing.conf
                """, 4);
        assertEquals("node 'r1': file 'missing.conf' not found", e.problem());
    }

    @Test void invalidNodeName() {
        ConfigError e = files.error("""
                nodes:
                  "r 1": { kind: router }
                """, 2);
        assertEquals("'r 1' is not a valid name", e.problem());
    }

    @Test void perDirectionOverridesApplyOnTopOfSharedValues() throws ConfigError {
        TopologySpec t = files.load(TWO_ROUTERS + """
                    delay: 10ms
                    loss: 1%
                    a-to-b: { loss: 5% }
                    b-to-a: { delay: 20ms, burst-loss: { p-good-bad: 1%, p-bad-good: 30% } }
                """);
        LinkSpec l = t.links().get(0);
        assertEquals(new ImpairmentSpec(10_000_000, 0, 0.05, null, 0, 1000, 1500), l.aToB());
        assertEquals(new ImpairmentSpec(20_000_000, 0, 0.01, new BurstLossSpec(0.01, 0.3, 0, 1), 0, 1000, 1500), l.bToA());
    }

    @Test void routesAreReadWithDefaults() throws ConfigError {
        TopologySpec t = files.load("""
                nodes:
                  h1:
                    kind: host
                    interfaces: { eth0: { address: 10.0.1.2/24 } }
                    routes:
                      - { to: default, via: 10.0.1.1 }
                      - { to: 10.9.0.0/16, dev: eth0, metric: 5 }
                """);
        List<RouteSpec> routes = t.nodes().get("h1").routes();
        assertEquals(Prefix4.DEFAULT, routes.get(0).to());
        assertEquals(Ip4.parse("10.0.1.1"), routes.get(0).via());
        assertNull(routes.get(0).dev());
        assertEquals(0, routes.get(0).metric());
        assertEquals("eth0", routes.get(1).dev());
        assertEquals(5, routes.get(1).metric());
        assertFalse(t.nodes().get("h1").forwarding(), "hosts do not forward by default");
    }
}
