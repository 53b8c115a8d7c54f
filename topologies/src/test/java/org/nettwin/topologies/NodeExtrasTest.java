package org.nettwin.topologies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nettwin.protocols.config.ConfigError;
import org.nettwin.protocols.vrrp.KeepalivedProfile;

/** PPPoE and NAT interfaces, script files, setup commands and the keepalived version of a node. */
class NodeExtrasTest {
    @TempDir java.nio.file.Path dir;
    TopologyFiles files;

    @BeforeEach void setUp() {
        files = new TopologyFiles(dir);
    }

    @Test void pppNatFilesSetupAndKeepalivedVersion() throws Exception {
        files.write("ka.conf", "vrrp_instance VI_1 {\n}\n");
        files.write("master.sh", "#!/bin/sh\n");
        TopologySpec t = files.load("""
                nodes:
                  main:
                    kind: router
                    interfaces:
                      eth0: { address: 192.168.0.1/24 }
                      ppp0: { address: 203.0.113.10/32, ppp: { provider: dsl-provider, defaultroute: true }, nat: masquerade }
                    keepalived: { config: ka.conf, version: 1.2.13 }
                    files: { /etc/keepalived/master.sh: master.sh }
                    setup: [ "sysctl -w net.ipv4.ip_forward=1" ]
                  bras:
                    kind: router
                    interfaces:
                      ppp0: { address: 203.0.113.1/32, ppp: {} }
                links:
                  - endpoints: ["main:ppp0", "bras:ppp0"]
                """);
        NodeSpec main = t.nodes().get("main");
        InterfaceSpec ppp0 = main.iface("ppp0").orElseThrow();
        assertEquals(new PppSpec("dsl-provider", 1, true, PppSpec.DEFAULT_CONNECT_NS), ppp0.ppp());
        assertEquals(InterfaceSpec.PPPOE_MTU, ppp0.mtu());
        assertTrue(ppp0.masquerade());
        assertEquals(KeepalivedProfile.V1_2, main.keepalivedProfile());
        assertEquals(List.of("/etc/keepalived/master.sh"), List.copyOf(main.files().keySet()));
        assertEquals("sysctl -w net.ipv4.ip_forward=1", main.setup().get(0).command());
        assertEquals(KeepalivedProfile.V2_2, t.nodes().get("bras").keepalivedProfile());
    }

    @Test void relativeNodePathIsAnError() throws Exception {
        files.write("m.sh", "#!/bin/sh\n");
        ConfigError e = assertThrows(ConfigError.class, () -> files.load("""
                nodes:
                  h:
                    kind: host
                    files: { etc/m.sh: m.sh }
                """));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("'etc/m.sh' is not an absolute path on the node"), e.getMessage());
    }

    @Test void unknownKeepalivedVersion() {
        ConfigError e = assertThrows(ConfigError.class, () -> {
            files.write("k.conf", "");
            files.load("""
                    nodes:
                      h:
                        kind: host
                        keepalived: { config: k.conf, version: "3.0" }
                    """);
        });
        assertEquals(4, e.line());
        assertTrue(e.getMessage().contains("keepalived version '3.0' is not modelled"), e.getMessage());
    }
}
