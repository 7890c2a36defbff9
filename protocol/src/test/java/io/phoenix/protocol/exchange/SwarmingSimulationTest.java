package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SwarmingSimulationTest {
    static SwarmSimulation.Setup setup(int nodes, Set<Integer> corrupt, long seed) {
        return new SwarmSimulation.Setup(nodes, 200, 64 * 1024, 1_000, 20, seed, corrupt, FetchConfig.defaults());
    }

    @Test
    void originUploadsEachBlockAboutOnceToNinePeers() {
        for (long seed = 1; seed <= 3; seed++) {
            SwarmSimulation sim = new SwarmSimulation(setup(10, Set.of(), seed));
            sim.run(3_600_000);
            for (var n : sim.nodes) assertEquals(200, n.held.size(), "node " + n.index + " incomplete");
            double ratio = sim.origin().uploadedBytes / (double) sim.snapshotBytes();
            long last = sim.nodes.stream().mapToLong(n -> n.completedAt).max().orElseThrow();
            System.out.printf("seed %d: origin sent %.2fx the snapshot; all complete at %d ms (one copy at origin rate: %d ms)%n",
                    seed, ratio, last, sim.snapshotBytes() / 1_000);
            assertTrue(ratio <= 1.5, "origin sent " + ratio + "x the snapshot");
        }
    }

    @Test
    void peerSendingBadBlocksIsDisconnectedAndEveryoneCompletes() {
        SwarmSimulation sim = new SwarmSimulation(setup(10, Set.of(3), 7));
        sim.run(3_600_000);
        var bad = sim.nodes.get(3);
        assertTrue(bad.uploadedBytes > 0, "the bad peer never served anything; the scenario tests nothing");
        for (var n : sim.nodes) {
            if (n == bad) continue;
            assertEquals(200, n.held.size(), "node " + n.index + " incomplete");
            if (n.fetching() && n.scheduler.badBlocks() > 0) {
                assertTrue(n.scheduler.isBanned(bad.id), "node " + n.index + " got a bad block but did not ban");
                assertTrue(!n.connected.contains(bad), "node " + n.index + " still connected to the bad peer");
            }
        }
        long banned = sim.nodes.stream().filter(n -> n.fetching() && n.scheduler.isBanned(bad.id)).count();
        assertTrue(banned >= 1, "nobody banned the bad peer");
        assertTrue(sim.nodes.stream().mapToLong(n -> n.scheduler.badBlocks()).sum() >= 1);
    }
}
