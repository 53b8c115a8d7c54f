package org.nettwin.realadapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.value.Prefix4;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.topologies.TopologySpec;

/**
 * The user errors of hardware in the loop, each one line "subject: problem (hint)" (the ConfigError form the
 * CLI prints with exit 2). None needs root: bindings are checked before any device is opened.
 */
class HilSetupTest {
    private static final HilNetwork.DeviceOpener MUST_NOT_OPEN = device -> fail("opened " + device + " although the binding is wrong");

    private static TopologySpec routerTopology() throws Exception {
        return ScenarioLoader.load(HilPingInteropTest.resource("router.scenario.yml")).topology();
    }

    private static HilSetupError buildError(List<HilBinding> bindings, HilNetwork.DeviceOpener opener) throws Exception {
        TopologySpec topo = routerTopology();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            return assertThrows(HilSetupError.class, () -> HilNetwork.build(topo, rt, bindings, opener));
        }
    }

    @Test
    void cloudsAreRefusedOnTheWallClock() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("").toAbsolutePath();
        while (!java.nio.file.Files.isDirectory(root.resolve("examples"))) root = root.getParent();
        TopologySpec topo = ScenarioLoader.load(root.resolve("examples/ftth-lte/ftth-lte-failover.scenario.yml")).topology();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            HilSetupError e = assertThrows(HilSetupError.class, () -> HilNetwork.build(topo, rt, List.of(), MUST_NOT_OPEN));
            assertEquals("topology ftth-lte: its clouds: section (soracom) is not modelled on the wall clock yet"
                    + " (run this topology with `nettwin run`, or drop clouds: for the hil run)", e.getMessage());
        }
    }

    @Test
    void bindingParsesNodeInterfaceAndDevice() throws Exception {
        assertEquals(new HilBinding("r1", "eth0", "veth-a"), HilBinding.parse("r1:eth0=veth-a"));
        assertEquals("--bind r1-eth0: is not of the form NODE:IFACE=DEVICE (e.g. --bind r1:eth0=veth-twin)",
                assertThrows(HilSetupError.class, () -> HilBinding.parse("r1-eth0")).getMessage());
        assertThrows(HilSetupError.class, () -> HilBinding.parse("r1:eth0="));
        assertThrows(HilSetupError.class, () -> HilBinding.parse("r1:eth0=../../etc"));
    }

    @Test
    void unknownNodeIsNamedWithTheNodesThereAre() throws Exception {
        assertEquals("--bind r9:eth0=x0: the topology has no node r9 (nodes: r1, h2)",
                buildError(List.of(new HilBinding("r9", "eth0", "x0")), MUST_NOT_OPEN).getMessage());
    }

    @Test
    void unknownInterfaceIsNamedWithTheInterfacesThereAre() throws Exception {
        assertEquals("--bind r1:eth7=x0: node r1 has no interface eth7 (interfaces: eth0, eth1)",
                buildError(List.of(new HilBinding("r1", "eth7", "x0")), MUST_NOT_OPEN).getMessage());
    }

    @Test
    void linkedInterfaceIsRefused() throws Exception {
        assertEquals("--bind r1:eth1=x0: r1:eth1 is already linked by link r1-h2 (bind a spare interface (one that no link uses), or a new port of a switch)",
                buildError(List.of(new HilBinding("r1", "eth1", "x0")), MUST_NOT_OPEN).getMessage());
    }

    @Test
    void oneDevicePerPortAndOnePortPerDevice() throws Exception {
        assertEquals("--bind r1:eth0=x1: r1:eth0 is bound twice (bind each interface once)",
                buildError(List.of(new HilBinding("r1", "eth0", "x0"), new HilBinding("r1", "eth0", "x1")), MUST_NOT_OPEN).getMessage());
        TopologySpec lan = ScenarioLoader.load(HilPingInteropTest.resource("lan.scenario.yml")).topology();
        try (WallClockRuntime rt = new WallClockRuntime(1, OverrunPolicy.bestEffort())) {
            List<HilBinding> sameDevice = List.of(new HilBinding("sw", "p2", "x0"), new HilBinding("h3", "eth0", "x0"));
            assertEquals("--bind h3:eth0=x0: device x0 is also bound to sw:p2 (one device per simulated port)",
                    assertThrows(HilSetupError.class, () -> HilNetwork.build(lan, rt, sameDevice, MUST_NOT_OPEN)).getMessage());
        }
    }

    @Test
    @DisplayName("a valid binding reaches the device opener, whose error is the user's answer")
    void validBindingOpensItsDevice() throws Exception {
        List<String> opened = new ArrayList<>();
        HilSetupError e = buildError(List.of(new HilBinding("r1", "eth0", "ntnosuch0")), device -> {
            opened.add(device);
            return TapPort.open(device);
        });
        assertEquals(List.of("ntnosuch0"), opened);
        assertEquals("ntnosuch0: no such network device (create it first, e.g. `ip link add ntnosuch0 type veth peer name ntnosuch0p` (see docs/hil.md))",
                e.getMessage());
    }

    @Test
    void deviceNamesAreLinuxInterfaceNames() {
        assertEquals("a-very-long-device-name: is not a Linux interface name (at most 15 letters, digits and . _ - : @)",
                assertThrows(HilSetupError.class, () -> TapPort.open("a-very-long-device-name")).getMessage());
    }

    @Test
    @DisplayName("libpcap's open errors become what to do (messages as pcap_activate reports them)")
    void pcapErrorsAreExplained() {
        assertEquals("tap0: no permission to capture and inject frames (You don't have permission to perform this capture on that device"
                        + " (socket: Operation not permitted)) (run as root, or give java CAP_NET_RAW and CAP_NET_ADMIN)",
                TapPort.explain("tap0", "You don't have permission to perform this capture on that device (socket: Operation not permitted)").getMessage());
        assertEquals("tap0: the device is busy (tap0: Device or resource busy) (stop whatever holds it exclusively, or use another device)",
                TapPort.explain("tap0", "tap0: Device or resource busy").getMessage());
        assertEquals("tap0: no such network device (No such device exists) (create it first (see docs/hil.md))",
                TapPort.explain("tap0", "No such device exists").getMessage());
    }

    @Test
    @DisplayName("NetNs assigns only RFC 2544 / RFC 5737 ranges (not TEST-NET-1, which some hosts are numbered from), so it can never shadow a real network")
    void netNsStaysInDocumentationRanges() {
        for (String ok : List.of("198.18.2.0/24", "198.51.100.7/32", "203.0.113.128/25")) {
            NetNs.requireDocumentationRange(Prefix4.parse(ok), ok);
        }
        for (String bad : List.of("10.0.0.1/24", "192.0.3.1/24", "192.0.2.1/24", "198.18.2.1/23", "8.8.8.8/32")) {
            assertThrows(IllegalArgumentException.class, () -> NetNs.requireDocumentationRange(Prefix4.parse(bad), bad), bad);
        }
    }
}
