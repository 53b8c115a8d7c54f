package org.nettwin.scenarios.cloud;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.nettwin.protocols.shell.CommandResult;
import org.nettwin.sim.SimKernel;
import org.nettwin.sim.link.Direction;
import org.nettwin.sim.link.Link;
import org.nettwin.topologies.CloudSpec;
import org.nettwin.topologies.yaml.Units;

/**
 * A SORACOM account: its SIMs, each on one LTE link of the topology. A speed-class change sets that link's
 * rate in both directions when the API's answer is due (protocol-facts §6: the call's latency is a parameter).
 */
public final class SoracomCloud extends CloudService {
    /** The speed class of a SIM no API call has set yet, in traces. */
    public static final String UNSET = "unset";

    private final Map<String, CloudSpec.Sim> sims;
    /** IMSI -> speed class set through the API. */
    private final Map<String, String> speedClasses = new LinkedHashMap<>();

    SoracomCloud(CloudSpec.Soracom spec, SimKernel kernel) {
        super(spec.name(), "soracom", spec.apiLatencyNs(), kernel);
        this.sims = Map.copyOf(spec.sims());
    }

    /** The speed class last set for {@code imsi} through the API, if any. */
    public Optional<String> speedClass(String imsi) {
        return Optional.ofNullable(speedClasses.get(imsi));
    }

    /** Whether a SIM of this account sits on {@code node}, which then may call the API. */
    boolean hasSimOn(String node) {
        return sims.values().stream().anyMatch(s -> s.node().equals(node));
    }

    /** The trace name of a SIM's speed class: "sim/440101234567890". */
    public static String machine(String imsi) {
        return "sim/" + imsi;
    }

    /** Kernel thread, when the answer is due: `soracom sim update_speed_class` from {@code node}. */
    CommandResult updateSpeedClass(String node, String imsi, String speedClass) {
        String request = "UpdateSpeedClass " + imsi + " " + speedClass + " from " + node;
        CloudSpec.Sim sim = sims.get(imsi);
        if (sim == null) {
            log(request + ": no such SIM");
            warn("IMSI " + imsi + " (from " + node + ") is not a SIM of cloud '" + name() + "'; its SIMs: " + String.join(", ", sims.keySet()));
            return CommandResult.fail(1, "soracom: IMSI " + imsi + " is not a SIM of this account");
        }
        String before = speedClasses.getOrDefault(imsi, UNSET);
        speedClasses.put(imsi, speedClass);
        if (!before.equals(speedClass)) changed(machine(imsi), before, speedClass);
        OptionalLong bps = SpeedClasses.rateBps(speedClass);
        if (bps.isEmpty()) {
            warn("speed class " + speedClass + " has no known rate; link " + sim.link() + " keeps its rate");
            log(request + ": ok");
        } else {
            Link link = kernel.link(sim.link());
            for (Direction d : Direction.BOTH.singles()) link.setParams(d, link.params(d).withRate(bps.getAsLong()));
            log(request + ": ok, link " + sim.link() + " now " + Units.formatRate(bps.getAsLong()) + " both ways");
        }
        return CommandResult.ok();
    }
}
