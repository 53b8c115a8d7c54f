package org.nettwin.topologies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.protocols.value.Prefix4;

/**
 * A cloud or carrier API that the nodes' scripts call, from the topology's top-level {@code clouds:} section
 * (docs/topology-format.md, "Clouds and carrier APIs"). Its name is also the name its changes are traced
 * under. {@code apiLatencyNs} is the modelled time from a request leaving a node to its answer arriving;
 * no source gives a figure for it (protocol-facts §8.0 item 5, §6), so it is a parameter.
 */
public sealed interface CloudSpec permits CloudSpec.Aws, CloudSpec.Soracom, CloudSpec.Gcp {
    /** Default API round trip: seconds, per protocol-facts §8.0 item 5 (UNVERIFIED). */
    long DEFAULT_API_LATENCY_NS = 1_000_000_000L;

    String name();

    long apiLatencyNs();

    SourcePos pos();

    /** What {@code kind:} selects. */
    enum Kind { AWS, SORACOM, GCP }

    /**
     * AWS EC2: route tables by id and the instance id of each node that runs as an EC2 instance (what its
     * instance metadata service answers). Every route's {@code instance} is a node named in {@code instances}.
     */
    record Aws(String name, long apiLatencyNs, Map<String, List<Route>> routeTables, Map<String, String> instanceIds,
               SourcePos pos) implements CloudSpec {
        public Aws {
            Map<String, List<Route>> tables = new LinkedHashMap<>();
            routeTables.forEach((table, routes) -> tables.put(table, List.copyOf(routes)));
            routeTables = Collections.unmodifiableMap(tables);
            instanceIds = Collections.unmodifiableMap(new LinkedHashMap<>(instanceIds));
        }
    }

    /** A route of an EC2 route table at the start of a run: {@code destination} to the instance of node {@code instance}. */
    record Route(Prefix4 destination, String instance, SourcePos pos) {}

    /** SORACOM Air: the SIMs by IMSI. */
    record Soracom(String name, long apiLatencyNs, Map<String, Sim> sims, SourcePos pos) implements CloudSpec {
        public Soracom {
            sims = Collections.unmodifiableMap(new LinkedHashMap<>(sims));
        }
    }

    /** A SIM: its speed class sets the rate of topology link {@code link} (both ways); {@code node} is its end of that link. */
    record Sim(String imsi, String link, String node, SourcePos pos) {}

    /**
     * A GCP project's VPC networks, each forwarded by one node of the topology (its {@code router}): the node that
     * hosts the network's Classic VPN gateways and runs `gcloud compute routes`, whose routes through a tunnel
     * become that node's routes (protocol-facts §5.4). {@code region} is where its tunnels are, as gcloud prints it.
     */
    record Gcp(String name, long apiLatencyNs, String project, String region, Map<String, String> networkRouters, SourcePos pos)
            implements CloudSpec {
        /** Defaults when the topology gives none: names only, they appear in gcloud's messages. */
        public static final String DEFAULT_PROJECT = "nettwin", DEFAULT_REGION = "asia-northeast1";

        public Gcp {
            networkRouters = Collections.unmodifiableMap(new LinkedHashMap<>(networkRouters));
        }
    }
}
