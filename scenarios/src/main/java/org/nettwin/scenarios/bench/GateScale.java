package org.nettwin.scenarios.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.app.Ping;
import org.nettwin.protocols.app.PingOptions;
import org.nettwin.protocols.app.PingStyle;
import org.nettwin.protocols.env.Time;
import org.nettwin.protocols.stack.Bridge;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.protocols.value.IfAddr;
import org.nettwin.protocols.value.Ip4;
import org.nettwin.protocols.value.Mac;
import org.nettwin.scenarios.run.Network;
import org.nettwin.scenarios.spec.PingSpec;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.LinkParams;
import org.nettwin.sim.link.PortRef;

/**
 * Workload "gate-scale": seed 000 (examples/soracom-gate) with {@code devices} SORACOM Air devices instead of
 * four. The Gate side is the example's, written as a topology file and loaded as a user's is: the VPG as one
 * VTEP bridging its device port into VNI 10, both Gate Peers set up by the seed's {@code gate_init_vxlan.sh}
 * call and running the seed's keepalived.conf files, and {@code systemctl stop keepalived} on gp1 at
 * {@link #STOP_S} s in the scenario file.
 *
 * <p>The fleet is added in Java once the topology is built (a topology file with 100,000 devices would be
 * 8 MB, beyond the YAML reader's 3 MB limit): every device is a Linux IP stack on the overlay's subnet, as
 * dev10 is in the example, 10 ms from the carrier, pinging the VIP 172.16.0.150 once a second (iputils, as
 * the scenario's pings) from {@link #FIRST_PING_S} s + i/n s, so pings are spread over each second and
 * start when Gate Peer 1 has long been MASTER (protocol-facts §8.0 item 1: 3.414 s): every lost ping
 * belongs to the failover (§8.0 item 2). {@link Carrier} chooses how devices reach the VPG's device port.
 *
 * <p>Devices are numbered from 172.16.1.1 upwards, clear of the peers (.100, .101) and the VIP (.150). The
 * seed's overlay is a /16, which holds 65,278 such devices; a larger fleet gets the shortest prefix that
 * holds it, passed to {@code gate_init_vxlan.sh} as its VXLAN_NETMASK argument, and the same on the devices.
 */
public final class GateScale {
    private GateScale() {}

    public static final int CELL_SIZE = 1000;
    public static final int FIRST_PING_S = 5;
    public static final int STOP_S = 30;
    public static final int DURATION_S = 60;
    /** Device to carrier, as the example's devN-carrier links; the carrier to the VPG as its vpg-carrier link. */
    static final long DEVICE_DELAY_NS = Time.ms(10);
    static final long UPLINK_DELAY_NS = Time.ms(1);
    static final Ip4 FIRST_DEVICE = Ip4.of(172, 16, 1, 1);
    static final Ip4 OVERLAY = Ip4.of(172, 16, 0, 0);
    static final Ip4 VIP = Ip4.of(172, 16, 0, 150);
    static final String DEVICE = "dev";
    static final String CARRIER = "carrier";

    /** How devices reach the VPG. */
    public enum Carrier {
        /** One bearer per device ({@link CarrierNetwork}): devices never hear each other, as on a mobile network. */
        BEARERS,
        /**
         * The example's carrier switch, split into cells of {@link #CELL_SIZE} devices under one carrier
         * switch: one L2 broadcast domain, in which every device's ARP request reaches every device, and
         * so does each Gate Peer's ARP request for a device after a failover (n² frames).
         */
        SWITCHES
    }

    /** A generated workload: the scenario file to load and the fleet to add once its topology is built. */
    record Generated(Path scenario, LeanRun.Wiring wiring) {}

    /** The overlay prefix length: the seed's 16 unless the fleet needs a shorter one. */
    static int overlayPrefix(int devices) {
        for (int prefix = 16; prefix >= 8; prefix--) {
            long broadcast = Integer.toUnsignedLong(OVERLAY.bits()) + (1L << (32 - prefix)) - 1;
            if (Integer.toUnsignedLong(FIRST_DEVICE.bits()) + devices - 1 < broadcast) return prefix;
        }
        throw new IllegalArgumentException(devices + " devices do not fit in a /8 overlay");
    }

    /** The address of device {@code i} (0-based). */
    static Ip4 deviceAddress(int i) {
        return new Ip4(FIRST_DEVICE.bits() + i);
    }

    /** The seed 000 example's files gate-scale copies from its seed directory. */
    public static final List<String> SEED_FILES = List.of("gate_init_vxlan.sh", "gp1-keepalived.conf", "gp2-keepalived.conf");

    /** Writes the Gate side's topology and scenario; {@code seedDir} holds the seed 000 example's files. */
    static Generated generate(int devices, Path seedDir, Carrier carrier) {
        if (devices < 1) throw new IllegalArgumentException("gate-scale needs at least one device: " + devices);
        int prefix = overlayPrefix(devices);
        Map<String, CharSequence> files = new LinkedHashMap<>();
        for (String f : SEED_FILES) {
            files.put(f, GeneratedScenario.read(seedDir.resolve(f)));
        }
        files.put("gate-scale.topo.yml", topology(prefix));
        files.put("gate-scale.scenario.yml", "name: gate-scale\ntopology: gate-scale.topo.yml\nseed: 0\nduration: " + DURATION_S + "s\n"
                + "events:\n  - { at: " + STOP_S + "s, run: \"systemctl stop keepalived\", on: gp1 }\n");
        Path scenario = GeneratedScenario.write("gate-scale", files, "gate-scale.scenario.yml");
        return new Generated(scenario, (net, kernel) -> addFleet(devices, prefix, carrier, net, kernel));
    }

    /** The example's topology without its four devices and carrier switch: the VPG's eth1 waits for the fleet. */
    private static String topology(int prefix) {
        StringBuilder t = new StringBuilder("""
                # generated by nettwin bench gate-scale: seed 000 (examples/soracom-gate); the devices are added in Java
                name: gate-scale
                nodes:
                  vpg:
                    kind: router
                    interfaces:
                      eth0: { addresses: [100.67.12.4/27, 100.67.12.20/27] }
                      eth1:
                    routes: [ { to: 10.0.0.0/16, via: 100.67.12.1 } ]
                    setup:
                      - ip link add vxlan0 type vxlan id 10 dev eth0 dstport 4789
                      - bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.96
                      - bridge fdb append 00:00:00:00:00:00 dev vxlan0 dst 10.0.0.101
                      - ip link add br0 type bridge
                      - ip link set vxlan0 master br0
                      - ip link set eth1 master br0
                      - ip link set vxlan0 up
                      - ip link set br0 up
                  vpc-router:
                    kind: router
                    interfaces:
                      eth0: { address: 10.0.0.1/16 }
                      eth1: { address: 100.67.12.1/27 }
                  vpc: { kind: switch }
                """);
        gatePeer(t, "gp1", "10.0.0.96", "172.16.0.100", prefix, "10.0.0.101");
        gatePeer(t, "gp2", "10.0.0.101", "172.16.0.101", prefix, "10.0.0.96");
        t.append("""
                links:
                  - { endpoints: ["vpg:eth0", "vpc-router:eth1"], name: peering, delay: 2ms }
                  - { endpoints: ["vpc-router:eth0", "vpc:p0"], name: vpc-router-vpc, delay: 250us }
                  - { endpoints: ["gp1:eth0", "vpc:p1"], name: gp1-vpc, delay: 250us }
                  - { endpoints: ["gp2:eth0", "vpc:p2"], name: gp2-vpc, delay: 250us }
                """);
        return t.toString();
    }

    private static void gatePeer(StringBuilder t, String name, String phy, String overlay, int prefix, String otherPeer) {
        t.append("  ").append(name).append(":\n");
        t.append("    kind: router\n");
        t.append("    interfaces: { eth0: { address: ").append(phy).append("/16 } }\n");
        t.append("    routes: [ { to: default, via: 10.0.0.1 } ]\n");
        t.append("    files: { /home/ubuntu/gate_init_vxlan.sh: gate_init_vxlan.sh }\n");
        t.append("    setup:\n");
        t.append("      - /home/ubuntu/gate_init_vxlan.sh eth0 ").append(phy).append(" vxlan0 ").append(overlay).append(' ').append(prefix)
                .append(" 10 100.67.12.4 100.67.12.20 ").append(otherPeer).append('\n');
        t.append("      - sysctl -w net.ipv4.ip_nonlocal_bind=1\n");
        t.append("    keepalived: ").append(name).append("-keepalived.conf\n");
    }

    /** Adds the devices, their carrier and their pings; returns the names of the pings. */
    private static List<String> addFleet(int devices, int prefix, Carrier carrier, Network net, SimKernel kernel) {
        List<String> pings = new ArrayList<>(devices);
        PingOptions toVip = new PingOptions(VIP, 0, Time.S, PingSpec.DEFAULT_SIZE, PingSpec.defaultTimeoutNs(Time.S), null, PingStyle.IPUTILS);
        for (int i = 0; i < devices; i++) {
            String name = DEVICE + i;
            NodeStack device = new NodeStack(name, false);
            device.addInterface("eth0", 0, deviceMac(i), 1500);
            device.addAddress("eth0", new IfAddr(deviceAddress(i), prefix));
            kernel.addNode(name, device);
            Ping ping = new Ping(name, device, toVip);
            kernel.onNode(name, Time.s(FIRST_PING_S) + (long) i * Time.S / devices, "ping " + name + " start", ping::start);
            pings.add(name);
        }
        PortRef vpgPort = new PortRef("vpg", net.stack("vpg").iface("eth1").port());
        LinkParams uplink = LinkParams.ideal().withDelay(UPLINK_DELAY_NS);
        LinkParams access = LinkParams.ideal().withDelay(DEVICE_DELAY_NS);
        if (carrier == Carrier.BEARERS) {
            Ip4[] addresses = new Ip4[devices];
            for (int i = 0; i < devices; i++) addresses[i] = deviceAddress(i);
            kernel.addNode(CARRIER, new CarrierNetwork(addresses));
            kernel.connect("vpg-carrier", vpgPort, new PortRef(CARRIER, CarrierNetwork.UPLINK), uplink, uplink);
            for (int i = 0; i < devices; i++) kernel.connect(DEVICE + i + "-carrier", new PortRef(DEVICE + i, 0), new PortRef(CARRIER, i + 1), access, access);
        } else {
            int cells = (devices + CELL_SIZE - 1) / CELL_SIZE;
            kernel.addNode(CARRIER, new Bridge(cells + 1, Bridge.DEFAULT_AGEING_TIME_NS));
            kernel.connect("vpg-carrier", vpgPort, new PortRef(CARRIER, 0), uplink, uplink);
            for (int c = 0; c < cells; c++) {
                String cell = "cell" + c;
                int members = Math.min(CELL_SIZE, devices - c * CELL_SIZE);
                kernel.addNode(cell, new Bridge(members + 1, Bridge.DEFAULT_AGEING_TIME_NS));
                kernel.connect(cell + "-carrier", new PortRef(cell, 0), new PortRef(CARRIER, c + 1), LinkParams.ideal(), LinkParams.ideal());
                for (int m = 0; m < members; m++) {
                    int i = c * CELL_SIZE + m;
                    kernel.connect(DEVICE + i + "-" + cell, new PortRef(DEVICE + i, 0), new PortRef(cell, m + 1), access, access);
                }
            }
        }
        return pings;
    }

    /** Locally administered and unique per device: 02:00 followed by the device number. */
    static Mac deviceMac(int i) {
        return new Mac(0x020000000000L | (i & 0xffffffffL));
    }
}
