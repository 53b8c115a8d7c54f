package org.nettwin.scenarios.run;

import org.nettwin.protocols.node.LinuxHost;
import org.nettwin.protocols.stack.NodeStack;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.LinkSpec;

/** A built network as a scenario timeline sees it, whichever runtime hosts it. */
public interface NetworkView {
    NodeStack stack(String node);

    LinuxHost host(String node);

    Link link(String name);

    LinkSpec linkSpec(String name);
}
