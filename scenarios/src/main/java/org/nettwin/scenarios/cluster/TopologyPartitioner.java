package org.nettwin.scenarios.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nettwin.topologies.LinkSpec;
import org.nettwin.topologies.TopologySpec;

/**
 * Splits a topology's nodes into k partitions by greedy graph growing (Karypis and Kumar's GGGP): nodes joined
 * by a zero-delay link are fused first (the kernel cannot cut such a link), then each partition grows from the
 * first free node in topology order, always taking the free neighbour with the most links into the partition
 * (ties: topology order), until it holds its share of nodes. Deterministic: the same topology always gives the
 * same assignment, on every member. Every cut link costs one remote hop per frame, and the cheapest cut link's
 * delay is the lookahead, so fewer cut links mean fewer cross-JVM frames; docs/distributed.md says what a
 * traffic-weighted cut would add.
 */
public final class TopologyPartitioner {
    private TopologyPartitioner() {}

    public static Map<String, Integer> split(TopologySpec topo, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1");
        List<String> nodes = new ArrayList<>(topo.nodes().keySet());
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) index.put(nodes.get(i), i);
        int[] fused = new int[nodes.size()];
        for (int i = 0; i < fused.length; i++) fused[i] = i;
        for (LinkSpec l : topo.links()) {
            if (Math.min(l.aToB().delayNs(), l.bToA().delayNs()) == 0) union(fused, index.get(l.a().node()), index.get(l.b().node()));
        }
        // Links between fused groups, counted per pair (parallel links weigh more: more frames cross them).
        int n = nodes.size();
        int[][] weight = new int[n][n];
        for (LinkSpec l : topo.links()) {
            int a = find(fused, index.get(l.a().node()));
            int b = find(fused, index.get(l.b().node()));
            if (a == b) continue;
            weight[a][b]++;
            weight[b][a]++;
        }
        int[] groupSize = new int[n];
        for (int i = 0; i < n; i++) groupSize[find(fused, i)]++;
        int[] partOfGroup = new int[n];
        Arrays.fill(partOfGroup, -1);
        int assigned = 0;
        for (int p = 0; p < partitions; p++) {
            int share = (n - assigned + (partitions - p) - 1) / (partitions - p);
            int size = 0;
            int[] pull = new int[n];
            while (size < share) {
                int next = -1;
                for (int g = 0; g < n; g++) {
                    if (find(fused, g) != g || partOfGroup[g] >= 0) continue;
                    if (next < 0 || pull[g] > pull[next]) next = g;
                }
                if (next < 0) break;
                partOfGroup[next] = p;
                size += groupSize[next];
                for (int g = 0; g < n; g++) pull[g] += weight[next][g];
            }
            assigned += size;
        }
        Map<String, Integer> result = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            // The last partition's share is everything left, so every group has a partition; with more
            // partitions than groups the surplus ones are empty and host nothing.
            result.put(nodes.get(i), partOfGroup[find(fused, i)]);
        }
        return result;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    }
}
