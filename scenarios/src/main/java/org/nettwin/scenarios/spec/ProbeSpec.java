package org.nettwin.scenarios.spec;

import org.nettwin.topologies.SourcePos;

/** Something a scenario measures while it runs. Names are unique within a scenario. */
public sealed interface ProbeSpec permits PingSpec, TracerouteSpec, UdpSpec {
    String name();

    /** The node the probe runs on. */
    String from();

    SourcePos pos();
}
