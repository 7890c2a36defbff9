package io.phoenix.protocol.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SwarmingSimulationTest {
    static SwarmSimulation.Setup setup(int nodes, Set<Integer> corrupt, long seed) {
        return new SwarmSimulation.Setup(nodes, 200, 64 * 1024, 1_000, 20, seed, corrupt, Set.of(), FetchConfig.defaults());
    }

    @Test
    void timeToReachAllSitesStaysNearlyFlat() {
        long one = 0;
        StringBuilder table = new StringBuilder("sites  all-verified  origin-sent  sequential-copy\n");
        for (int n : new int[] {2, 5, 10}) {
            SwarmSimulation sim = new SwarmSimulation(setup(n, Set.of(), 11));
            sim.run(3_600_000);
            for (var node : sim.nodes) assertEquals(200, node.held.size());
            long last = sim.nodes.stream().mapToLong(x -> x.completedAt).max().orElseThrow();
            double ratio = sim.origin().uploadedBytes / (double) sim.snapshotBytes();
            long sequential = (n - 1) * sim.snapshotBytes() / 1_000; // origin sends every copy itself
            table.append(String.format("%5d  %9d ms  %10.2fx  %12d ms%n", n - 1, last, ratio, sequential));
            if (n == 2) one = last;
            assertTrue(ratio <= 1.5, n + " nodes: origin sent " + ratio + "x");
            assertTrue(last <= 1.3 * one, n + " nodes took " + last + " ms, one site " + one + " ms");
        }
        System.out.print(table);
    }

    @Test
    void silentPeerIsRoutedAround() {
        SwarmSimulation sim = new SwarmSimulation(new SwarmSimulation.Setup(6, 100, 64 * 1024, 1_000, 20, 3, Set.of(),
                Set.of(2), FetchConfig.defaults()));
        sim.run(3_600_000);
        for (var n : sim.nodes) if (n.index != 2) assertEquals(100, n.held.size(), "node " + n.index + " incomplete");
        assertTrue(sim.nodes.stream().filter(x -> x.fetching()).mapToLong(x -> x.scheduler.timeouts()).sum() >= 1,
                "nobody ever waited on the silent peer; the scenario tests nothing");
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
            assertTrue(ratio <= 1.1, "origin sent " + ratio + "x the snapshot");
        }
    }

    /**
     * The testnet's shape: 1 origin + 10 receivers, 64 blocks of 512 KiB in three layers (mind,
     * body, spirit: each fetched before the next, so everyone chases the same few blocks at the end
     * of a layer), 4 MB/s uplinks, the daemon's fetch tuning, and slow announcements (300 ms each
     * way, like ten JVMs on two busy cores). The origin still sends each block about once.
     */
    @Test
    void originSendsEachBlockAboutOnceWithTheDaemonsTuningAndSlowPeers() {
        FetchConfig daemon = new FetchConfig(8, 64, 32L << 20, 500, 2_000, 60_000, 512 * 1024, 1_000, 16.0);
        for (long seed = 1; seed <= 3; seed++) {
            SwarmSimulation sim = new SwarmSimulation(new SwarmSimulation.Setup(11, 64, 512 * 1024, 4_000, 300, seed, Set.of(), Set.of(),
                    daemon, i -> i < 32 ? SnapshotWants.MIND : i < 51 ? SnapshotWants.BODY : SnapshotWants.SPIRIT));
            sim.run(3_600_000);
            for (var n : sim.nodes) assertEquals(64, n.held.size(), "node " + n.index + " incomplete");
            double ratio = sim.origin().uploadedBytes / (double) sim.snapshotBytes();
            long last = sim.nodes.stream().mapToLong(n -> n.completedAt).max().orElseThrow();
            System.out.printf("daemon tuning, seed %d: origin sent %.2fx; all complete at %d ms (ten sequential copies: %d ms)%n",
                    seed, ratio, last, 10 * sim.snapshotBytes() / 4_000);
            assertTrue(ratio <= 1.15, "origin sent " + ratio + "x the snapshot");
        }
    }

    /**
     * The same swarm with a window of 32 live wants over a 200-block snapshot: every node pulls
     * wants as blocks arrive, never holds more than the window, and the origin still uploads the
     * snapshot about once.
     */
    @Test
    void aSmallWindowOfLiveWantsKeepsTheOriginNearOneCopy() {
        int window = 32;
        for (long seed = 1; seed <= 3; seed++) {
            SwarmSimulation sim = new SwarmSimulation(new SwarmSimulation.Setup(10, 200, 64 * 1024, 1_000, 20, seed, Set.of(), Set.of(),
                    FetchConfig.defaults().withMaxLiveWants(window)));
            sim.run(3_600_000);
            for (var n : sim.nodes) assertEquals(200, n.held.size(), "node " + n.index + " incomplete");
            for (var n : sim.nodes) assertTrue(n.maxLive <= window, "node " + n.index + " held " + n.maxLive + " live wants");
            assertTrue(sim.nodes.stream().anyMatch(n -> n.maxLive == window), "the window was never full; the test proves nothing");
            double ratio = sim.origin().uploadedBytes / (double) sim.snapshotBytes();
            System.out.printf("window %d, seed %d: origin sent %.2fx the snapshot%n", window, seed, ratio);
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
