package org.nettwin.scenarios.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nettwin.protocols.trace.TraceEvent;
import org.nettwin.protocols.trace.TraceRecord;
import org.nettwin.scenarios.run.Examples;
import org.nettwin.scenarios.run.RunOptions;
import org.nettwin.scenarios.run.ScenarioRunner;
import org.nettwin.scenarios.spec.ScenarioLoader;
import org.nettwin.scenarios.spec.ScenarioSpec;
import org.nettwin.topologies.CloudSpec;

/**
 * Seed 000, "Gate Peer as router" (seed-networks.md §1): the seed's notify scripts, run by keepalived on the
 * Gate Peers of examples/soracom-gate-lan/soracom-gate-route-table.*, move the VPC route of the device
 * subnet to each new master with delete-route then create-route (protocol-facts §8.0 item 5). Every
 * expected instant comes from the scenario's own files and the trace; none is typed in.
 */
class GatePeerRouteTableTest {
    static final String SCENARIO = "soracom-gate-lan/soracom-gate-route-table.scenario.yml";
    static final String TABLE = "rtb-212ba845";
    static final String DEVICES = "172.16.0.0/16";

    static ScenarioSpec spec;
    static ScenarioRunner.CompletedRun run;
    static RouteTableHistory history;
    static CloudSpec.Aws aws;
    static long latency;

    /** One MASTER transition and the two API requests its notify script sent. */
    record Swap(String node, long masterAt, long deleteSentAt, long createSentAt) {}

    @BeforeAll static void replay() throws Exception {
        spec = ScenarioLoader.load(Examples.file(SCENARIO));
        run = ScenarioRunner.execute(spec, RunOptions.quiet());
        aws = (CloudSpec.Aws) spec.topology().clouds().get("aws");
        latency = aws.apiLatencyNs();
        history = RouteTableHistory.fromTrace(run.trace(), aws.name());
    }

    private static List<Swap> swaps() {
        List<Swap> swaps = new ArrayList<>();
        for (TraceRecord r : run.trace()) {
            if (r.event() instanceof TraceEvent.StateChanged s && s.machine().equals("vrrp/VI_1") && s.to().equals("MASTER")) {
                long delete = firstLog(r.node(), r.time(), "request DeleteRoute " + TABLE + " " + DEVICES + " sent");
                long create = firstLog(r.node(), delete, "request CreateRoute " + TABLE + " " + DEVICES + " " + aws.instanceIds().get(r.node()) + " sent");
                swaps.add(new Swap(r.node(), r.time(), delete, create));
            }
        }
        return swaps;
    }

    private static long firstLog(String node, long from, String prefix) {
        return run.trace().stream()
                .filter(r -> r.time() >= from && r.node().equals(node) && r.event() instanceof TraceEvent.Log l && l.program().equals("aws") && l.text().startsWith(prefix))
                .mapToLong(TraceRecord::time).findFirst().orElseThrow(() -> new AssertionError(node + " never logged after " + from + ": " + prefix));
    }

    @Test @DisplayName("§8.0 items 1, 2, 4: the route follows the masters gp1, gp2, gp1 and starts at the topology's gp1")
    void routeFollowsTheMasters() {
        assertEquals(List.of("gp1", "gp2", "gp1"), swaps().stream().map(Swap::node).toList());
        assertEquals(Map.of(DEVICES, aws.instanceIds().get("gp1")), history.routesAt(TABLE, 0));
        assertEquals(Map.of(DEVICES, aws.instanceIds().get("gp1")), history.routesAt(TABLE, run.result().simulatedNs()));
    }

    @Test @DisplayName("§8.0 item 5: absent one API latency after delete-route is sent, the new master's instance one latency after create-route")
    void absentThenPresentAtTheApiAnswers() {
        for (Swap s : swaps()) {
            String previous = history.routesAt(TABLE, s.deleteSentAt() + latency - 1).get(DEVICES);
            assertTrue(previous != null && !previous.equals(AwsCloud.ABSENT), s + " found no route before the delete's answer");
            assertEquals(Map.of(), history.routesAt(TABLE, s.deleteSentAt() + latency), s.toString());
            assertEquals(Map.of(), history.routesAt(TABLE, s.createSentAt() + latency - 1), s.toString());
            assertEquals(Map.of(DEVICES, aws.instanceIds().get(s.node())), history.routesAt(TABLE, s.createSentAt() + latency), s.toString());
            // create-route leaves when the delete's answer is in and wget and aws have been forked: t + 2 latencies + 2 execs.
            long exec = spec.topology().nodes().get(s.node()).execLatencyNs();
            assertEquals(s.deleteSentAt() + 2 * latency + 2 * exec, s.createSentAt() + latency, s.toString());
        }
    }

    @Test @DisplayName("§8.0 item 5: the blackhole windows are exactly the spans between the two answers, one per MASTER transition")
    void blackholeWindows() {
        List<RouteTableHistory.Window> expected = swaps().stream()
                .map(s -> new RouteTableHistory.Window(s.deleteSentAt() + latency, s.createSentAt() + latency)).toList();
        assertEquals(expected, history.absentWindows(TABLE, DEVICES));
    }

    @Test @DisplayName("§8.0 item 5: only MASTER swaps the route (BACKUP, FAULT, STOP do nothing), and every API call succeeds")
    void onlyMasterCallsTheApi() {
        List<String> requests = run.trace().stream()
                .filter(r -> !r.node().equals(aws.name()) && r.event() instanceof TraceEvent.Log l && l.program().equals("aws"))
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        assertEquals(2 * swaps().size(), requests.size(), requests.toString());
        List<String> answers = run.trace().stream().filter(r -> r.node().equals(aws.name()) && r.event() instanceof TraceEvent.Log)
                .map(r -> ((TraceEvent.Log) r.event()).text()).toList();
        assertEquals(requests.size(), answers.size());
        assertTrue(answers.stream().allMatch(a -> a.endsWith(": ok")), answers.toString());
    }

    @Test @DisplayName("the API round trips stay deterministic with parallel hosts: same fingerprint and route history inline and with 2 threads")
    void deterministicWithActors() throws Exception {
        ScenarioRunner.CompletedRun parallel = ScenarioRunner.execute(spec, new RunOptions(null, null, null, 2, false, null));
        assertEquals(run.result().fingerprint(), parallel.result().fingerprint());
        assertEquals(history.changes(), RouteTableHistory.fromTrace(parallel.trace(), aws.name()).changes());
    }
}
